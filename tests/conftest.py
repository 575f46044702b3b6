"""Shared fixtures: a course root built from this repository, with the example class and the catalog."""
import importlib
import json
import re
import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
ORIGINAL_DATA = SHARED / "original-course-data"


def assignments():
    """Every assignment of the course, as the grader discovers them in source/."""
    from autograder.assignment import discover
    return discover(REPO)


def declared_test(assignment, function):
    """The declarations.Test of `function`, as the source notebook of `assignment` declares it."""
    from autograder.assignment import load_assignment
    return next(t for t in load_assignment(REPO, assignment).tests if t.function == function)


def visible_check(assignment, function, fn):
    """Run the notebook's visible check of `function` on `fn`, as its test cell does."""
    from autograder import visible_check as check
    check.run(declared_test(assignment, function), fn)


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite tests/golden/* from the current output instead of comparing")


@pytest.fixture
def update_golden(request):
    return request.config.getoption("--update-golden")


# Significant digits of every float kept in golden files and compared with them. The digits after these
# depend on the CPU's SIMD and BLAS kernels (summation order): a gradient check's difference moves by a few
# parts in 1e16 between AVX2 and AVX-512 kernels here, and by 4e-5 relative on pre-FMA (Sandy Bridge) ones.
GOLDEN_DIGITS = 4
# A decimal number in a message; not part of a name (W1), an index (db1[0, 0]) or a dotted version string.
_FLOAT_TEXT = re.compile(r"(?<![\w.])-?(?:\d+\.\d+(?:[eE][-+]?\d+)?|\d+[eE][-+]?\d+)(?!\w|\.\d)")


def _rounded_text(match):
    text = match.group()
    mantissa = re.split("[eE]", text)[0].lstrip("-").replace(".", "").lstrip("0")
    return text if len(mantissa) <= GOLDEN_DIGITS else f"{float(text):.{GOLDEN_DIGITS}g}"


def golden_rounded(value):
    """value (JSON-like) with floats, and numbers written in strings, rounded to GOLDEN_DIGITS significant digits.

    Numbers already written with no more digits than that are left as they are, so a message's own
    formatting (2.85e-01, 0.7071) survives.
    """
    if isinstance(value, dict):
        return {k: golden_rounded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [golden_rounded(v) for v in value]
    if isinstance(value, float):
        return float(f"{value:.{GOLDEN_DIGITS}g}")
    if isinstance(value, str):
        return _FLOAT_TEXT.sub(_rounded_text, value)
    return value


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


def roster(assignment):
    """The example class plus one student per catalog scenario."""
    cat = catalog(assignment)
    students = dict(cat.EXAMPLE_CLASS)
    students.update({f"wrong-{k}": k for k in cat.WRONG})
    students.update({f"valid-{k}": k for k in cat.VALID})
    return students


def submission_hashes(root):
    import hashlib
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted((root / "submitted").rglob("*")) if p.is_file()}


def run_cli(root, *args):
    import subprocess
    import sys
    return subprocess.run([sys.executable, "-m", "autograder", *args], cwd=root,
                          capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="session")
def graded_class(tmp_path_factory):
    """graded_class(assignment) -> dict(root, report, before, stdout): the class graded once per session."""
    from autograder.assignment import notebook_name
    from examples.make_class import build_class
    done = {}

    def grade(assignment):
        if assignment not in done:
            root = make_course_root(tmp_path_factory.mktemp(assignment) / "course", call_seconds=3)
            build_class(root, assignment, notebook_name(assignment), roster(assignment))
            before = submission_hashes(root)
            proc = run_cli(root, "grade", assignment, "--report", "report.json", "--csv", "grades.csv")
            assert proc.returncode == 0, proc.stderr
            done[assignment] = {"root": root, "report": load_json(root / "report.json"), "before": before,
                                "stdout": proc.stdout}
        return done[assignment]
    return grade
