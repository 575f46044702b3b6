"""The instructor's side of the nbgrader exchange round trip, glued to our grader (docs/classroom.md).

nbgrader's own commands release assignments and feedback through the exchange; three steps need glue:

- collect: `nbgrader collect` follows links in what students submitted (a link to a file only the
  instructor can read would be collected, graded and returned); it collects here from a copy of the
  submissions without links, special files or oversized files. It also opens the gradebook, which
  runs the `alembic` beside this Python: it runs with that folder on PATH.
- review: a submission our grader could not read (not JSON, missing, too large) is flagged for manual
  grading and has no autograded notebook, so formgrader cannot open it. This writes one for it, made
  from the release (never from the submission) with the reason on top, so the instructor can give
  points in formgrader.
- return-feedback: feedback for every submission with a score for each test, released to the exchange;
  a flagged submission waits until it has been graded by hand.
"""
import os
import re
import shutil
import stat
import subprocess
import sys
from pathlib import Path

# nbformat and nbgrader are imported where used: `python -m autograder` registers these
# subcommands on every start, and nbformat's JSON-schema stack takes seconds to import.

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


# A student id as it may name folders under submitted/ (nbgrader takes it from the submission's folder name).
STUDENT_ID = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.@-]{0,63}")
MAX_FILES = 100   # per submission; each file at most the course's notebook_bytes


def _exchange_of(course_root):
    """(exchange root, course id) as nbgrader reads them from the course's nbgrader_config.py."""
    from nbgrader.coursedir import CourseDirectory
    from nbgrader.exchange.default.exchange import Exchange
    from traitlets.config.loader import PyFileConfigLoader
    config = PyFileConfigLoader("nbgrader_config.py", path=str(course_root)).load_config()
    return Path(Exchange(config=config).root), CourseDirectory(config=config).course_id


def _owner(info):
    import pwd
    try:
        return pwd.getpwuid(info.st_uid).pw_name
    except KeyError:
        return f"uid {info.st_uid}"


def _copy_submission(source, target, max_bytes):
    """Copy a folder a student wrote: regular files and folders only, never following a link.

    Returns what was left out, as a list of reasons. os.fwalk does not enter a link to a folder and
    opens every folder without following links, so a folder swapped for a link while we copy is not
    entered either; each file is opened with O_NOFOLLOW.
    """
    left_out, files = [], 0
    for top, dirs, names, top_fd in os.fwalk(source, follow_symlinks=False):
        rel = Path(top).relative_to(source)
        (target / rel).mkdir(parents=True, exist_ok=True)
        for name in dirs:   # a link to a folder is listed here and not entered
            if stat.S_ISLNK(os.stat(name, dir_fd=top_fd, follow_symlinks=False).st_mode):
                left_out.append(f"{rel / name}: a link")
        for name in names:
            try:
                fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=top_fd)
            except OSError:
                left_out.append(f"{rel / name}: a link or unreadable")
                continue
            with os.fdopen(fd, "rb") as f:
                info = os.fstat(f.fileno())
                if not stat.S_ISREG(info.st_mode):
                    left_out.append(f"{rel / name}: not a regular file")
                elif info.st_size > max_bytes:
                    left_out.append(f"{rel / name}: larger than {max_bytes} bytes")
                elif files >= MAX_FILES:
                    left_out.append(f"{rel / name}: more than {MAX_FILES} files")
                else:
                    (target / rel / name).write_bytes(f.read(max_bytes + 1)[:max_bytes])
                    files += 1
    return left_out


def _safe_inbound(course_root, assignment, scratch):
    """Copy the exchange's submissions of `assignment` into scratch/<course>/inbound/, safely.

    nbgrader collect copies with shutil.copytree, which follows links: a student who submits a link to
    a file only the instructor can read (the source notebook, a key) would have its content collected,
    graded and returned as feedback. Here every submission folder is copied without links, special
    files, oversized files or names nbgrader cannot parse, and what is left out is said.
    Returns (copied entries, notes).
    """
    from nbgrader.utils import parse_utc
    from autograder.config import load_limits
    exchange, course_id = _exchange_of(course_root)
    inbound = exchange / course_id / "inbound"
    target = scratch / course_id / "inbound"
    target.mkdir(parents=True)
    max_bytes = load_limits(course_root).notebook_bytes
    copied, notes = [], []
    if not inbound.is_dir():
        return copied, [f"no exchange for course {course_id} at {inbound}: nothing released yet?"]
    for entry in sorted(os.scandir(inbound), key=lambda e: e.name):
        parts = entry.name.rsplit("+", 3)
        if len(parts) < 3 or parts[1] != assignment:
            continue
        student = parts[0]
        info = entry.stat(follow_symlinks=False)
        if not stat.S_ISDIR(info.st_mode):
            notes.append(f"{entry.name!r} left out: not a folder (a link or a file)")
            continue
        if not STUDENT_ID.fullmatch(student):
            notes.append(f"{entry.name!r} left out: {student!r} is not a student id this course accepts")
            continue
        try:
            parse_utc(parts[2])
        except Exception:
            notes.append(f"{entry.name!r} left out: its timestamp cannot be read")
            continue
        if _owner(info) != student:
            notes.append(f"{entry.name!r} is named for {student} but owned by {_owner(info)}")
        left_out = _copy_submission(Path(entry.path), target / entry.name, max_bytes)
        notes += [f"{entry.name!r}: left out {why}" for why in left_out]
        copied.append(entry.name)
    return copied, notes


def collect(course_root, assignment):
    """The latest submission of each student, from the exchange into submitted/ (nbgrader collect --update).

    nbgrader collects from a copy of the exchange's submissions made by _safe_inbound; it still
    decides which submission is each student's latest and writes submitted/ as it always does.
    """
    import tempfile
    root = Path(course_root).resolve()
    with tempfile.TemporaryDirectory(prefix="collect-") as scratch:
        copied, notes = _safe_inbound(root, assignment, Path(scratch))
        for note in notes:
            print(f"note: {note}")
        if not copied:
            print(f"{assignment}: nothing submitted yet")
            return 0
        status = nbgrader(root, "collect", assignment, "--update", "--log-level=INFO", f"--Exchange.root={scratch}",
                          "--ExchangeCollect.check_owner=False")   # owners are checked above, on the originals
    if status == 0:
        submitted = root / "submitted"
        students = sorted(p.parent.name for p in submitted.glob(f"*/{assignment}") if p.is_dir())
        print(f"{assignment}: submitted/ holds {len(students)} submission(s): {', '.join(students)}")
    return status


def _flagged(course_root, assignment):
    """{(student, notebook): reason} for the gradebook's submitted notebooks that have a test without a score."""
    from nbgrader.api import Gradebook, MissingEntry

    from autograder import gradebook
    out = {}
    with Gradebook(gradebook.db_url(course_root)) as gb:
        try:
            found = gb.find_assignment(assignment)
        except MissingEntry:
            raise ValueError(f"{assignment} has no grades yet: run `python -m autograder grade {assignment}` first")
        for submission in found.submissions:
            for nb in submission.notebooks:
                # nbgrader's Grade.score says 0 when there is neither an auto nor a manual score: not a grade.
                if not any(g.auto_score is None and g.manual_score is None for g in nb.grades):
                    continue
                reasons = sorted({c.auto_comment[len(gradebook.NOT_GRADED):].strip()
                                  for c in nb.comments if (c.auto_comment or "").startswith(gradebook.NOT_GRADED)})
                out[(submission.student.id, nb.notebook.name)] = "; ".join(reasons) or "no automatic grade"
    return out


def _manual_grading_notebook(course_root, assignment, student, notebook, reason):
    """The release notebook, outputs cleared, under a note saying why there is no automatic grade."""
    import nbformat

    from autograder import feedback_markdown
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
    note = nbformat.v4.new_markdown_cell(feedback_markdown.as_text("\n".join(lines)))
    note["id"] = "manual-grading-note"
    release.cells.insert(0, note)
    return release


def review(course_root, assignment):
    """Write an autograded notebook for each flagged submission that has none; returns the students."""
    import nbformat
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
