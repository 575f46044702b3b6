"""Keep nbgrader's tools working on our courses: releases, feedback pages and grade exports.

nbgrader's `generate_assignment` makes the releases (stamped here with what they were generated from),
its `generate_feedback` renders the autograded notebooks (autograder/autograded.py) into feedback pages,
and `export` reads the gradebook (autograder/gradebook.py). Each runs as nbgrader's own command.
"""
import hashlib
import importlib.metadata
import json
import subprocess
import sys
from pathlib import Path

from autograder import notebook_io, notebook_metadata
from autograder.assignment import notebook_name
from autograder.gradebook import NOT_GRADED, db_url

GENERATED_KEY = "course_release"


def _patterns(names, present):
    """Assignment ids to run an nbgrader command with: its glob "*" when that matches exactly `names`
    among the folders `present` (one nbgrader process instead of one per assignment: each costs
    seconds of imports), else each name."""
    names = list(dict.fromkeys(names))
    return ["*"] if len(names) > 1 and sorted(names) == sorted(set(present)) else names


def _nbgrader(root, command, assignment_id):
    cmd = [sys.executable, "-m", "nbgrader", command, assignment_id, "--force", f"--CourseDirectory.root={root}",
           "--log-level=WARN"]
    return subprocess.run(cmd, cwd=root, capture_output=True, text=True)


def generate_releases(course_root, names):
    """Run nbgrader generate_assignment for the named assignments, then stamp each release with what it
    was generated from; returns the release notebooks' paths, in the order of `names`."""
    root = Path(course_root).resolve()
    present = [p.name for p in (root / "source").iterdir() if p.is_dir()]
    for pattern in _patterns(names, present):
        proc = _nbgrader(root, "generate_assignment", pattern)
        if proc.returncode != 0:
            raise RuntimeError(f"nbgrader generate_assignment {pattern} failed:\n{proc.stdout}\n{proc.stderr}")
    return [_stamp(root, name, notebook_name(name)) for name in names]


def generate_release(course_root, assignment_name):
    """One assignment's release (generate_releases); returns its path."""
    return generate_releases(course_root, [assignment_name])[0]


def _stamp(root, assignment_name, notebook):
    source = root / "source" / assignment_name / notebook
    release = root / "release" / assignment_name / notebook
    nb = notebook_metadata.complete(notebook_io.read_json(release))
    nb["metadata"][GENERATED_KEY] = {
        "generated_from": f"source/{assignment_name}/{notebook}",
        "source_sha256": hashlib.sha256(source.read_bytes()).hexdigest(),
        "generator": f"python -m autograder release (nbgrader {importlib.metadata.version('nbgrader')} "
                     f"generate_assignment)",
        "note": "Generated file: edit the source notebook and regenerate instead of editing this one.",
    }
    release.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return release


def generate_feedback(course_root, names):
    """nbgrader generate_feedback for every graded student of the named assignments; returns its exit status
    (the first that is not 0), with nbgrader's own output passed on."""
    root = Path(course_root).resolve()
    present = [p.name for p in root.glob("autograded/*/*") if p.is_dir()]
    for pattern in _patterns(names, present):
        proc = _nbgrader(root, "generate_feedback", pattern)
        sys.stdout.write(proc.stdout)
        sys.stderr.write(proc.stderr)
        if proc.returncode != 0:
            return proc.returncode
    return 0


def export_grades(course_root, path):
    """CSV of every submission in the gradebook; one that could not be graded says so, and why.

    Columns: assignment, student, score, max_score, status ("graded" or "not graded"), reason.
    A score is empty, never 0, when any of its autograded cells has no score.
    """
    import csv

    from nbgrader.api import Gradebook
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
