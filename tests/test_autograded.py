"""The autograded notebooks: valid nbformat, the release's text as it is, students' markdown sanitized,
and no HTML stack loaded for a submission whose markdown is the release's."""
import json
import subprocess
import sys

import nbformat

from autograder import autograded
from autograder.assignment import load_assignment
from conftest import make_course_root
from examples.make_class import build_class

ASSIGNMENT, NOTEBOOK = "initialization", "initialization.ipynb"


def _entry(assignment):
    return {"tests": {t.id: {"status": "passed", "points": 1.0, "max_points": 1.0, "message": "all cases agree"}
                      for t in assignment.tests}}


def _course(tmp_path, edit=None):
    root = make_course_root(tmp_path / "course")
    build_class(root, ASSIGNMENT, NOTEBOOK, {"alice": "solution"})
    path = root / "submitted" / "alice" / ASSIGNMENT / NOTEBOOK
    if edit:
        nb = json.loads(path.read_text())
        edit(nb)
        path.write_text(json.dumps(nb))
    return root, path


def test_release_markdown_stays_as_written_and_a_students_is_sanitized(tmp_path):
    def edit(nb):
        markdown = [c for c in nb["cells"] if c["cell_type"] == "markdown"]
        markdown[1]["source"] = "My notes: <script>alert(1)</script> **He** works best."
        nb["cells"].append({"cell_type": "raw", "metadata": {}, "source": "<img src=x onerror=alert(1)>"})
    root, path = _course(tmp_path, edit)
    assignment = load_assignment(root, ASSIGNMENT)
    target = autograded.write_autograded(root, assignment, "alice", path, _entry(assignment))
    written = nbformat.read(str(target), as_version=4)
    nbformat.validate(written)
    release = nbformat.read(str(root / "release" / ASSIGNMENT / NOTEBOOK), as_version=4)
    release_text = [c.source for c in release.cells if c.cell_type == "markdown"]
    ours = [c.source for c in written.cells if c.cell_type == "markdown"]
    assert ours[0] == release_text[0] and ours[2:len(release_text)] == release_text[2:]
    assert ours[1].startswith('<div class="student-markdown">') and "<script>" not in ours[1]
    assert "&lt;script&gt;" in ours[1] and "<strong>He</strong>" in ours[1]
    assert ours[-1].startswith('<div class="student-markdown"><pre>&lt;img'), ours[-1]
    # Each test cell is the release's, with the verdict as its output.
    tests = [c for c in written.cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert [c.metadata.nbgrader.grade_id for c in tests] == [t.id for t in assignment.tests]
    assert all(c.outputs[0].text.startswith("[PASSED] 1 / 1 points") for c in tests)


def test_a_submission_with_the_releases_markdown_is_written_without_nbconvert(tmp_path):
    root, path = _course(tmp_path)
    probe = (
        "import sys; from autograder import autograded; from autograder.assignment import load_assignment; "
        f"a = load_assignment({str(root)!r}, {ASSIGNMENT!r}); "
        "entry = {'tests': {t.id: {'status': 'passed', 'points': 1.0, 'max_points': 1.0, 'message': 'ok'} "
        "for t in a.tests}}; "
        f"autograded.write_autograded({str(root)!r}, a, 'alice', {str(path)!r}, entry); "
        "print(sorted(m for m in ('nbconvert', 'nbformat', 'bleach', 'matplotlib') if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=root, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.strip() == "[]"
    nbformat.validate(nbformat.read(str(root / "autograded" / "alice" / ASSIGNMENT / NOTEBOOK), as_version=4))


def test_a_release_text_with_the_students_attachments_loses_them(tmp_path):
    def edit(nb):
        cell = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
        cell["attachments"] = {"x.svg": {"image/svg+xml": "PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+"}}
    root, path = _course(tmp_path, edit)
    assignment = load_assignment(root, ASSIGNMENT)
    target = autograded.write_autograded(root, assignment, "alice", path, _entry(assignment))
    assert "attachments" not in json.loads(target.read_text())["cells"][0]


def test_the_release_text_keeps_the_releases_own_attachments(tmp_path):
    """A release markdown cell that shows `attachment:` needs that attachment in the autograded notebook,
    or nbconvert's renderer fails the student's feedback page."""
    png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg=="
    root, path = _course(tmp_path)
    release_path = root / "release" / ASSIGNMENT / NOTEBOOK
    release = json.loads(release_path.read_text())
    shown = next(c for c in release["cells"] if c["cell_type"] == "markdown")
    shown["source"] = "A picture: ![dot](attachment:dot.png)"
    shown["attachments"] = {"dot.png": {"image/png": png}}
    release_path.write_text(json.dumps(release))
    submission = json.loads(path.read_text())
    first = next(c for c in submission["cells"] if c["cell_type"] == "markdown")
    first["source"] = shown["source"]
    first["attachments"] = {"dot.png": {"image/png": png[:-8] + "AAAAAAA="}}   # the student's own: not used
    path.write_text(json.dumps(submission))
    assignment = load_assignment(root, ASSIGNMENT)
    target = autograded.write_autograded(root, assignment, "alice", path, _entry(assignment))
    written = json.loads(target.read_text())["cells"][0]
    assert written["source"] == [shown["source"]] and written["attachments"] == {"dot.png": {"image/png": png}}
    nbformat.validate(nbformat.read(str(target), as_version=4))
