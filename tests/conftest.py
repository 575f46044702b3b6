"""Shared fixtures: a course root built from this repository, with the example class and the catalog."""
import importlib
import json
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
ORIGINAL_DATA = SHARED / "original-course-data"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/* from the current output instead of comparing")


@pytest.fixture
def update_golden(request):
    return request.config.getoption("--update-golden")


def make_course_root(path, call_seconds=3):
    """A course root: source/, release/ and nbgrader_config.py of this repository (limits shortened)."""
    path = Path(path)
    path.mkdir(parents=True, exist_ok=True)
    for folder in ("source", "release"):
        shutil.copytree(REPO / folder, path / folder)
    config = (REPO / "nbgrader_config.py").read_text()
    config += f"\nc.ProcessGrader.call_seconds = {call_seconds}\n"
    (path / "nbgrader_config.py").write_text(config)
    return path


def catalog(assignment):
    return importlib.import_module(f"examples.{assignment}")


def load_json(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))
