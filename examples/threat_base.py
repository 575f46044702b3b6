"""What every threat scenario module builds on: the assignment they attack and the honest notebook.

Kept apart from examples/threats.py, which merges the scenario modules, so that any of them can be
imported first.
"""
import json

from examples.make_class import notebook_with, solution_sources

ASSIGNMENT, NOTEBOOK = "initialization", "initialization.ipynb"
HE, RANDOM, ZEROS = "initialize_parameters_he", "initialize_parameters_random", "initialize_parameters_zeros"


def _base(root):
    """(the release notebook, the instructor's answer sources) of the course root."""
    release = json.loads((root / "release" / ASSIGNMENT / NOTEBOOK).read_text())
    return release, solution_sources(root / "source" / ASSIGNMENT / NOTEBOOK)


def _dump(nb):
    return (json.dumps(nb, indent=1) + "\n").encode()


def _with(root, **answers):
    """The solved notebook with some answers replaced."""
    release, solution = _base(root)
    return {NOTEBOOK: _dump(notebook_with(release, {**solution, **answers}))}
