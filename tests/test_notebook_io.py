"""Reading notebooks: every shape of JSON gives a fair reading or a clear reason, never an exception."""
import copy
import json
import os
import random
import threading

import pytest

from autograder import grading, notebook_io
from autograder.assignment import load_assignment
from conftest import REPO

RELEASE = REPO / "release" / "initialization" / "initialization.ipynb"
HE = "initialize_parameters_he"


@pytest.fixture(scope="module")
def assignment():
    return load_assignment(REPO, "initialization")


@pytest.fixture(scope="module")
def solved():
    from examples.make_class import notebook_with, solution_sources
    release = json.loads(RELEASE.read_text(encoding="utf-8"))
    return notebook_with(release, solution_sources(REPO / "source" / "initialization" / "initialization.ipynb"))


def _write(tmp_path, value, name="nb.ipynb"):
    path = tmp_path / name
    path.write_bytes(value if isinstance(value, bytes) else json.dumps(value).encode())
    return path


def _reason(path, max_bytes=None):
    with pytest.raises(notebook_io.UnreadableNotebook) as info:
        notebook_io.read_submission(path, max_bytes)
    return str(info.value)


@pytest.mark.parametrize("value, reason", [
    (b"", "the notebook file is empty"),
    (b" \n\t", "the notebook file is empty"),
    (b"\xff\xfe{}", "not UTF-8"),
    (b'{"cells": [', "not valid JSON"),
    ([], "not a notebook (no list of cells)"),
    ("a string", "not a notebook"),
    (None, "not a notebook"),
    ({"cells": "not a list"}, "not a notebook"),
    ({"cells": {"0": {}}}, "not a notebook"),
    ({"nbformat": 3, "worksheets": "not a list"}, "not a notebook"),
    ({"nbformat": 3, "worksheets": [{"cells": [{"cell_type": "code", "input": 5, "metadata": []}]}]},
     "nbformat 3 notebook that cannot be upgraded"),
])
def test_what_is_not_a_notebook_is_a_clear_reason(tmp_path, value, reason):
    assert reason in _reason(_write(tmp_path, value))


def test_json_bombs_under_the_size_cap_are_refused_with_a_reason(tmp_path):
    many = {"cells": [{}] * (notebook_io.MAX_CONTAINERS + 1)}
    assert "JSON objects and lists, more than the" in _reason(_write(tmp_path, many))
    deep = b'{"cells": [], "metadata": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    assert _reason(_write(tmp_path, deep)) == "the notebook's JSON is nested too deeply to be a notebook"


def test_brackets_inside_strings_do_not_count_towards_the_bomb_limit(tmp_path):
    text = "[{" * notebook_io.MAX_CONTAINERS
    nb = notebook_io.read_submission(_write(tmp_path, {"cells": [{"cell_type": "markdown", "source": text}]}))
    assert nb.cells[0].source == text


def test_a_notebook_over_the_cap_is_refused_with_its_size(tmp_path):
    path = _write(tmp_path, b"{" + b" " * (3 * 1024 ** 2) + b'"cells": []}')
    assert _reason(path, max_bytes=1024 ** 2) == "the notebook is 3 MiB, over the grader's limit of 1 MiB"
    assert notebook_io.read_submission(path, max_bytes=4 * 1024 ** 2).cells == []


def test_a_file_that_claims_to_be_small_is_still_read_only_up_to_the_cap(tmp_path, monkeypatch):
    path = _write(tmp_path, b"{" + b" " * (3 * 1024 ** 2) + b'"cells": []}')
    real_fstat = os.fstat
    monkeypatch.setattr(notebook_io.os, "fstat", lambda fd: os.stat_result(
        (real_fstat(fd).st_mode, 0, 0, 1, 0, 0, 10, 0, 0, 0)))
    assert _reason(path, max_bytes=1024 ** 2) == "the notebook is over the grader's limit of 1 MiB"


def test_the_cap_comes_from_the_course_configuration(tmp_path, assignment):
    from autograder.config import load_limits
    (tmp_path / "nbgrader_config.py").write_text("c = get_config()\nc.ProcessGrader.notebook_bytes = 2048\n")
    limits = load_limits(tmp_path)
    path = _write(tmp_path, {"cells": [{"cell_type": "markdown", "source": "x" * 4096}]})
    submission = grading.read_submission(path, assignment, limits.notebook_bytes)
    assert submission.cells is None and "over the grader's limit" in submission.reason


def test_links_and_special_files_are_not_read(tmp_path, solved):
    target = _write(tmp_path, solved, "someone-else.ipynb")
    (tmp_path / "link.ipynb").symlink_to(target)
    assert _reason(tmp_path / "link.ipynb") == "the notebook is a symbolic link; submit the file itself"
    os.mkfifo(tmp_path / "fifo.ipynb")
    outcome = []
    reader = threading.Thread(target=lambda: outcome.append(_reason(tmp_path / "fifo.ipynb")), daemon=True)
    reader.start()
    reader.join(10)
    assert outcome == ["the notebook is not a regular file"]
    assert "cannot read the notebook" in _reason(tmp_path / "missing.ipynb")


def test_byte_order_mark_and_old_nbformat_are_read(tmp_path, solved):
    import nbformat
    with_bom = notebook_io.read_submission(_write(tmp_path, b"\xef\xbb\xbf" + json.dumps(solved).encode()))
    old = nbformat.writes(nbformat.convert(nbformat.from_dict(copy.deepcopy(solved)), 3)).encode()
    upgraded = notebook_io.read_submission(_write(tmp_path, old, "old.ipynb"))
    for nb in (with_bom, upgraded):
        assert any(c.grade_id == HE and "def initialize_parameters_he" in c.source for c in nb.cells)


@pytest.mark.parametrize("nbgrader", ["solution", ["solution", True], None, 7, {"grade_id": ["x"]}])
def test_odd_nbgrader_metadata_reads_as_none(nbgrader):
    cell = notebook_io._cell({"cell_type": "code", "source": "x", "metadata": {"nbgrader": nbgrader}})
    assert cell.nbgrader == {} and cell.grade_id is None


def test_nbgrader_metadata_keeps_known_keys_of_the_right_type_only():
    meta = {"nbgrader": {"grade_id": "g", "solution": "yes", "grade": 1, "locked": False, "task": None,
                         "points": float("nan"), "schema_version": "3", "checksum": "abc", "cell_type": "<b>"}}
    cell = notebook_io._cell({"cell_type": "code", "source": "", "metadata": meta})
    assert cell.nbgrader == {"grade_id": "g", "solution": False, "grade": True, "locked": False, "task": False}
    meta["nbgrader"].update(points=2.5, schema_version=3, cell_type="code")
    assert notebook_io._cell({"cell_type": "code", "source": "", "metadata": meta}).nbgrader["points"] == 2.5


@pytest.mark.parametrize("raw, source", [
    ({"cell_type": "code", "source": ["a", 1, None, "b"]}, "ab"),
    ({"cell_type": "code", "source": 12345}, ""),
    ({"cell_type": "code"}, ""),
    ({"cell_type": "markdown", "source": "e\u0301 \ud800"}, "\u00e9 \ufffd"),
    ({"cell_type": "raw", "source": {"a": 1}, "metadata": ["x"], "outputs": "y", "id": {"z": 1}}, ""),
])
def test_cell_fields_of_any_type_read_as_text(raw, source):
    cell = notebook_io._cell(raw)
    assert cell.source == source and cell.id == ""
    cell.source.encode("utf-8")


@pytest.mark.parametrize("raw", [42, "cell", None, [], {"cell_type": "heading"}, {"source": "x"},
                                 {"cell_type": ["code"]}])
def test_entries_that_are_not_cells_are_ignored_with_a_note(tmp_path, raw):
    nb = notebook_io.read_submission(_write(tmp_path, {"cells": [raw, {"cell_type": "code", "source": "x"}]}))
    assert [c.source for c in nb.cells] == ["x"]
    assert nb.notes == ["ignored 1 item(s) of the notebook's cell list that are not code, markdown or raw cells"]


def test_attachments_keep_plain_images_only():
    attachments = {"a.png": {"image/png": "iVBORw0K\nGgo=", "text/html": "<script>"},
                   "b.svg": {"image/svg+xml": "PHN2Zz4="}, "c.gif": {"image/gif": "not base64!"},
                   "d": "not a bundle", "e.jpg": {"image/jpeg": ["/9j/", "4AAQ"]}}
    cell = notebook_io._cell({"cell_type": "markdown", "source": "", "attachments": attachments})
    assert cell.attachments == {"a.png": {"image/png": "iVBORw0KGgo="}, "e.jpg": {"image/jpeg": "/9j/4AAQ"}}


def test_answer_cells_with_odd_metadata_are_graded_by_function_name(tmp_path, assignment, solved):
    nb = copy.deepcopy(solved)
    for cell in nb["cells"]:
        if cell["metadata"].get("nbgrader", {}).get("grade_id", "").startswith("initialize_"):
            cell["metadata"] = ["not", "a", "dict"]
    nb["cells"].insert(0, "not a cell")
    submission = grading.read_submission(_write(tmp_path, nb), assignment)
    assert sorted(c["grade_id"] for c in submission.cells) == sorted(assignment.answer_cells)
    assert any("found by its function name" in n for n in submission.notes)
    assert any("ignored 1 item(s)" in n for n in submission.notes)


_ODD_VALUES = [None, 42, -1, 1e308, True, "text", "<script>alert(1)</script>", [], {}, [1, "a", None],
               {"a": None}, {"nbgrader": "x"}, "\ud800", {"image/svg+xml": "PHN2Zz4="}]


def _mutate(value, rng):
    """The value with one randomly chosen part, at any depth, replaced or removed."""
    if isinstance(value, (dict, list)) and value and rng.random() < 0.8:
        keys = list(value) if isinstance(value, dict) else list(range(len(value)))
        key = rng.choice(keys)
        if rng.random() < 0.15:
            del value[key]
        else:
            value[key] = _mutate(value[key], rng)
        return value
    return copy.deepcopy(rng.choice(_ODD_VALUES))


def test_randomly_broken_notebooks_read_or_give_a_reason_and_make_valid_autograded_notebooks(
        tmp_path, assignment, solved):
    import nbformat
    from autograder import autograded
    from conftest import make_course_root
    root = make_course_root(tmp_path / "course")
    entry = {"tests": {t.id: {"status": "failed", "points": 0.0, "max_points": 1.0, "message": "<b>m</b>"}
                       for t in assignment.tests}}
    rng = random.Random(9)
    outcomes = {"read": 0, "refused": 0}
    for i in range(150):
        nb = copy.deepcopy(solved)
        for _ in range(rng.randint(1, 4)):
            nb = _mutate(nb, rng)
        path = _write(tmp_path, nb, f"fuzz{i}.ipynb")
        try:
            notebook_io.read_submission(path)
        except notebook_io.UnreadableNotebook as exc:
            assert str(exc), nb
            outcomes["refused"] += 1
            continue
        outcomes["read"] += 1
        target = autograded.write_autograded(root, assignment, f"s{i}", path, entry)
        nbformat.validate(nbformat.read(str(target), as_version=4))
    assert outcomes["read"] > 50 and outcomes["refused"] > 5, outcomes
