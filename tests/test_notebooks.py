"""The instructor notebooks run top to bottom and their answers score full marks; nothing is committed with outputs."""
import json

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


@pytest.mark.slow
@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if p.parts[0] in ("source", "notebooks")], ids=str)
def test_notebook_runs_top_to_bottom(path, tmp_path, monkeypatch):
    monkeypatch.setenv("MPLBACKEND", "Agg")
    nb = nbformat.read(str(REPO / path), as_version=4)
    client = NotebookClient(nb, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str((REPO / path).parent)}})
    client.execute()
    text = "\n".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []))
    assert "Traceback" not in text
    if path.parts[0] == "source" and path.stem == "initialization":
        assert text.count("  yes") == 3 and "  NO" not in text, "results table must match the published accuracies"
        assert text.count("published case(s) match") == 3
