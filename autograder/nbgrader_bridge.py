"""Keep nbgrader's tools working on our grades: gradebook, autograded notebooks, releases.

nbgrader's `export`, `generate_feedback` and formgrader read the gradebook
(gradebook.db) and the notebooks under autograded/. We write both, from the
trusted grader's results. The autograded notebook shows each test cell as the
student saw it in the release (hidden tests never enter it) with our verdict as
its output, so nbgrader's feedback cannot leak hidden tests either.
"""
import hashlib
import html
import json
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

# nbformat imports jsonschema, which builds rfc3987_syntax's IRI grammar as it is imported: 1.4 s of CPU
# in every grade. Only jsonschema's "iri" format checks use that grammar; nbformat validates with
# fastjsonschema and checks no formats, and the grader validates nothing else. So, unless something in
# this process loaded jsonschema already, it is loaded without the IRI checks (jupyter_events, their only
# user here, runs in Jupyter's own processes).
_SKIP_IRI = "jsonschema" not in sys.modules and "rfc3987_syntax" not in sys.modules
if _SKIP_IRI:
    sys.modules["rfc3987_syntax"] = None   # makes jsonschema's guarded import fail, so it skips those checks
try:
    import bleach
    import nbformat
    from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath
    from nbconvert.filters.strings import strip_files_prefix
finally:
    if _SKIP_IRI:
        del sys.modules["rfc3987_syntax"]

from autograder import notebook_io, notebook_metadata
# The gradebook is written without nbgrader (autograder/gradebook.py); these names stay importable from here.
from autograder.gradebook import NOT_GRADED, db_url, record_grades  # noqa: F401

GENERATED_KEY = "course_release"


# What may appear in feedback HTML that came from a submission: text structure, tables, links
# and plain images. No script, style, forms, frames, SVG or MathML; no event handlers.
_SAFE_TAGS = {"a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt",
              "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "input", "kbd", "li", "mark",
              "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup",
              "table", "tbody", "td", "tfoot", "th", "thead", "tr", "u", "ul", "var"}
_HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}
_NAME = re.compile(r"[A-Za-z0-9_ -]{0,200}")
_NUMBER = re.compile(r"[0-9]{1,5}")
_DATA_IMAGE = re.compile(r"data:image/(png|jpeg|gif);base64,[A-Za-z0-9+/]+={0,2}")
_LARGEST_MARKDOWN = 200_000   # characters; longer cells are shown as text, not parsed as markdown
_ONE_LINE = '<div class="student-markdown">{}</div>'


def _safe_attribute(tag, name, value):
    # Values reach us with character references undecoded; browsers decode them, then ignore
    # control characters and spaces in URLs, as bleach does when it checks schemes.
    url = re.sub(r"[\x00-\x20\x7f-\xa0\s]+", "", html.unescape(value)).lower()
    if name in ("href", "src") and re.match(r"/?files/", url):
        return False   # the feedback template strips one "files/" prefix, which could reveal a scheme
    if name in ("title", "alt"):
        return True
    if name == "class":
        return bool(_NAME.fullmatch(value))
    if name == "id":
        return tag in _HEADINGS and bool(_NAME.fullmatch(value))
    if tag == "a" and name == "href":   # bleach refuses schemes other than http(s) and mailto
        return not url.startswith("data:")
    if tag == "img" and name == "src":
        return not url.startswith("data:") or bool(_DATA_IMAGE.fullmatch(value))
    if tag == "input":
        return (name, value) == ("type", "checkbox") or name in ("checked", "disabled")
    return name in ("width", "height", "colspan", "rowspan", "start") and bool(_NUMBER.fullmatch(value))


_CLEANER = bleach.Cleaner(tags=_SAFE_TAGS, attributes=_safe_attribute,
                          protocols={"http", "https", "mailto", "data"}, strip=False, strip_comments=True)


class _FeedbackRenderer(IPythonRenderer):
    """nbconvert's renderer, except that an image attachment is embedded only when it is a plain
    image, and a missing one is not an error (nbconvert raises, which would stop the feedback)."""

    def _embed_image_or_attachment(self, src):
        if not src.startswith("attachment:"):
            return src
        bundle = self.attachments.get(src[len("attachment:"):], {})
        mime = next((m for m in ("image/png", "image/jpeg", "image/gif") if m in bundle), None)
        return f"data:{mime};base64,{bundle[mime]}" if mime else ""


def _markdown_to_html(source, attachments):
    """What nbconvert's markdown2html filter makes of the source, as the feedback template applies it."""
    renderer = _FeedbackRenderer(escape=False, attachments=attachments)
    return strip_files_prefix(MarkdownWithMath(renderer=renderer).render(source))


def _verbatim_markdown(fragment):
    """Markdown source that nbconvert renders as exactly this HTML fragment, or None.

    One line opening with <div> is one HTML block to the markdown parser, passed through as it is;
    newlines become character references so the line never ends early. Checked by rendering it.
    """
    line = _ONE_LINE.format(re.sub(r"\r\n?|\n", "&#10;", fragment))
    return line if _markdown_to_html(line, {}).strip() == line else None


def _as_text(source):
    """The source shown as plain preformatted text: every character that could be markup escaped."""
    text = html.escape(source).replace("=", "&#61;").replace("[", "&#91;")
    return _verbatim_markdown(f"<pre>{text}</pre>") or "*(this cell could not be shown safely)*"


def safe_markdown(source, attachments=None):
    """A markdown cell's source, made safe to render: nbconvert will produce the sanitized HTML of
    the student's markdown (script, event handlers, javascript: links and non-image data removed or
    shown as text), or, when that cannot be done, the source as plain text."""
    if len(source) <= _LARGEST_MARKDOWN:
        try:
            rendered = _markdown_to_html(source, attachments or {})
        except Exception:   # a markdown parser choking on a pathological cell: show it as text
            rendered = None
        safe = _verbatim_markdown(_CLEANER.clean(rendered)) if rendered is not None else None
        if safe is not None:
            return safe
    return _as_text(source)


def _unique_id(wanted, used):
    cell_id = wanted if wanted and wanted not in used else f"cell-{len(used)}"
    while cell_id in used:
        cell_id += "x"
    used.add(cell_id)
    return cell_id


def _feedback_cell(cell, release_cells):
    """A cell for the autograded notebook: code as it is (nbconvert highlights and escapes it),
    markdown sanitized, raw cells as text; nbgrader metadata only from the release's same cell."""
    release = release_cells.get(cell.grade_id)
    metadata = {"nbgrader": dict(release.nbgrader)} if release and release.cell_type == cell.cell_type else {}
    if cell.cell_type == "code":
        return nbformat.v4.new_code_cell(cell.source, metadata=metadata)
    if cell.cell_type == "markdown":
        return nbformat.v4.new_markdown_cell(safe_markdown(cell.source, cell.attachments), metadata=metadata)
    return nbformat.v4.new_markdown_cell(_as_text(cell.source))


def write_autograded(course_root, assignment, student, submitted_path, entry, max_bytes=None):
    """autograded/<student>/<assignment>/<notebook>: the submission with our verdicts as test outputs.

    Built from the normalised submission: nothing of its structure is taken as it is, everything
    that nbconvert renders as HTML is sanitized, and the notebook metadata is the release's.
    """
    release = notebook_io.read_trusted(Path(course_root) / "release" / assignment.name / assignment.notebook)
    release_cells = {c.grade_id: c for c in release.cells if c.grade_id}
    test_ids = {test.id for test in assignment.tests}
    submission = notebook_io.read_submission(submitted_path, max_bytes)
    cells, used = [], set()
    for cell in submission.cells:
        if cell.grade_id in test_ids:
            continue   # re-inserted below from the release, in release order
        cells.append((cell.grade_id, _unique_id(cell.id, used), _feedback_cell(cell, release_cells)))
    # Put each test cell (release version) right after its answer cell, or at the end.
    for test in assignment.tests:
        result = entry["tests"][test.id]
        text = (f"[{result['status'].upper()}] {result['points']:g} / {result['max_points']:g} points\n"
                f"{result['message']}\n")
        tcell = nbformat.v4.new_code_cell(release_cells[test.id].source,
                                          metadata={"nbgrader": dict(release_cells[test.id].nbgrader)},
                                          outputs=[nbformat.v4.new_output("stream", name="stdout", text=text)])
        index = next((i + 1 for i, (gid, _, _) in enumerate(cells) if gid == test.cell), len(cells))
        cells.insert(index, (test.id, _unique_id(release_cells[test.id].id, used), tcell))
    for _, cell_id, cell in cells:
        cell["id"] = cell_id
    nb = nbformat.v4.new_notebook(cells=[cell for _, _, cell in cells], metadata=release.metadata)
    nbformat.validate(nb)
    target = _autograded_path(course_root, assignment, student)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=target.name + ".")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(nbformat.writes(nb))
    os.replace(tmp, target)
    return target


def _autograded_path(course_root, assignment, student):
    return Path(course_root) / "autograded" / student / assignment.name / assignment.notebook


def remove_autograded(course_root, assignment, student):
    """Drop a student's autograded notebook, so no feedback is made from an outdated one."""
    _autograded_path(course_root, assignment, student).unlink(missing_ok=True)


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
    nb = notebook_metadata.complete(notebook_io.read_json(release))
    import nbgrader
    nb["metadata"][GENERATED_KEY] = {
        "generated_from": f"source/{assignment_name}/{notebook}",
        "source_sha256": hashlib.sha256(source.read_bytes()).hexdigest(),
        "generator": f"python -m autograder release (nbgrader {nbgrader.__version__} generate_assignment)",
        "note": "Generated file: edit the source notebook and regenerate instead of editing this one.",
    }
    release.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return release


def generate_feedback(course_root, assignment_name):
    """nbgrader generate_feedback for every graded student of the assignment; returns its exit status."""
    root = Path(course_root).resolve()
    cmd = [sys.executable, "-m", "nbgrader", "generate_feedback", assignment_name, "--force",
           f"--CourseDirectory.root={root}", "--log-level=WARN"]
    return subprocess.run(cmd, cwd=root).returncode


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
