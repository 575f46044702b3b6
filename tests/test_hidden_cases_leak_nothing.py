"""No graded call carries another graded function's hidden answer.

Every call of an assignment reaches the same student process, so an argument of one function's case
is something the student's code can keep and return later. If a hidden case's reference output
appeared among another test's arguments (true gradients passed to a gradient check, say, that a
backward pass must compute), a student could score on it without computing anything.
"""
import numpy as np
import pytest

from autograder import grading, wire
from autograder.assignment import load_assignment
from autograder.config import load_limits
from conftest import REPO, assignments


def _telling_arrays(value, found):
    """The arrays in `value` that could identify an answer: at least three distinct values (zeros,
    constant fills and 0/1 label vectors recur everywhere by coincidence)."""
    if isinstance(value, np.ndarray):
        if value.size >= 3 and np.unique(value).size >= 3:
            found.append(value)
    elif isinstance(value, dict):
        for v in value.values():
            _telling_arrays(v, found)
    elif isinstance(value, (list, tuple)):
        for v in value:
            _telling_arrays(v, found)
    return found


def leaks(assignment, references):
    """(hidden call id, call id whose arguments hold its answer) for every such pair of different tests."""
    calls = assignment.calls()
    args = {c["id"]: _telling_arrays(wire.decode(c["args"]), []) for c in calls}
    out = []
    for hidden in (c for c in calls if not _is_published(assignment, c["id"])):
        for answer in _telling_arrays(references[hidden["id"]], []):
            for other in (c for c in calls if c["test"] != hidden["test"]):
                if any(a.shape == answer.shape and np.array_equal(a, answer) for a in args[other["id"]]):
                    out.append((hidden["id"], other["id"]))
    return sorted(set(out))


@pytest.mark.parametrize("name", assignments())
def test_no_hidden_answer_is_another_calls_argument(name):
    assignment = load_assignment(REPO, name)
    references = grading.compute_references(assignment, load_limits(REPO))
    assert leaks(assignment, references) == []


def test_the_audit_finds_an_answer_passed_as_an_argument():
    """The gradient-checking notebook as it was: the true gradients of the same networks were both
    gradient_check_n's arguments and backward_propagation_n_fixed's hidden answers."""
    assignment = load_assignment(REPO, "gradient_checking")
    references = grading.compute_references(assignment, load_limits(REPO))
    calls = {c["id"]: c for c in assignment.calls()}
    checker = next(cid for cid, c in calls.items() if c["function"] == "gradient_check_n"
                   and not _is_published(assignment, cid))
    fixed = next(cid for cid, c in calls.items() if c["function"] == "backward_propagation_n_fixed"
                 and not _is_published(assignment, cid))
    references[fixed] = wire.decode(calls[checker]["args"])[1]   # the gradients gradient_check_n is given
    assert (fixed, checker) in leaks(assignment, references)


def _is_published(assignment, call_id):
    """Call ids are "<function>#<n>", n counting the cases of every test in order (Assignment.calls)."""
    cases = [c for t in assignment.tests for c in t.cases]
    return cases[int(call_id.split("#")[1])].visible
