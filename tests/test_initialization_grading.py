"""The process-isolated grader on the Initialization assignment.

One course root holds the example class and every catalog scenario; the class is
graded once per test session through the public command line, and the tests read
the report, the gradebook, the exports and the feedback.
"""
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, catalog, load_json, make_course_root
from autograder.suites.initialization import HIDDEN
from autograder.nbgrader_bridge import generate_release
from examples.make_class import build_class

ASSIGNMENT = "initialization"
NOTEBOOK = "initialization.ipynb"
TESTS = {"initialize_parameters_zeros": "test_initialize_parameters_zeros",
         "initialize_parameters_random": "test_initialize_parameters_random",
         "initialize_parameters_he": "test_initialize_parameters_he"}
POINTS = {"test_initialize_parameters_zeros": 2.0, "test_initialize_parameters_random": 3.0,
          "test_initialize_parameters_he": 3.0}


def _roster():
    cat = catalog(ASSIGNMENT)
    roster = dict(cat.EXAMPLE_CLASS)
    roster.update({f"wrong-{k}": k for k in cat.WRONG})
    roster.update({f"valid-{k}": k for k in cat.VALID})
    return roster


def _hashes(root):
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((root / "submitted").rglob("*")) if p.is_file()}


def _cli(root, *args):
    return subprocess.run([sys.executable, "-m", "autograder", *args], cwd=root,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = make_course_root(tmp_path_factory.mktemp("course") / "course", call_seconds=3)
    build_class(root, ASSIGNMENT, NOTEBOOK, _roster())
    before = _hashes(root)
    proc = _cli(root, "grade", ASSIGNMENT, "--report", "report.json", "--csv", "grades.csv")
    assert proc.returncode == 0, proc.stderr
    return {"root": root, "report": load_json(root / "report.json"), "before": before, "stdout": proc.stdout}


def test_report_has_the_documented_shape(graded):
    report = graded["report"]
    assert set(report) == set(_roster())
    for student, entry in report.items():
        assert {"total", "max", "status", "tests"} <= set(entry), student
        assert entry["status"] in ("graded", "failed") and entry["max"] == 8.0
        for test_id, test in entry["tests"].items():
            assert set(test) == {"points", "max_points", "status", "message"}
            assert test["status"] in ("passed", "failed", "error", "timeout", "missing")
            assert any(fn in test_id for fn in TESTS)
            assert test["max_points"] == POINTS[test_id]


def test_solution_scores_full_marks_and_blank_release_zero(graded):
    report = graded["report"]
    assert report["perfect-student"]["total"] == 8.0
    assert all(t["status"] == "passed" for t in report["perfect-student"]["tests"].values())
    blank = report["blank-release"]
    assert blank["status"] == "graded" and blank["total"] == 0
    for test in blank["tests"].values():
        assert test["status"] == "error" and "not implemented yet" in test["message"]


@pytest.mark.parametrize("scenario", sorted(catalog(ASSIGNMENT).WRONG))
def test_each_wrong_implementation_loses_exactly_its_functions_points(graded, scenario):
    function, _ = catalog(ASSIGNMENT).WRONG[scenario]
    entry = graded["report"][f"wrong-{scenario}"]
    for test_id, test in entry["tests"].items():
        if test_id == TESTS[function]:
            assert test["status"] == "failed" and test["points"] == 0, test
        else:
            assert test["status"] == "passed", (test_id, test)
    assert entry["total"] == 8.0 - POINTS[TESTS[function]]


@pytest.mark.parametrize("scenario", sorted(catalog(ASSIGNMENT).VALID))
def test_each_valid_alternative_scores_full_marks(graded, scenario):
    entry = graded["report"][f"valid-{scenario}"]
    assert entry["total"] == 8.0, entry["tests"]


def test_catalog_is_large_enough():
    cat = catalog(ASSIGNMENT)
    for function in TESTS:
        assert sum(fn == function for fn, _ in cat.WRONG.values()) >= 3
        assert sum(fn == function for fn, _ in cat.VALID.values()) >= 2


def test_hard_coding_the_visible_case_earns_nothing(graded):
    for scenario in ("zeros-hardcodes-visible-case", "random-hardcodes-visible-case", "he-hardcodes-visible-cases"):
        function, _ = catalog(ASSIGNMENT).WRONG[scenario]
        test = graded["report"][f"wrong-{scenario}"]["tests"][TESTS[function]]
        wrong, total = map(int, test["message"].split(" cases wrong")[0].split(" of "))
        assert test["points"] == 0 and wrong >= len(HIDDEN) and total > len(HIDDEN)


def test_unreadable_notebook_is_failed_with_a_reason_not_a_zero(graded):
    entry = graded["report"]["notebook-not-json"]
    assert entry["status"] == "failed" and entry["total"] is None
    assert "not valid JSON" in entry["reason"]
    rows = (graded["root"] / "grades.csv").read_text().splitlines()
    row = next(r for r in rows if ",notebook-not-json," in r)
    assert row.startswith("initialization,notebook-not-json,,8,failed,the notebook is not valid JSON")


def test_function_that_never_returns_costs_only_its_own_test(graded):
    entry = graded["report"]["he-never-returns"]
    assert entry["tests"]["test_initialize_parameters_he"]["status"] == "timeout"
    assert "did not return within 3 s" in entry["tests"]["test_initialize_parameters_he"]["message"]
    assert entry["total"] == 5.0


def test_feedback_messages_name_the_mistake_without_hidden_values(graded):
    xavier = graded["report"]["wrong-he-uses-xavier-scale"]["tests"]["test_initialize_parameters_he"]
    assert "0.7071 times the expected" in xavier["message"] and "Hint:" in xavier["message"]
    forgets_seed = graded["report"]["wrong-random-forgets-seed"]["tests"]["test_initialize_parameters_random"]
    assert "np.random.seed(3)" in forgets_seed["message"]
    # Hidden cases are described by number, never by their layer sizes.
    for entry in graded["report"].values():
        for test in entry["tests"].values():
            assert "[5, 4, 3, 2, 1]" not in test["message"] and "[300, 200, 1]" not in test["message"]


def test_submissions_are_not_modified(graded):
    assert _hashes(graded["root"]) == graded["before"]


def test_report_matches_golden(graded, update_golden):
    golden = REPO / "tests" / "golden" / "initialization_report.json"
    text = json.dumps(graded["report"], indent=2, sort_keys=True) + "\n"
    if update_golden:
        golden.write_text(text)
    assert golden.is_file(), "run pytest --update-golden once to create the golden report"
    assert json.loads(text) == load_json(golden), "report changed: inspect, then pytest --update-golden"


def test_nbgrader_export_reads_our_grades(graded):
    root = graded["root"]
    proc = subprocess.run([sys.executable, "-m", "nbgrader", "export", "--to", "nbexport.csv",
                           f"--CourseDirectory.root={root}"], cwd=root, capture_output=True, text=True,
                          env={"PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin"})
    assert proc.returncode == 0, proc.stderr
    rows = {line.split(",")[3]: line.split(",") for line in (root / "nbexport.csv").read_text().splitlines()[1:]}
    for student, entry in graded["report"].items():
        if entry["status"] == "graded":
            assert float(rows[student][7]) == entry["total"], student


def test_nbgrader_feedback_shows_verdicts_and_no_hidden_tests(graded):
    root = graded["root"]
    proc = _cli(root, "feedback", ASSIGNMENT)
    assert proc.returncode == 0, proc.stderr + proc.stdout
    html = (root / "feedback" / "wrong-he-uses-xavier-scale" / ASSIGNMENT / "initialization.html").read_text()
    assert "0.7071 times the expected" in html
    for path in (root / "feedback").rglob("*.html"):
        text = path.read_text()
        assert "HIDDEN TESTS" not in text and "run_hidden_tests" not in text, path
        assert "BEGIN SOLUTION" not in text


def test_regrading_one_student_changes_only_that_entry(graded, tmp_path):
    root = graded["root"]
    report_copy = root / "regrade.json"
    report_copy.write_text(json.dumps(graded["report"]))
    target = root / "submitted" / "blank-release" / ASSIGNMENT / NOTEBOOK
    original = target.read_bytes()
    try:
        build_class(root, ASSIGNMENT, NOTEBOOK, {"blank-release": "solution"})
        proc = _cli(root, "grade", ASSIGNMENT, "--report", "regrade.json", "--student", "blank-release")
        assert proc.returncode == 0, proc.stderr
    finally:
        target.write_bytes(original)
    after = load_json(report_copy)
    assert after["blank-release"]["total"] == 8.0
    assert {k: v for k, v in after.items() if k != "blank-release"} == \
           {k: v for k, v in graded["report"].items() if k != "blank-release"}


@pytest.mark.slow
def test_nbgrader_autograde_with_in_kernel_hidden_tests_agrees(tmp_path):
    """The source's hidden-test regions keep `nbgrader autograde` working and agree with our grader."""
    root = make_course_root(tmp_path / "course")
    roster = {"perfect-student": "solution", "he-uses-xavier-scale": "he-uses-xavier-scale",
              "blank-release": "blank"}
    generate_release(root, ASSIGNMENT, NOTEBOOK)   # nbgrader autograde needs the assignment in its gradebook
    build_class(root, ASSIGNMENT, NOTEBOOK, roster)
    env = {"PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin", "MPLBACKEND": "Agg", "HOME": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-m", "nbgrader", "autograde", ASSIGNMENT, "--force"], cwd=root,
                          capture_output=True, text=True, env=env, timeout=900)
    assert proc.returncode == 0, proc.stderr[-3000:]
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}") as gb:
        scores = {s: gb.find_submission(ASSIGNMENT, s).score for s in roster}
    assert scores == {"perfect-student": 8.0, "he-uses-xavier-scale": 5.0, "blank-release": 0.0}
