"""A judge of training functions that return (parameters, costs), as the deep-network application's models do.

parameters is a dict of arrays {"W1": ..., "b1": ..., ...} whose keys depend on the depth; costs is the
cost history, a list of numbers (Python floats, numpy scalars, 0-d or size-1 arrays alike).

A hidden case's expected value is the solution's own (parameters, costs): the keys must be exactly the
solution's and every array and cost must match. A published case's expected value is the flat dict of
what the spec prints: "costs", whole parameters ("W2") or the first entries of one row ("W1[0, :3]").
"""
import re

import numpy as np

from utils.compare import Problem, compare_array_dicts, compare_arrays
from autograder.judges.values import _relative_error

_ROW_START = re.compile(r"^(\w+)\[(\d+), :(\d+)\]$")   # "W1[0, :3]": row 0, entries 0-2


def _costs(value):
    """The cost history as a 1-d float array, or None when it is not a sequence of single numbers."""
    if not isinstance(value, (list, tuple, np.ndarray)):
        return None
    try:
        entries = [np.asarray(c, dtype=np.float64) for c in value]
    except (TypeError, ValueError, OverflowError):
        return None
    if any(e.size != 1 for e in entries):
        return None
    return np.array([e.reshape(-1)[0] for e in entries], dtype=np.float64)


class Trained:
    def __init__(self, rtol=1e-7, atol=1e-12):
        self.rtol, self.atol = rtol, atol

    @staticmethod
    def _split(got):
        """(parameters, costs array, problems) of a result."""
        if not isinstance(got, (tuple, list)) or len(got) != 2:
            what = f"{len(got)} values" if isinstance(got, (tuple, list)) else f"a {type(got).__name__}"
            return None, None, [Problem("", "type", f"returned {what}, expected the pair (parameters, costs)")]
        parameters, costs = got
        problems = []
        if not isinstance(parameters, dict):
            problems.append(Problem("parameters", "type", f"'parameters' is a {type(parameters).__name__}, "
                                                          "expected a dict of arrays"))
        history = _costs(costs)
        if history is None:
            problems.append(Problem("costs", "type", "'costs' is not a list of numbers (one cost per record)"))
        return parameters, history, problems

    @staticmethod
    def _part(parameters, name):
        """The value a published name designates in the student's parameters (None when it is not there)."""
        match = _ROW_START.match(name)
        key, row, count = (match.group(1), int(match.group(2)), int(match.group(3))) if match else (name, None, None)
        value = parameters.get(key)
        if row is None or value is None:
            return value
        if not isinstance(value, np.ndarray) or value.ndim != 2 or value.shape[0] <= row or value.shape[1] < count:
            return f"{key} of another shape"
        return value[row, :count]

    def _flat(self, expected):
        """{name: array} of the expected value, published (already flat) or the solution's (parameters, costs)."""
        if isinstance(expected, dict):
            return {k: np.asarray(v, dtype=np.float64) for k, v in expected.items()}
        parameters, costs = expected
        return {"costs": _costs(costs), **{k: np.asarray(v) for k, v in parameters.items()}}

    def __call__(self, got, expected, reveal, args):
        parameters, costs, problems = self._split(got)
        if problems:
            return problems
        want = self._flat(expected)
        problems = compare_arrays("costs", costs, want.pop("costs"), self.rtol, self.atol, reveal)
        if not isinstance(expected, dict):   # hidden: every parameter of the solution, no other key
            return problems + compare_array_dicts(parameters, want, self.rtol, self.atol, reveal)
        for name, value in want.items():
            part = self._part(parameters, name)
            if part is None:
                problems.append(Problem(name, "keys", f"'parameters' lacks the key {name.split('[')[0]}"))
            elif isinstance(part, str):
                problems.append(Problem(name, "shape", f"'{name}' cannot be read: {part}"))
            else:
                problems += compare_arrays(name, part, value, self.rtol, self.atol, reveal)
        return problems

    def error_size(self, got, expected):
        parameters, costs, _ = self._split(got)
        sizes = []
        for name, want in self._flat(expected).items():
            value = costs if name == "costs" else self._part(parameters, name)
            if isinstance(value, np.ndarray):
                sizes.append(_relative_error(value, want, self.rtol, self.atol))
        return max(sizes, default=0.0)

    def named_values(self, expected):
        return self._flat(expected)
