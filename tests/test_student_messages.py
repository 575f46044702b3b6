"""What a student reads when a visible check fails: the message first and alone, short lines, hints that point.

The notebook part runs the release's own cells in a real kernel, as JupyterLab would, and reads the error output
the way JupyterLab (the traceback lines), nbgrader's Validate and nbgrader's autograde do.
"""
import copy
import json
import re

import nbformat
import pytest
from nbclient import NotebookClient
from nbgrader.utils import determine_grade
from nbgrader.validator import Validator

from conftest import REPO, assignments
from autograder.assignment import load_assignment
from autograder.visible_check import MESSAGE_WIDTH, CheckFailed, short_lines

RELEASE = REPO / "release" / "initialization" / "initialization.ipynb"

WRONG_ZEROS = '''def initialize_parameters_zeros(layers_dims):
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters[f"W{l}"] = np.ones((layers_dims[l], layers_dims[l - 1]))
        parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
    return parameters
'''


@pytest.fixture(scope="module")
def failed_checks(tmp_path_factory):
    """The zeros check cell run after the release's stub, then after a wrong answer (W of ones)."""
    release = nbformat.read(str(RELEASE), as_version=4)
    cells = {cell.id: cell for cell in release.cells}
    check = cells["test_initialize_parameters_zeros"]
    nb = nbformat.v4.new_notebook(metadata=release.metadata)
    nb.cells = [cells["imports"], cells["initialize_parameters_zeros"], copy.deepcopy(check),
                nbformat.v4.new_code_cell(WRONG_ZEROS), copy.deepcopy(check)]
    for i, cell in enumerate(nb.cells):
        cell.id = f"cell-{i}"
    client = NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(RELEASE.parent)}})
    client.execute()
    return {"stub": nb.cells[2], "wrong": nb.cells[4]}


def _error(cell):
    errors = [o for o in cell.outputs if o.output_type == "error"]
    assert len(errors) == 1, cell.outputs
    return errors[0]


@pytest.mark.parametrize("case, first_line", [
    ("stub", "initialize_parameters_zeros is not implemented yet"),
    ("wrong", "initialize_parameters_zeros([3, 2, 1]) does not match the expected output:"),
])
def test_the_notebook_shows_the_message_alone(failed_checks, case, first_line):
    error = _error(failed_checks[case])
    shown = error.traceback            # what JupyterLab renders for an error output
    assert error.ename == "CheckFailed"
    assert shown[0].startswith(first_line), shown
    text = "\n".join(shown)
    assert "Traceback" not in text and "checks.py" not in text and "File " not in text, text
    assert len(shown) <= 16, f"{len(shown)} lines:\n{text}"
    too_long = [line for line in shown if len(line) > MESSAGE_WIDTH]
    assert not too_long, too_long


def test_the_wrong_answer_message_names_the_key_and_hints(failed_checks):
    text = "\n".join(_error(failed_checks["wrong"]).traceback)
    assert "'W1'" in text and "Hint: Look at" in text


@pytest.mark.parametrize("case", ["stub", "wrong"])
def test_nbgrader_validate_shows_the_message_first_and_uncut(failed_checks, case):
    validator = Validator()
    shown = validator._indent(validator._extract_error(failed_checks[case]))
    first = shown.splitlines()[0].strip()
    assert first.startswith("initialize_parameters_zeros"), shown
    assert "..." not in shown, f"Validate cuts lines at {validator.width} characters:\n{shown}"


@pytest.mark.parametrize("case", ["stub", "wrong"])
def test_nbgrader_autograde_still_scores_the_failed_check_zero(failed_checks, case):
    score, max_score = determine_grade(failed_checks[case])
    assert score == 0 and max_score == 2


def test_long_message_lines_wrap_between_numbers():
    line = "  - 'db1' differs: largest error 1.90e+00 at db1[0, 0], allowed there 6.33e-08; 4 of 5 entries " \
           "are off (every entry is 4 times the expected one: check the scale factor)"
    lines = CheckFailed(line)._render_traceback_()
    assert lines == short_lines(line) and len(lines) > 1
    assert all(len(x) <= MESSAGE_WIDTH for x in lines)
    assert all(x.startswith("      ") for x in lines[1:]) and " ".join(x.strip() for x in lines) == line.strip()
    words = line.split()
    assert all(w in words for x in lines for w in x.split()), "every piece is a whole word, never half a number"
    table = "expected W1 =\n[[ 17.88628473   4.36509851   0.96497468]\n [-18.63492703  -2.77388203  -3.54758979]]"
    assert short_lines(table) == table.splitlines(), "array printouts keep their column spacing"


def _solution_lines():
    """Every code line inside a solution region of the source notebooks, spaces removed."""
    lines = set()
    for path in (REPO / "source").rglob("*.ipynb"):
        inside = False
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            for line in "".join(cell["source"]).splitlines():
                s = line.strip()
                if s in ("### BEGIN SOLUTION", "### END SOLUTION"):
                    inside = s == "### BEGIN SOLUTION"
                elif inside and len(s) > 8:
                    lines.add(re.sub(r"\s+", "", s))
    return lines


HINTS = {f"{a}:{t.function}": t.hint for a in assignments() for t in load_assignment(REPO, a).tests}


@pytest.mark.parametrize("name", sorted(HINTS))
def test_hints_point_rather_than_answer(name):
    hint = HINTS[name]
    squeezed = re.sub(r"\s+", "", hint)
    assert hint.startswith(("Look at", "Check", "Compare", "Differentiate")), hint
    assert not re.search(r"\b\w+\s*=\s*[^=\s]", hint), f"the hint for {name} writes out an assignment: {hint}"
    assert not [line for line in _solution_lines() if line in squeezed], hint
    assert len(hint) <= 260, f"{len(hint)} characters"
