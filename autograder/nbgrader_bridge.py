"""Keep nbgrader's tools working on our grades: gradebook, autograded notebooks, releases.

nbgrader's `export`, `generate_feedback` and formgrader read the gradebook
(gradebook.db) and the notebooks under autograded/. We write both, from the
trusted grader's results. The autograded notebook shows each test cell as the
student saw it in the release (hidden tests never enter it) with our verdict as
its output, so nbgrader's feedback cannot leak hidden tests either.
"""
import copy
import hashlib
import json
import os
import subprocess
import sys
import warnings
from pathlib import Path

# nbgrader's Gradebook runs the `alembic` command found on PATH; make it the one beside this
# interpreter, so the grader works from a virtual environment that was never activated.
_BIN = os.path.dirname(sys.executable)
if _BIN not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = _BIN + os.pathsep + os.environ.get("PATH", "")

import nbformat
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.preprocessors import SaveCells
from sqlalchemy.exc import SAWarning

GENERATED_KEY = "course_release"
NOT_GRADED = "NOT GRADED by python -m autograder:"


def db_url(course_root):
    return f"sqlite:///{Path(course_root).resolve() / 'gradebook.db'}"


def notebook_id(assignment):
    return Path(assignment.notebook).stem


def ensure_assignment(course_root, assignment):
    """Record the assignment's notebook and grade cells in the gradebook (as generate_assignment does)."""
    with Gradebook(db_url(course_root)) as gb:
        try:
            gb.find_notebook(notebook_id(assignment), assignment.name)
            return
        except MissingEntry:
            gb.update_or_create_assignment(assignment.name)
    nb = nbformat.read(str(assignment.source_path), as_version=4)
    resources = {"nbgrader": {"db_url": db_url(course_root), "assignment": assignment.name,
                              "notebook": notebook_id(assignment)}}
    SaveCells().preprocess(nb, resources)


def record_grades(course_root, assignment, results):
    """Write auto scores for every graded student; leave a failed student's grades empty.

    An empty (None) auto score is what nbgrader shows as "needs manual grading", never as a
    score: a submission the grader could not read is flagged for a person to look at.
    """
    ensure_assignment(course_root, assignment)
    nb_id = notebook_id(assignment)
    with warnings.catch_warnings(), Gradebook(db_url(course_root)) as gb:
        # nbgrader's own update_or_create_submission trips an SQLAlchemy autoflush warning; harmless.
        warnings.simplefilter("ignore", SAWarning)
        for student, entry in results.items():
            gb.update_or_create_student(student)
            gb.update_or_create_submission(assignment.name, student)
            for test in assignment.tests:
                grade = gb.find_grade(test.id, nb_id, assignment.name, student)
                if entry["status"] == "graded":
                    grade.auto_score = float(entry["tests"][test.id]["points"])
                    grade.needs_manual_grade = False
                else:
                    grade.auto_score = None
                    grade.needs_manual_grade = True
            # The reason a submission could not be graded goes on its answer cells' comments,
            # where formgrader shows it; a later successful grade clears it.
            for cell in assignment.answer_cells:
                try:
                    comment = gb.find_comment(cell, nb_id, assignment.name, student)
                except MissingEntry:
                    continue
                if entry["status"] == "graded":
                    if (comment.auto_comment or "").startswith(NOT_GRADED):
                        comment.auto_comment = None
                else:
                    comment.auto_comment = f"{NOT_GRADED} {entry.get('reason', '')}"
            gb.db.commit()


def write_autograded(course_root, assignment, student, submitted_path, entry):
    """autograded/<student>/<assignment>/<notebook>: the submission with our verdicts as test outputs."""
    release_path = Path(course_root) / "release" / assignment.name / assignment.notebook
    release = json.loads(release_path.read_text(encoding="utf-8"))
    release_tests = {c["metadata"]["nbgrader"]["grade_id"]: c for c in release["cells"]
                     if c.get("metadata", {}).get("nbgrader", {}).get("grade")}
    nb = json.loads(Path(submitted_path).read_text(encoding="utf-8"))
    out_cells = []
    for cell in nb.get("cells", []):
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id") if isinstance(cell, dict) else None
        if gid in release_tests:
            continue   # re-inserted below from the release, in release order
        cell = copy.deepcopy(cell)
        if cell.get("cell_type") == "code":
            cell["outputs"], cell["execution_count"] = [], None
        out_cells.append(cell)
    # Put each test cell (release version) right after its answer cell, or at the end.
    for test in assignment.tests:
        tcell = copy.deepcopy(release_tests[test.id])
        result = entry["tests"][test.id]
        text = (f"[{result['status'].upper()}] {result['points']:g} / {result['max_points']:g} points\n"
                f"{result['message']}\n")
        tcell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": text}]
        index = next((i + 1 for i, c in enumerate(out_cells)
                      if c.get("metadata", {}).get("nbgrader", {}).get("grade_id") == test.cell), len(out_cells))
        out_cells.insert(index, tcell)
    nb["cells"] = out_cells
    target = Path(course_root) / "autograded" / student / assignment.name / assignment.notebook
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nbformat.from_dict(nb), str(target))
    return target


def generate_release(course_root, assignment_name, notebook):
    """Run nbgrader generate_assignment, then stamp the release with what it was generated from."""
    root = Path(course_root).resolve()
    cmd = [sys.executable, "-m", "nbgrader", "generate_assignment", assignment_name, "--force",
           f"--CourseDirectory.root={root}", "--log-level=WARN"]
    proc = subprocess.run(cmd, cwd=root, capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"nbgrader generate_assignment {assignment_name} failed:\n{proc.stdout}\n{proc.stderr}")
    source = root / "source" / assignment_name / notebook
    release = root / "release" / assignment_name / notebook
    nb = json.loads(release.read_text(encoding="utf-8"))
    import nbgrader
    nb["metadata"][GENERATED_KEY] = {
        "generated_from": f"source/{assignment_name}/{notebook}",
        "source_sha256": hashlib.sha256(source.read_bytes()).hexdigest(),
        "generator": f"python -m autograder release (nbgrader {nbgrader.__version__} generate_assignment)",
        "note": "Generated file: edit the source notebook and regenerate instead of editing this one.",
    }
    release.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return release


def export_grades(course_root, path):
    """CSV of every submission in the gradebook; one that could not be graded says so, and why.

    Columns: assignment, student, score, max_score, status ("graded" or "not graded"), reason.
    A score is empty, never 0, when any of its autograded cells has no score.
    """
    import csv
    rows = []
    with Gradebook(db_url(course_root)) as gb:
        for assignment in gb.assignments:
            for submission in assignment.submissions:
                grades = [g for nb in submission.notebooks for g in nb.grades]
                missing = [g for g in grades if g.auto_score is None and g.manual_score is None]
                reasons = {c.auto_comment for nb in submission.notebooks for c in nb.comments
                           if (c.auto_comment or "").startswith(NOT_GRADED)}
                if missing:
                    reason = "; ".join(sorted(r[len(NOT_GRADED):].strip() for r in reasons)) or "no score recorded"
                    rows.append([assignment.name, submission.student.id, "", f"{assignment.max_score:g}",
                                 "not graded", reason])
                else:
                    rows.append([assignment.name, submission.student.id, f"{submission.score:g}",
                                 f"{assignment.max_score:g}", "graded", ""])
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["assignment", "student", "score", "max_score", "status", "reason"])
        writer.writerows(sorted(rows))
    return path
