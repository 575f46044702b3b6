"""Committed notebooks open in JupyterLab without being changed, and their figures fit the notebook's width."""
import json
import re
import sys

import pytest
from ipykernel.ipkernel import IPythonKernel

from autograder import notebook_metadata
from conftest import REPO
from utils.plotting import NOTEBOOK_WIDTH

NOTEBOOKS = sorted(p.relative_to(REPO) for folder in ("source", "release", "notebooks")
                   for p in (REPO / folder).rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)

@pytest.mark.parametrize("path", NOTEBOOKS, ids=str)
def test_opening_in_jupyterlab_changes_nothing(path):
    nb = json.loads((REPO / path).read_text(encoding="utf-8"))
    assert notebook_metadata.problems(nb) == [], f"{path}: run python -m autograder.notebook_metadata {path}"


def test_the_metadata_is_what_the_kernel_reports():
    """What ipykernel sends in its kernel_info reply; only the patch release of Python may differ."""
    reported = dict(IPythonKernel.language_info)
    expected = dict(notebook_metadata.LANGUAGE_INFO)
    assert reported.pop("version").split(".")[:2] == expected.pop("version").split(".")[:2]
    assert reported == expected
    major_minor = ".".join(notebook_metadata.COURSE_PYTHON.split(".")[:2])
    requires = (REPO / "pyproject.toml").read_text()
    assert f">={major_minor}" in requires and f"{sys.version_info[0]}.{sys.version_info[1]}" == major_minor


def test_completing_is_idempotent_and_keeps_other_metadata():
    nb = {"cells": [{"id": "a"}], "metadata": {"kernelspec": {"name": "python3"}, "course_release": {"x": 1}},
          "nbformat": 4, "nbformat_minor": 4}
    assert notebook_metadata.problems(nb)
    done = notebook_metadata.complete(nb)
    assert notebook_metadata.problems(done) == [] and done["metadata"]["course_release"] == {"x": 1}
    assert notebook_metadata.complete(json.loads(json.dumps(done))) == done


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if p.parts[0] != "release"], ids=str)
def test_figures_fit_the_notebook_width(path):
    """A figure wider than the column is shrunk to fit, labels and all: side-by-side plots use plotting.panels."""
    nb = json.loads((REPO / path).read_text(encoding="utf-8"))
    code = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code")
    widths = [float(w) for w in re.findall(r"figsize\s*=\s*\(\s*([\d.]+)", code)]
    assert all(w <= NOTEBOOK_WIDTH for w in widths), f"{path}: figure widths {widths} (at most {NOTEBOOK_WIDTH})"
    side_by_side = re.findall(r"plt\.subplots\(\s*\d+\s*,\s*[2-9]", code)
    assert not side_by_side, f"{path}: use utils.plotting.panels for {side_by_side}"


def test_course_figures_fit_the_notebook_width():
    code = (REPO / "utils" / "plotting.py").read_text()
    widths = [float(w) for w in re.findall(r"figsize=\(\s*([\d.]+)", code)]
    assert widths and all(w <= NOTEBOOK_WIDTH for w in widths)
