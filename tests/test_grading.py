"""The process-isolated grader on every assignment: the example class and the scenario catalogs.

Each assignment's class (example students plus one student per catalog entry) is graded
once per session through the public command line; the tests read the report, the
grades CSV, the gradebook, nbgrader's export and feedback.
"""
import json
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.assignment import load_assignment, notebook_name
from autograder.nbgrader_bridge import generate_release
from conftest import REPO, assignments, catalog, golden_rounded, load_json, make_course_root, roster, run_cli, submission_hashes
from examples.make_class import build_class


def _gradebook_rows(root):
    """{(student, grade cell): (auto score, needs manual grade)} from nbgrader's database."""
    import sqlite3
    with sqlite3.connect(root / "gradebook.db") as db:
        rows = db.execute("select submitted_assignment.student_id, base_cell.name, grade.auto_score, "
                          "grade.needs_manual_grade from grade "
                          "join submitted_notebook on grade.notebook_id = submitted_notebook.id "
                          "join submitted_assignment on submitted_notebook.assignment_id = submitted_assignment.id "
                          "join base_cell on grade.cell_id = base_cell.id").fetchall()
    return {(r[0], r[1]): (r[2], r[3]) for r in rows}


def _assignment(name):
    return load_assignment(REPO, name)


def _test_of(name, function):
    return next(t.id for t in _assignment(name).tests if t.function == function)


def _scenarios(kind):
    return [pytest.param(a, s, id=f"{a}:{s}") for a in assignments() for s in sorted(getattr(catalog(a), kind))]


@pytest.mark.parametrize("assignment", assignments())
def test_report_has_the_documented_shape(graded_class, assignment):
    report = graded_class(assignment)["report"]
    points = _assignment(assignment).points
    assert set(report) == set(roster(assignment))
    for student, entry in report.items():
        assert {"total", "max", "status", "tests"} <= set(entry), student
        assert entry["status"] in ("graded", "failed") and entry["max"] == sum(points.values())
        for test_id, test in entry["tests"].items():
            assert set(test) == {"points", "max_points", "status", "message"}
            assert test["status"] in ("passed", "failed", "error", "timeout", "missing")
            function = next(t.function for t in _assignment(assignment).tests if t.id == test_id)
            assert function in test_id
            assert test["max_points"] == points[test_id]


@pytest.mark.parametrize("assignment", assignments())
def test_solution_scores_full_marks_and_blank_release_zero(graded_class, assignment):
    report = graded_class(assignment)["report"]
    full = _assignment(assignment).max_points
    assert report["perfect-student"]["total"] == full
    assert all(t["status"] == "passed" for t in report["perfect-student"]["tests"].values())
    blank = report["blank-release"]
    assert blank["status"] == "graded" and blank["total"] == 0
    for test in blank["tests"].values():
        assert test["status"] == "error" and "not implemented yet" in test["message"]


@pytest.mark.parametrize("assignment, scenario", _scenarios("WRONG"))
def test_each_wrong_implementation_loses_exactly_its_functions_points(graded_class, assignment, scenario):
    function = catalog(assignment).WRONG[scenario][0]
    own = _test_of(assignment, function)
    entry = graded_class(assignment)["report"][f"wrong-{scenario}"]
    for test_id, test in entry["tests"].items():
        if test_id == own:
            assert test["status"] in ("failed", "error") and test["points"] == 0, test
        else:
            assert test["status"] == "passed", (test_id, test)
    assert entry["total"] == _assignment(assignment).max_points - _assignment(assignment).points[own]


@pytest.mark.parametrize("assignment, scenario", _scenarios("VALID"))
def test_each_valid_alternative_scores_full_marks(graded_class, assignment, scenario):
    entry = graded_class(assignment)["report"][f"valid-{scenario}"]
    assert entry["total"] == _assignment(assignment).max_points, entry["tests"]


@pytest.mark.parametrize("assignment", assignments())
def test_catalog_has_three_mistakes_and_two_alternatives_per_function(assignment):
    cat = catalog(assignment)
    for test in _assignment(assignment).tests:
        assert sum(fn == test.function for fn, _ in cat.WRONG.values()) >= 3, test.function
        assert sum(fn == test.function for fn, _ in cat.VALID.values()) >= 2, test.function


@pytest.mark.parametrize("assignment", assignments())
def test_unreadable_notebook_is_failed_with_a_reason_not_a_zero(graded_class, assignment):
    graded = graded_class(assignment)
    entry = graded["report"]["notebook-not-json"]
    assert entry["status"] == "failed" and entry["total"] is None
    assert "not valid JSON" in entry["reason"]
    rows = (graded["root"] / "grades.csv").read_text().splitlines()
    row = next(r for r in rows if ",notebook-not-json," in r)
    assert row.startswith(f"{assignment},notebook-not-json,,{entry['max']:g},failed,the notebook is not valid JSON")


@pytest.mark.parametrize("assignment", assignments())
def test_function_that_never_returns_costs_only_its_own_test(graded_class, assignment):
    function = catalog(assignment).NEVER_RETURNS[0]
    own = _test_of(assignment, function)
    student = next(s for s, scenario in catalog(assignment).EXAMPLE_CLASS.items() if scenario == "never-returns")
    entry = graded_class(assignment)["report"][student]
    assert entry["tests"][own]["status"] == "timeout"
    assert "did not return within 3 s" in entry["tests"][own]["message"]
    assert all(t["status"] == "passed" for tid, t in entry["tests"].items() if tid != own)


@pytest.mark.parametrize("assignment", assignments())
def test_submissions_are_not_modified(graded_class, assignment):
    graded = graded_class(assignment)
    assert submission_hashes(graded["root"]) == graded["before"]


@pytest.mark.numeric
@pytest.mark.parametrize("assignment", assignments())
def test_report_matches_golden(graded_class, assignment, update_golden):
    golden = REPO / "tests" / "golden" / f"{assignment}_report.json"
    report = golden_rounded(graded_class(assignment)["report"])
    if update_golden:
        golden.write_text(json.dumps(report, indent=2, sort_keys=True) + "\n")
    assert golden.is_file(), "run pytest --update-golden once to create the golden report"
    assert report == golden_rounded(load_json(golden)), \
        "report changed: inspect the difference, then pytest --update-golden"


@pytest.mark.parametrize("assignment", assignments())
def test_nbgrader_export_reads_our_grades(graded_class, assignment):
    graded = graded_class(assignment)
    root = graded["root"]
    proc = subprocess.run([sys.executable, "-m", "nbgrader", "export", "--to", "nbexport.csv",
                           f"--CourseDirectory.root={root}"], cwd=root, capture_output=True, text=True,
                          env={"PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stderr
    rows = {line.split(",")[3]: line.split(",") for line in (root / "nbexport.csv").read_text().splitlines()[1:]}
    for student, entry in graded["report"].items():
        if entry["status"] == "graded":
            assert float(rows[student][7]) == entry["total"], student


@pytest.mark.parametrize("assignment", assignments())
def test_nbgrader_feedback_shows_verdicts_and_no_hidden_tests(graded_class, assignment):
    graded = graded_class(assignment)
    root = graded["root"]
    proc = run_cli(root, "feedback", assignment)
    assert proc.returncode == 0, proc.stderr + proc.stdout
    notebook = notebook_name(assignment).replace(".ipynb", ".html")
    failing = next(s for s, e in graded["report"].items()
                   if e["status"] == "graded" and any(t["status"] == "failed" for t in e["tests"].values()))
    message = next(t["message"] for t in graded["report"][failing]["tests"].values() if t["status"] == "failed")
    html = (root / "feedback" / failing / assignment / notebook).read_text()
    assert "[FAILED]" in html and message.split(":")[0] in html
    for path in (root / "feedback").rglob("*.html"):
        text = path.read_text()
        assert "HIDDEN TESTS" not in text and "test.hidden(" not in text, path
        assert "BEGIN SOLUTION" not in text


@pytest.mark.parametrize("assignment", assignments())
def test_regrading_one_student_changes_only_that_entry(graded_class, assignment):
    graded = graded_class(assignment)
    root = graded["root"]
    (root / "regrade.json").write_text(json.dumps(graded["report"]))
    notebook = notebook_name(assignment)
    target = root / "submitted" / "blank-release" / assignment / notebook
    original = target.read_bytes()
    rows_before = _gradebook_rows(root)
    try:
        build_class(root, assignment, notebook, {"blank-release": "solution"})
        proc = run_cli(root, "grade", assignment, "--report", "regrade.json", "--student", "blank-release")
        assert proc.returncode == 0, proc.stderr
    finally:
        target.write_bytes(original)
    after = load_json(root / "regrade.json")
    assert after["blank-release"]["total"] == _assignment(assignment).max_points
    assert {k: v for k, v in after.items() if k != "blank-release"} == \
           {k: v for k, v in graded["report"].items() if k != "blank-release"}
    rows_after = _gradebook_rows(root)
    changed = {key for key in rows_after if rows_after[key] != rows_before.get(key)}
    assert changed and {student for student, _ in changed} == {"blank-release"}
    assert set(rows_after) == set(rows_before)


@pytest.mark.slow
@pytest.mark.parametrize("assignment", assignments())
def test_nbgrader_autograde_with_in_kernel_hidden_tests_agrees(graded_class, assignment, tmp_path):
    """The source's hidden-test regions keep `nbgrader autograde` working and agree with our grader."""
    notebook = notebook_name(assignment)
    root = make_course_root(tmp_path / "course")
    students = {"perfect-student": "solution", "blank-release": "blank"}
    wrong = next(iter(catalog(assignment).WRONG))
    students[f"wrong-{wrong}"] = wrong
    generate_release(root, assignment)   # nbgrader autograde needs the assignment in its gradebook
    build_class(root, assignment, notebook, students)
    env = {"PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin", "MPLBACKEND": "Agg", "HOME": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-m", "nbgrader", "autograde", assignment, "--force"], cwd=root,
                          capture_output=True, text=True, env=env, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        scores = {s: gb.find_submission(assignment, s).score for s in students}
    ours = graded_class(assignment)["report"]
    assert scores == {s: ours[s]["total"] for s in students}
