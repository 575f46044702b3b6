"""The "Expected output" a student reads equals what the published cases declare, which the solution produces.

Each fenced block after an "Expected output" heading lists `NAME = <array>` entries. Every entry
must equal, to the digits it shows, the value of that name in a published case of the graded
function the block belongs to (the function named in the heading's backticks, else the nearest
graded function above it). The published cases' expected values are in turn what the solution
returns: executing the source notebook (tests/test_notebooks.py) runs each test cell's check on the
instructor's own answers.
"""
import re

import numpy as np
import pytest

from autograder import notebook_io
from autograder.assignment import load_assignment, notebook_name
from conftest import REPO, assignments

_ENTRY = re.compile(r"^\s*(\w+) = ", re.MULTILINE)
_NUMBER = re.compile(r"-?\d+\.?\d*(?:e[-+]?\d+)?")


def _blocks(assignment):
    """(function, {name: numbers shown}) for every Expected output block of the source notebook."""
    tests = load_assignment(REPO, assignment).tests
    by_cell = {t.cell: t.function for t in tests}
    nb = notebook_io.read_trusted(REPO / "source" / assignment / notebook_name(assignment))
    current, found = None, []
    for cell in nb.cells:
        if cell.grade_id in by_cell:
            current = by_cell[cell.grade_id]
        if cell.cell_type != "markdown" or "**Expected output**" not in cell.source:
            continue
        heading = next(line for line in cell.source.splitlines() if "**Expected output**" in line)
        named = [f for f in by_cell.values() if f"`{f}(" in heading]
        function = named[0] if named else current
        for block in re.findall(r"```\n(.*?)```", cell.source, re.DOTALL):
            starts = list(_ENTRY.finditer(block))
            entries = {}
            for m, nxt in zip(starts, starts[1:] + [None]):
                text = block[m.end():nxt.start() if nxt else len(block)]
                entries[m.group(1)] = [float(x) for x in _NUMBER.findall(text)]
            found.append((function, entries))
    return found


def _published_values(assignment, function):
    test = next(t for t in load_assignment(REPO, assignment).tests if t.function == function)
    return [(case.compare or test.compare).named_values(case.expect) for case in test.published]


SHOWN_ATOL = 0.5e-8   # the blocks print 8 decimals, as the original course's outputs do


@pytest.mark.parametrize("assignment", assignments())
def test_expected_output_blocks_equal_the_published_cases(assignment):
    blocks = _blocks(assignment)
    for function, entries in blocks:
        published = _published_values(assignment, function)
        for name, shown in entries.items():
            candidates = [np.asarray(values[name], dtype=np.float64).ravel() for values in published if name in values]
            assert candidates, f"{assignment}: Expected output of {function} shows {name}, which no published case has"
            assert any(c.size == len(shown) and np.allclose(c, shown, rtol=0, atol=SHOWN_ATOL)
                       for c in candidates), f"{assignment}: {function}'s {name} = {shown} is not a published value"


def test_the_blocks_are_found():
    """The reader sees the blocks it is about (a change of heading would otherwise make the test vacuous)."""
    counts = {a: sum(len(entries) for _, entries in _blocks(a)) for a in assignments()}
    assert counts["initialization"] >= 8 and counts["regularization"] >= 8, counts
