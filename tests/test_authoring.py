"""docs/authoring.md holds: a new assignment is one source notebook, and nothing else is edited.

The test writes the guide's example assignment into an empty course, releases it, and grades three
students with the sandboxed grader: the solution, a mistake (the wrong axis) and a hard-coded
published answer. It also checks what the guide promises of a broken declaration.
"""
import json
import re
import shutil

import nbformat
import pytest

from autograder.assignment import AssignmentError, discover, load_assignment
from conftest import REPO, run_cli

GUIDE = REPO / "docs" / "authoring.md"
NAME = "scale_rows"

SETUP = "import numpy as np"
ANSWER = '''def scale_rows(X, total):
    """Each row of X scaled to sum to `total`.

    Inputs:
    - X: (n, m) positive entries; total: float.

    Returns:
    - dict with "scaled": (n, m).
    """
    ### BEGIN SOLUTION
    scaled = X * (total / X.sum(axis=1, keepdims=True))
    ### END SOLUTION
    return {"scaled": scaled}
'''


def _guide_test_cell():
    """The guide's example test cell, as printed in docs/authoring.md."""
    text = GUIDE.read_text(encoding="utf-8")
    block = re.search(r"```python\n(# The published case.*?)```", text, re.DOTALL)
    assert block, "docs/authoring.md lost its example test cell"
    return block.group(1)


def _cell(kind, source, grade_id, **flags):
    meta = {"grade": False, "solution": False, "locked": False, "schema_version": 3, "task": False,
            "grade_id": grade_id, **flags}
    make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
    cell = make(source, metadata={"nbgrader": meta})
    cell.id = grade_id
    return cell


def _write_course(root, test_cell):
    root.mkdir(parents=True)
    shutil.copy2(REPO / "nbgrader_config.py", root / "nbgrader_config.py")
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [_cell("code", SETUP, "imports", locked=True),
                _cell("code", ANSWER, NAME, solution=True),
                _cell("code", test_cell, f"test_{NAME}", grade=True, locked=True, points=2)]
    folder = root / "source" / NAME
    folder.mkdir(parents=True)
    nbformat.write(nb, folder / f"{NAME}.ipynb")


def _submit(root, student, body):
    release = json.loads((root / "release" / NAME / f"{NAME}.ipynb").read_text())
    for cell in release["cells"]:
        if cell["metadata"].get("nbgrader", {}).get("grade_id") == NAME:
            cell["source"] = body
    target = root / "submitted" / student / NAME / f"{NAME}.ipynb"
    target.parent.mkdir(parents=True)
    target.write_text(json.dumps(release))


def test_the_guides_example_is_a_whole_assignment(tmp_path):
    root = tmp_path / "course"
    _write_course(root, _guide_test_cell())
    assert discover(root) == [NAME]
    assignment = load_assignment(root, NAME)
    (test,) = assignment.tests
    assert [c.visible for c in test.cases] == [True, False, False, False] and assignment.max_points == 2

    proc = run_cli(root, "release")
    assert proc.returncode == 0, proc.stderr
    released = (root / "release" / NAME / f"{NAME}.ipynb").read_text()
    assert "HIDDEN TESTS" not in released and "RandomState(7)" not in released and "BEGIN SOLUTION" not in released

    solution = ANSWER.replace("    ### BEGIN SOLUTION\n", "").replace("    ### END SOLUTION\n", "")
    _submit(root, "solver", solution)
    _submit(root, "wrong-axis", solution.replace("axis=1", "axis=0"))
    _submit(root, "hard-coder", 'def scale_rows(X, total):\n    return {"scaled": np.array([[0.5, 1.5], [1.0, 1.0]])}\n')
    proc = run_cli(root, "grade", NAME, "--report", "report.json", "--no-gradebook")
    assert proc.returncode == 0, proc.stderr
    report = json.loads((root / "report.json").read_text())
    assert report["solver"]["total"] == 2
    for student in ("wrong-axis", "hard-coder"):
        entry = report[student]
        assert entry["status"] == "graded" and entry["total"] == 0, entry
        message = entry["tests"][f"test_{NAME}"]["message"]
        assert "cases wrong" in message and "Hint: Look at which axis" in message, message


@pytest.mark.parametrize("change, says", [
    (lambda cell: cell.replace("test.published(", "graded(\"other\", compare=ArrayDict()).published(", 1),
     "declares 2 graded functions"),
    (lambda cell: cell.replace("from autograder.judges.values import ArrayDict\n", ""), "NameError"),
])
def test_a_broken_declaration_is_the_instructors_error(tmp_path, change, says):
    root = tmp_path / "course"
    _write_course(root, change(_guide_test_cell()))
    with pytest.raises(AssignmentError, match=says):
        load_assignment(root, NAME)
