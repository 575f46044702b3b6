"""The instructor notebooks run top to bottom and their answers score full marks; nothing is committed with outputs."""
import functools
import json
import os
import re

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import REPO

NOTEBOOKS = sorted(p.relative_to(REPO) for folder in ("source", "release", "notebooks")
                   for p in (REPO / folder).rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=str)
def test_committed_without_outputs(path):
    nb = json.loads((REPO / path).read_text(encoding="utf-8"))
    dirty = [i for i, c in enumerate(nb["cells"]) if c.get("outputs") or c.get("execution_count")]
    assert not dirty, f"{path}: cells {dirty} have outputs; clear them before committing"


EXECUTED = [p for p in NOTEBOOKS if p.parts[0] in ("source", "notebooks")]


@functools.cache
def executed(path):
    """The notebook at path (relative to the repository) run top to bottom, once per session.

    test_stated_numbers.py reads the same executions; an exception in a cell propagates.
    """
    nb = nbformat.read(str(REPO / path), as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str((REPO / path).parent)}})
    backend = os.environ.get("MPLBACKEND")
    os.environ["MPLBACKEND"] = "Agg"   # the kernel inherits it: no plot window in a test run
    try:
        client.execute()
    finally:
        if backend is None:
            del os.environ["MPLBACKEND"]
        else:
            os.environ["MPLBACKEND"] = backend
    return nb


def output_text(nb):
    """What the notebook's code cells printed, and the plain-text form of the values they returned."""
    return "\n".join(o.get("text", "") or o.get("data", {}).get("text/plain", "")
                     for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))


@pytest.mark.slow
@pytest.mark.parametrize("path", EXECUTED, ids=str)
def test_notebook_runs_top_to_bottom(path):
    text = output_text(executed(path))
    assert "Traceback" not in text
    if path.parts[0] == "source" and path.stem == "initialization":
        assert text.count("  yes") == 3 and "  NO" not in text, "results table must match the published accuracies"
        assert len(re.findall(r"initialize_parameters_\w+: (the published case matches|\d published cases match)", text)) == 3
