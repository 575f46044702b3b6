"""The autograded notebooks nbgrader's feedback and formgrader read: autograded/<student>/<assignment>/.

Each is the student's submission with our verdicts as the test cells' outputs, built from the
normalised submission: nothing of its structure is taken as it is, each test cell is the release's
(hidden tests never enter it, so nbgrader's feedback cannot leak them), the notebook metadata is the
release's, and markdown a student wrote is sanitized (autograder/feedback_markdown.py). Markdown
that is the release's own text is the instructor's and stays as it is; most submissions have no
other, and their notebooks are written without loading the HTML stack at all.

The notebook is written as nbformat 4.5 JSON directly (tests validate it with nbformat): importing
nbformat would cost more than grading a submission.
"""
import json
import os
import tempfile
from pathlib import Path

from autograder import notebook_io

NBFORMAT, NBFORMAT_MINOR = 4, 5


def autograded_path(course_root, assignment, student):
    return Path(course_root) / "autograded" / student / assignment.name / assignment.notebook


def remove_autograded(course_root, assignment, student):
    """Drop a student's autograded notebook, so no feedback is made from an outdated one."""
    autograded_path(course_root, assignment, student).unlink(missing_ok=True)


def write_autograded(course_root, assignment, student, submitted_path, entry, max_bytes=None):
    """Write autograded/<student>/<assignment>/<notebook> from a graded report entry; returns its path."""
    release = notebook_io.read_trusted(Path(course_root) / "release" / assignment.name / assignment.notebook)
    release_cells = {c.grade_id: c for c in release.cells if c.grade_id}
    # The release's markdown, with its own attachments (a cell that shows attachment:x needs x).
    instructors_text = {c.source: c.attachments for c in release.cells if c.cell_type == "markdown"}
    test_ids = {test.id for test in assignment.tests}
    submission = notebook_io.read_submission(submitted_path, max_bytes)
    cells, used = [], set()
    for cell in submission.cells:
        if cell.grade_id in test_ids:
            continue   # re-inserted below from the release, in release order
        cells.append((cell.grade_id, _unique_id(cell.id, used), _feedback_cell(cell, release_cells, instructors_text)))
    # Each test cell (release version) right after its answer cell, or at the end.
    for test in assignment.tests:
        result = entry["tests"][test.id]
        text = (f"[{result['status'].upper()}] {result['points']:g} / {result['max_points']:g} points\n"
                f"{result['message']}\n")
        tcell = code_cell(release_cells[test.id].source, {"nbgrader": dict(release_cells[test.id].nbgrader)},
                          outputs=[{"output_type": "stream", "name": "stdout", "text": text}])
        index = next((i + 1 for i, (gid, _, _) in enumerate(cells) if gid == test.cell), len(cells))
        cells.insert(index, (test.id, _unique_id(release_cells[test.id].id, used), tcell))
    for _, cell_id, cell in cells:
        cell["id"] = cell_id
    nb = {"cells": [cell for _, _, cell in cells], "metadata": release.metadata,
          "nbformat": NBFORMAT, "nbformat_minor": NBFORMAT_MINOR}
    target = autograded_path(course_root, assignment, student)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=target.name + ".")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(json.dumps(_split_lines(nb), sort_keys=True, indent=1, ensure_ascii=False) + "\n")
    os.replace(tmp, target)
    return target


def code_cell(source, metadata, outputs=()):
    return {"cell_type": "code", "execution_count": None, "metadata": metadata, "outputs": list(outputs),
            "source": source}


def markdown_cell(source, metadata=None, attachments=None):
    cell = {"cell_type": "markdown", "metadata": metadata or {}, "source": source}
    if attachments:
        cell["attachments"] = attachments
    return cell


def _feedback_cell(cell, release_cells, instructors_text):
    """A cell for the autograded notebook: code as it is (nbconvert highlights and escapes it), the
    release's markdown as it is, other markdown sanitized, raw cells as text; nbgrader metadata only
    from the release's same cell."""
    release = release_cells.get(cell.grade_id)
    metadata = {"nbgrader": dict(release.nbgrader)} if release and release.cell_type == cell.cell_type else {}
    if cell.cell_type == "code":
        return code_cell(cell.source, metadata)
    if cell.cell_type == "markdown" and cell.source in instructors_text:   # the release's attachments, not the submission's
        return markdown_cell(cell.source, metadata, instructors_text[cell.source])
    from autograder import feedback_markdown
    if cell.cell_type == "markdown":
        return markdown_cell(feedback_markdown.safe_markdown(cell.source, cell.attachments), metadata)
    return markdown_cell(feedback_markdown.as_text(cell.source))


def _unique_id(wanted, used):
    cell_id = wanted if wanted and wanted not in used else f"cell-{len(used)}"
    while cell_id in used:
        cell_id += "x"
    used.add(cell_id)
    return cell_id


def _split_lines(nb):
    """Multi-line text as lists of lines, as Jupyter writes notebooks (nbformat's split_lines)."""
    for cell in nb["cells"]:
        cell["source"] = cell["source"].splitlines(keepends=True)
        for output in cell.get("outputs", ()):
            if "text" in output:
                output["text"] = output["text"].splitlines(keepends=True)
    return nb
