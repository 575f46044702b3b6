"""The instructor's side of the nbgrader exchange round trip, glued to our grader (docs/classroom.md).

nbgrader's own commands release assignments and feedback through the exchange; three steps need glue:

- collect: `nbgrader collect` opens the gradebook, which runs the `alembic` beside this Python; it is
  run here with that folder on PATH, so the course works from a virtual environment never activated.
- review: a submission our grader could not read (not JSON, missing, too large) is flagged for manual
  grading and has no autograded notebook, so formgrader cannot open it. This writes one for it, made
  from the release (never from the submission) with the reason on top, so the instructor can give
  points in formgrader.
- return-feedback: feedback for every submission with a score for each test, released to the exchange;
  a flagged submission waits until it has been graded by hand.
"""
import os
import shutil
import stat
import subprocess
import sys
from pathlib import Path

import nbformat

from autograder import nbgrader_bridge

BIN = os.path.dirname(sys.executable)
# Our nbconvert templates (classroom/share/nbconvert/templates): feedback pages without a script from a CDN.
TEMPLATES = Path(__file__).resolve().parent.parent / "classroom" / "share"


def nbgrader(course_root, *args):
    """Run an nbgrader command on the course root, with the alembic it needs on PATH; returns its exit status."""
    root = Path(course_root).resolve()
    env = dict(os.environ, PATH=BIN + os.pathsep + os.environ.get("PATH", ""))
    if TEMPLATES.is_dir():
        env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(TEMPLATES), os.environ.get("JUPYTER_PATH")]))
    cmd = [sys.executable, "-m", "nbgrader", *args, f"--CourseDirectory.root={root}"]
    return subprocess.run(cmd, cwd=root, env=env).returncode


def collect(course_root, assignment):
    """nbgrader collect: the latest submission of each student, from the exchange into submitted/."""
    status = nbgrader(course_root, "collect", assignment, "--update", "--log-level=INFO")
    if status == 0:
        submitted = Path(course_root) / "submitted"
        students = sorted(p.parent.name for p in submitted.glob(f"*/{assignment}") if p.is_dir()) if submitted.is_dir() else []
        print(f"{assignment}: submitted/ holds {len(students)} submission(s): {', '.join(students)}"
              if students else f"{assignment}: nothing submitted yet")
    return status


def _flagged(course_root, assignment):
    """{(student, notebook): reason} for the gradebook's submitted notebooks that have a test without a score."""
    from nbgrader.api import Gradebook, MissingEntry
    out = {}
    with Gradebook(nbgrader_bridge.db_url(course_root)) as gb:
        try:
            found = gb.find_assignment(assignment)
        except MissingEntry:
            raise ValueError(f"{assignment} has no grades yet: run `python -m autograder grade {assignment}` first")
        for submission in found.submissions:
            for nb in submission.notebooks:
                # nbgrader's Grade.score says 0 when there is neither an auto nor a manual score: not a grade.
                if not any(g.auto_score is None and g.manual_score is None for g in nb.grades):
                    continue
                reasons = sorted({c.auto_comment[len(nbgrader_bridge.NOT_GRADED):].strip()
                                  for c in nb.comments if (c.auto_comment or "").startswith(nbgrader_bridge.NOT_GRADED)})
                out[(submission.student.id, nb.notebook.name)] = "; ".join(reasons) or "no automatic grade"
    return out


def _manual_grading_notebook(course_root, assignment, student, notebook, reason):
    """The release notebook, outputs cleared, under a note saying why there is no automatic grade."""
    release = nbformat.read(Path(course_root) / "release" / assignment / f"{notebook}.ipynb", as_version=4)
    for cell in release.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    # Student ids are folder names the student chose; reasons may quote the submission: both shown as text.
    lines = [
        "NOT GRADED AUTOMATICALLY: this submission needs a grade by hand.",
        f"Reason: {reason}",
        f"The submitted file: submitted/{student}/{assignment}/{notebook}.ipynb (read it as text).",
        "Below are the assignment's cells as released, not the student's answers: give each test its points.",
    ]
    note = nbformat.v4.new_markdown_cell(nbgrader_bridge._as_text("\n".join(lines)))
    note["id"] = "manual-grading-note"
    release.cells.insert(0, note)
    return release


def review(course_root, assignment):
    """Write an autograded notebook for each flagged submission that has none; returns the students."""
    root = Path(course_root).resolve()
    made = []
    for (student, notebook), reason in sorted(_flagged(root, assignment).items()):
        target = root / "autograded" / student / assignment / f"{notebook}.ipynb"
        if target.exists():
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(_manual_grading_notebook(root, assignment, student, notebook, reason), target)
        made.append(student)
    return made


STAMPS = ("timestamp.txt", "submission_secret.txt")   # written by nbgrader submit, in the student's folder


def _copy_small_file(source, target, limit=4096):
    """Copy a short regular file that a student wrote; never follow a link, never read more than `limit` bytes."""
    try:
        fd = os.open(source, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return False
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            return False
        data = f.read(limit + 1)
    if len(data) > limit:
        return False
    target.write_bytes(data)
    return True


def return_feedback(course_root, assignment):
    """Generate feedback and release it to the exchange for every submission with all its scores.

    Returns (released, waiting): students whose feedback went out, and flagged students still
    without a manual grade (their feedback is not generated).
    """
    root = Path(course_root).resolve()
    review(root, assignment)
    waiting = sorted({student for student, _ in _flagged(root, assignment)})
    status = nbgrader(root, "generate_feedback", assignment, "--force", "--log-level=WARN")
    if status != 0:
        raise RuntimeError(f"nbgrader generate_feedback {assignment} failed (exit {status})")
    for student in waiting:
        shutil.rmtree(root / "feedback" / student / assignment, ignore_errors=True)
    feedback = root / "feedback"
    ready = sorted(p.parent.name for p in feedback.glob(f"*/{assignment}") if p.is_dir()) if feedback.is_dir() else []
    for student in ready:
        # release_feedback names the feedback after the submission's secret and logs its timestamp; nbgrader's
        # autograde would have carried both over, our grader writes only the notebook.
        for name in STAMPS:
            _copy_small_file(root / "submitted" / student / assignment / name, feedback / student / assignment / name)
    if ready:
        status = nbgrader(root, "release_feedback", assignment, "--log-level=WARN")
        if status != 0:
            raise RuntimeError(f"nbgrader release_feedback {assignment} failed (exit {status})")
    return ready, waiting


def _cmd_collect(args):
    return collect(args.course_root, args.assignment)


def _cmd_review(args):
    made = review(args.course_root, args.assignment)
    print(f"ready for manual grading in formgrader: {', '.join(made)}" if made
          else "no flagged submission without a notebook for formgrader")
    return 0


def _cmd_return_feedback(args):
    ready, waiting = return_feedback(args.course_root, args.assignment)
    print(f"feedback released to the exchange for: {', '.join(ready) or 'nobody'}")
    if waiting:
        print(f"waiting for a manual grade in formgrader (no feedback yet): {', '.join(waiting)}")
    return 0


def add_subcommands(sub):
    """Register collect, review and return-feedback on the `python -m autograder` subparsers."""
    c = sub.add_parser("collect", help="collect the latest submissions from the exchange into submitted/ "
                                       "(nbgrader collect)")
    c.add_argument("assignment")
    c.set_defaults(func=_cmd_collect)
    r = sub.add_parser("review", help="make flagged (could-not-be-graded) submissions gradable by hand in formgrader")
    r.add_argument("assignment")
    r.set_defaults(func=_cmd_review)
    f = sub.add_parser("return-feedback", help="generate feedback for fully graded submissions and release it "
                                               "to the exchange (flagged ones wait for a manual grade)")
    f.add_argument("assignment")
    f.set_defaults(func=_cmd_return_feedback)
