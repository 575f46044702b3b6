"""The one place notebooks are read: submissions defensively, the instructor's notebooks plainly.

A submitted notebook is whatever bytes a student handed in. Every later step (grading,
autograded notebooks, feedback, the gradebook) works from the `Notebook` returned here, in
which each cell is a `Cell` of known shape: a cell type among code, markdown and raw, a source
string, and nbgrader metadata reduced to the known keys with the types nbgrader uses. Anything
else the file holds (outputs, other metadata, notebook metadata) is not kept, so no later step
meets a string where it expects a dict.

What cannot be read as a notebook raises `UnreadableNotebook`, whose message is the reason
given to the student; nothing else is raised for any input.
"""
import json
import os
import re
import stat
import unicodedata
from dataclasses import dataclass, field

CELL_TYPES = ("code", "markdown", "raw")
MAX_NOTEBOOK_BYTES = 16 * 1024 ** 2   # largest submitted notebook read (nbgrader_config: ProcessGrader.notebook_bytes)
# The most JSON objects and arrays a submission may hold. Real notebooks hold tens per cell;
# a file of millions of tiny ones would take gigabytes once parsed.
MAX_CONTAINERS = 250_000
# nbgrader metadata keys kept, with the type each must have to be kept.
_NBGRADER_FLAGS = ("grade", "solution", "locked", "task")
_PLAIN_IMAGES = ("image/png", "image/jpeg", "image/gif")
_BASE64 = re.compile(r"[A-Za-z0-9+/]+={0,2}")
_CELL_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_SURROGATE = re.compile("[\ud800-\udfff]")   # only lone ones survive json.loads
# A JSON string, matched without backtracking so an unterminated one costs linear time.
_JSON_STRING = re.compile(rb'"(?:[^"\\]++|\\.)*+"')


class UnreadableNotebook(ValueError):
    """The file is not a notebook the grader can read; the message says why, for the student."""


@dataclass(frozen=True)
class Cell:
    cell_type: str                 # "code", "markdown" or "raw"
    source: str
    nbgrader: dict                 # known nbgrader keys only, each of its proper type
    attachments: dict = field(default_factory=dict)   # name -> {image mime type: base64 text}
    id: str = ""                   # the cell's id when it is a valid nbformat id, else ""

    @property
    def grade_id(self):
        return self.nbgrader.get("grade_id")


@dataclass
class Notebook:
    cells: list                    # [Cell]
    metadata: dict                 # notebook metadata: kept for the instructor's notebooks only
    notes: list = field(default_factory=list)   # what was ignored while reading, for the student


def _mib(n):
    return f"{n / 1024 ** 2:.1f}".rstrip("0").rstrip(".")


def read_capped(path, max_bytes):
    """The bytes of a regular file of at most max_bytes; never reads more than max_bytes + 1."""
    try:
        # O_NOFOLLOW: a submission that is a link to someone else's file (the instructor's
        # solution) is not read through. O_NONBLOCK: opening a FIFO must not hang the batch.
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        if os.path.islink(path):
            raise UnreadableNotebook("the notebook is a symbolic link; submit the file itself") from None
        raise UnreadableNotebook(f"cannot read the notebook: {exc.strerror}") from None
    with os.fdopen(fd, "rb") as f:
        info = os.fstat(f.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise UnreadableNotebook("the notebook is not a regular file")
        if info.st_size > max_bytes:
            raise UnreadableNotebook(f"the notebook is {_mib(info.st_size)} MiB, over the grader's limit "
                                     f"of {_mib(max_bytes)} MiB")
        raw = f.read(max_bytes + 1)
    if len(raw) > max_bytes:   # grew while being read
        raise UnreadableNotebook(f"the notebook is over the grader's limit of {_mib(max_bytes)} MiB")
    return raw


def parse_json(raw):
    """The JSON value of a notebook file's bytes, or UnreadableNotebook saying what is wrong."""
    if not raw.strip():
        raise UnreadableNotebook("the notebook file is empty")
    try:
        text = raw.decode("utf-8-sig")   # editors on Windows may add a byte-order mark
    except UnicodeDecodeError as exc:
        raise UnreadableNotebook(f"the notebook is not UTF-8 text (byte {exc.start})") from None
    containers = _JSON_STRING.sub(b'""', raw)
    count = containers.count(b"{") + containers.count(b"[")
    if count > MAX_CONTAINERS:
        raise UnreadableNotebook(f"the notebook holds {count} JSON objects and lists, more than the "
                                 f"{MAX_CONTAINERS} the grader reads (a notebook has tens per cell)")
    try:
        return json.loads(text)
    except RecursionError:
        raise UnreadableNotebook("the notebook's JSON is nested too deeply to be a notebook") from None
    except ValueError as exc:
        raise UnreadableNotebook(f"the notebook is not valid JSON ({exc})") from None


def read_json(path, max_bytes=None):
    """A notebook file's JSON value, read within the size limit."""
    return parse_json(read_capped(path, MAX_NOTEBOOK_BYTES if max_bytes is None else max_bytes))


def clean_text(value):
    """A string safe to write anywhere: NFC, and no lone surrogates (which UTF-8 cannot encode)."""
    return unicodedata.normalize("NFC", _SURROGATE.sub("\ufffd", value))


def _source_text(source):
    if isinstance(source, list):
        source = "".join(s for s in source if isinstance(s, str))
    return source if isinstance(source, str) else ""


def _flag(value):
    return value is True or (type(value) is int and value == 1)


def _nbgrader(metadata):
    """nbgrader metadata reduced to its known keys, each of nbgrader's type; {} when not a dict."""
    nbg = metadata.get("nbgrader") if isinstance(metadata, dict) else None
    if not isinstance(nbg, dict):
        return {}
    out = {key: _flag(nbg[key]) for key in _NBGRADER_FLAGS if key in nbg}
    if isinstance(nbg.get("grade_id"), str):
        out["grade_id"] = clean_text(nbg["grade_id"])
    points = nbg.get("points")
    if isinstance(points, (int, float)) and not isinstance(points, bool) and 0 <= points < float("inf"):
        out["points"] = points
    if type(nbg.get("schema_version")) is int:
        out["schema_version"] = nbg["schema_version"]
    if nbg.get("cell_type") in CELL_TYPES:
        out["cell_type"] = nbg["cell_type"]
    return out


def _image_data(data):
    data = re.sub(r"\s+", "", _source_text(data))
    return data if _BASE64.fullmatch(data) else None


def _attachments(value):
    """Only plain raster images (no SVG, which can carry script), as {name: {mime: base64}}."""
    out = {}
    for name, bundle in (value.items() if isinstance(value, dict) else ()):
        if not isinstance(bundle, dict):
            continue
        images = {mime: _image_data(bundle[mime]) for mime in _PLAIN_IMAGES if mime in bundle}
        images = {mime: data for mime, data in images.items() if data}
        if images:
            out[clean_text(name)] = images
    return out


def _cell(raw):
    """A Cell from one entry of the cell list, or None when the entry is not a cell."""
    if not isinstance(raw, dict) or raw.get("cell_type") not in CELL_TYPES:
        return None
    cell_id = raw.get("id")
    return Cell(cell_type=raw["cell_type"], source=clean_text(_source_text(raw.get("source"))),
                nbgrader=_nbgrader(raw.get("metadata")),
                attachments=_attachments(raw.get("attachments")) if raw["cell_type"] != "code" else {},
                id=cell_id if isinstance(cell_id, str) and _CELL_ID.fullmatch(cell_id) else "")


def _upgrade_old_notebook(nb):
    """nbformat 3 (and older) keeps cells under worksheets; convert to version 4 like Jupyter does."""
    import nbformat   # slow to import; only old notebooks need it
    try:
        return nbformat.convert(nbformat.from_dict(nb), 4)
    except Exception as exc:   # nbformat raises many kinds on malformed input
        raise UnreadableNotebook(f"the notebook is an nbformat {nb.get('nbformat')} notebook that cannot "
                                 f"be upgraded ({type(exc).__name__})") from None


def notebook_from_json(nb, keep_metadata=False):
    """Normalise a parsed notebook; UnreadableNotebook when it has no list of cells."""
    if (isinstance(nb, dict) and "cells" not in nb and type(nb.get("nbformat")) is int
            and nb["nbformat"] < 4 and isinstance(nb.get("worksheets"), list)):
        nb = _upgrade_old_notebook(nb)
    if not isinstance(nb, dict) or not isinstance(nb.get("cells"), list):
        raise UnreadableNotebook("the file is JSON but not a notebook (no list of cells)")
    cells = [_cell(raw) for raw in nb["cells"]]
    notes = []
    ignored = sum(cell is None for cell in cells)
    if ignored:
        notes.append(f"ignored {ignored} item(s) of the notebook's cell list that are not code, markdown "
                     f"or raw cells")
    metadata = nb.get("metadata") if keep_metadata and isinstance(nb.get("metadata"), dict) else {}
    return Notebook([c for c in cells if c is not None], metadata, notes)


def read_submission(path, max_bytes=None):
    """A submitted notebook, normalised; raises only UnreadableNotebook (the reason, for the student)."""
    return notebook_from_json(read_json(path, max_bytes))


def read_trusted(path):
    """An instructor's notebook (source or release), normalised, with its notebook metadata."""
    try:
        return notebook_from_json(read_json(path), keep_metadata=True)
    except UnreadableNotebook as exc:
        raise UnreadableNotebook(f"{path}: {exc}") from None


def read_nbformat(path):
    """An instructor's notebook as an nbformat 4 NotebookNode (for nbgrader's preprocessors)."""
    import nbformat
    return nbformat.reads(read_capped(path, MAX_NOTEBOOK_BYTES).decode("utf-8"), as_version=4)


@dataclass
class SourceCells:
    """The nbgrader cells of an instructor's source notebook, by role."""
    source_path: object
    setup: list                # read-only cells (locked, neither graded nor a solution), in notebook order
    answer_cells: dict         # grade_id -> the instructor's solution source
    points: dict               # test cell grade_id -> max points
    test_cells: dict           # test cell grade_id -> source (hidden tests included)


def read_source_cells(path):
    """The cells of a source notebook by nbgrader role; raises UnreadableNotebook."""
    nb = read_trusted(path)
    cells = SourceCells(path, [], {}, {}, {})
    for cell in nb.cells:
        meta, gid = cell.nbgrader, cell.grade_id
        if cell.cell_type != "code" or not meta:
            continue
        if meta.get("solution"):
            cells.answer_cells[gid] = cell.source
        elif meta.get("grade"):
            cells.points[gid] = float(meta.get("points", 0))
            cells.test_cells[gid] = cell.source
        elif meta.get("locked"):
            cells.setup.append(cell.source)
    return cells


def find_course_root(start):
    """The folder holding nbgrader_config.py and source/, at or above `start` (None when there is none)."""
    from pathlib import Path
    start = Path(start).resolve()
    for folder in [start, *start.parents]:
        if (folder / "nbgrader_config.py").is_file() and (folder / "source").is_dir():
            return folder
    return None
