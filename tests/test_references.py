"""References are computed once per assignment version and reused; any change of what they depend on recomputes."""
import io
import json

import numpy as np
import pytest

from autograder import batch, grading, references
from autograder.assignment import load_assignment
from autograder.config import load_limits
from conftest import make_course_root


@pytest.fixture
def course(tmp_path, monkeypatch):
    """A course root whose reference runs are counted (and stand-in values, so no sandbox is needed)."""
    root = make_course_root(tmp_path / "course")
    runs = []

    def fake_compute(assignment, limits):
        runs.append(assignment.name)
        return {c["id"]: {"W1": np.full((2, 2), float(i))} for i, c in enumerate(assignment.calls())}

    monkeypatch.setattr(grading, "compute_references", fake_compute)
    return root, runs


def _refs(root):
    return references.references(root, load_assignment(root, "initialization"), load_limits(root))


def test_a_second_batch_reuses_the_references(course):
    root, runs = course
    first = _refs(root)
    second = _refs(root)
    assert runs == ["initialization"]
    assert first.keys() == second.keys()
    assert all(np.array_equal(first[k]["W1"], second[k]["W1"]) for k in first)
    assert len(list((root / ".autograder" / "references").glob("initialization-*.json"))) == 1


def test_a_changed_source_notebook_recomputes(course):
    root, runs = course
    _refs(root)
    notebook = root / "source" / "initialization" / "initialization.ipynb"
    nb = json.loads(notebook.read_text())
    nb["cells"][0]["source"] = "# edited by the instructor\n" + "".join(nb["cells"][0]["source"])
    notebook.write_text(json.dumps(nb))
    _refs(root)
    assert runs == ["initialization", "initialization"]


def test_other_cpu_kernels_get_their_own_references(course, monkeypatch):
    root, runs = course
    _refs(root)
    monkeypatch.setenv("OPENBLAS_CORETYPE", "Haswell")
    _refs(root)
    assert len(runs) == 2


@pytest.mark.parametrize("damage", ["not json", "{}", '{"initialize_parameters_zeros#0": {"__ndarray__": 1}}'])
def test_a_damaged_cache_file_is_recomputed(course, damage):
    root, runs = course
    _refs(root)
    (cached,) = (root / ".autograder" / "references").glob("initialization-*.json")
    cached.write_text(damage)
    refs = _refs(root)
    assert len(runs) == 2 and len(refs) == len(load_assignment(root, "initialization").calls())
    assert json.loads(cached.read_text()).keys() == refs.keys()   # replaced by a good one


def test_progress_lines_count_and_estimate():
    ticks = iter([0.0, 2.0, 4.0])
    progress = batch.Progress(4, clock=lambda: next(ticks))
    assert progress.step() == "[1/4, 0.50/s, about 6 s left]"
    assert progress.step() == "[2/4, 0.50/s, about 4 s left]"


def test_progress_goes_to_plain_lines_without_a_terminal_and_to_one_bar_with_one():
    lines = []
    plain = batch.Progress(2, log=lines.append)
    plain.graded("ada", "8/8", failed=False)
    plain.graded("bob", "NOT GRADED", failed=True)
    plain.close()
    assert [line.split("] ", 1)[1] for line in lines] == ["graded ada: 8/8", "graded bob: NOT GRADED"]

    screen, logged = io.StringIO(), []
    drawn = batch.Progress(2, log=logged.append, bar=screen)
    drawn.graded("ada", "8/8", failed=False)
    drawn.graded("bob", "NOT GRADED", failed=True)
    drawn.close()
    shown = screen.getvalue()
    assert logged == []
    assert "2/2" in shown and "submission" in shown and "last: bob NOT GRADED" in shown
    assert "graded bob: NOT GRADED" in shown and "graded ada" not in shown   # only failures stay on screen


def test_jobs_default_to_the_cores_this_process_may_use():
    assert batch.default_jobs() >= 1
