"""Student releases: generated from source/ by nbgrader, in sync, free of solutions and hidden tests."""
import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.assignment import notebook_name
from autograder.nbgrader_bridge import GENERATED_KEY, generate_release
from conftest import REPO, assignments


def _source_text(cell):
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def _solution_and_hidden_lines(assignment):
    """Every non-trivial line inside a solution region or a hidden-test region of the source."""
    nb = json.loads((REPO / "source" / assignment / notebook_name(assignment)).read_text())
    lines, inside = set(), None
    for cell in nb["cells"]:
        for line in _source_text(cell).splitlines():
            s = line.strip()
            if s in ("### BEGIN SOLUTION", "### BEGIN HIDDEN TESTS"):
                inside = s
            elif s in ("### END SOLUTION", "### END HIDDEN TESTS"):
                inside = None
            elif inside and len(s) > 12:
                lines.add(s)
    return lines


@pytest.mark.parametrize("assignment", assignments())
def test_regenerating_the_release_changes_nothing(assignment, tmp_path):
    root = tmp_path / "course"
    shutil.copytree(REPO / "source", root / "source")
    shutil.copy2(REPO / "nbgrader_config.py", root / "nbgrader_config.py")
    notebook = notebook_name(assignment)
    fresh = generate_release(root, assignment)
    committed = REPO / "release" / assignment / notebook
    assert fresh.read_bytes() == committed.read_bytes(), (
        f"release/{assignment} is out of date: run `python -m autograder release {assignment}` and commit")


@pytest.mark.parametrize("assignment", assignments())
def test_release_says_what_it_was_generated_from(assignment):
    notebook = notebook_name(assignment)
    meta = json.loads((REPO / "release" / assignment / notebook).read_text())["metadata"][GENERATED_KEY]
    assert meta["generated_from"] == f"source/{assignment}/{notebook}"
    assert meta["source_sha256"] == hashlib.sha256((REPO / meta["generated_from"]).read_bytes()).hexdigest()


@pytest.mark.parametrize("assignment", assignments())
def test_no_solution_or_hidden_test_line_anywhere_under_release(assignment):
    """No line of a solution or hidden-test region appears as a line of any release file.

    (Markdown may quote a formula that a solution line also contains; a whole line is a leak.)
    """
    secret = _solution_and_hidden_lines(assignment)
    assert len(secret) >= 5, "the source should have solution and hidden-test regions"
    for path in (REPO / "release").rglob("*"):
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        assert "BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text, path
        if path.suffix == ".ipynb":
            lines = [ln.strip() for c in json.loads(text)["cells"] for ln in _source_text(c).splitlines()]
        else:
            lines = [ln.strip() for ln in text.splitlines()]
        leaked = sorted(set(lines) & secret)
        assert not leaked, f"{path.relative_to(REPO)} contains {leaked[:3]}"


@pytest.mark.parametrize("assignment", assignments())
def test_release_stubs_raise_not_implemented(assignment):
    nb = json.loads((REPO / "release" / assignment / notebook_name(assignment)).read_text())
    answers = [c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("solution")]
    assert answers and all("raise NotImplementedError()" in _source_text(c) for c in answers)


def _validate(path, root):
    env = {"PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin", "MPLBACKEND": "Agg",
           "HOME": str(root)}
    return subprocess.run([sys.executable, "-m", "nbgrader", "validate", str(path)], cwd=path.parent,
                          capture_output=True, text=True, timeout=600, env=env)


@pytest.mark.slow
@pytest.mark.parametrize("assignment", assignments())
def test_nbgrader_validate_passes_on_source_and_fails_on_blank_release(assignment, tmp_path):
    notebook = notebook_name(assignment)
    ok = _validate(REPO / "source" / assignment / notebook, tmp_path)
    assert ok.returncode == 0 and "Success! Your notebook passes all the tests." in ok.stdout, ok.stdout + ok.stderr
    blank = _validate(REPO / "release" / assignment / notebook, tmp_path)
    assert "VALIDATION FAILED" in blank.stdout or "failed" in blank.stdout.lower(), blank.stdout
    assert "NotImplementedError" in blank.stdout
