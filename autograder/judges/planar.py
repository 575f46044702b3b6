"""Judges of the planar classification assignment: layer sizes, a forward pass's (A2, cache), predicted labels.

Each is called as judge(got, expected, reveal, args) -> [utils.compare.Problem], like the judges of values.py.
"""
import numpy as np

from utils.compare import Problem, _type_name, compare_array_dicts, compare_arrays, with_article

from autograder.judges.values import _relative_error

CACHE_KEYS = ("Z1", "A1", "Z2", "A2")


class Sizes:
    """A tuple of integers, compared exactly. Fair typing: numpy integers count as integers, and a list unpacks
    as a tuple does, so either is accepted. (rtol and atol are shown by the notebook's summary line; both zero
    would mark a judge of structure only.)"""
    rtol, atol = 0.0, 1e-12

    def __init__(self, names):
        self.names = tuple(names)

    def __call__(self, got, expected, reveal, args):
        if not isinstance(got, (tuple, list)):
            return [Problem("", "type", f"returned a {_type_name(got)}, expected a tuple ({', '.join(self.names)})")]
        if len(got) != len(self.names):
            return [Problem("", "shape", f"returned a tuple of {len(got)} items, expected {len(self.names)}: "
                                         f"({', '.join(self.names)})")]
        problems = []
        for name, value, want in zip(self.names, got, expected):
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
                problems.append(Problem(name, "type", f"'{name}' is {with_article(_type_name(value))}, expected an integer"))
            elif int(value) != int(want):
                shown = f"expected {int(want)}" if reveal else "which is not the expected size"
                problems.append(Problem(name, "values", f"'{name}' is {int(value)}, {shown}"))
        return problems

    def error_size(self, got, expected):
        return 0.0

    def named_values(self, expected):
        return {name: np.asarray(value) for name, value in zip(self.names, expected)}


class ForwardPass:
    """(A2, cache) of a one-hidden-layer forward pass: A2, and the cache's entries that the expected cache holds.

    The cache must be a dict with the keys Z1, A1, Z2, A2 whatever the expected one shows (a published case may
    show only some entries).
    """

    def __init__(self, rtol=1e-7, atol=1e-12):
        self.rtol, self.atol = rtol, atol

    def __call__(self, got, expected, reveal, args):
        if not isinstance(got, tuple) or len(got) != 2:
            return [Problem("", "type", f"returned a {_type_name(got)}, expected a tuple (A2, cache)")]
        A2, cache = got
        problems = compare_arrays("A2", A2, np.asarray(expected[0]), self.rtol, self.atol, reveal)
        if not isinstance(cache, dict):
            return problems + [Problem("cache", "type", f"the cache is {with_article(_type_name(cache))}, expected a dict "
                                                        f"with keys {', '.join(CACHE_KEYS)}")]
        missing = [k for k in CACHE_KEYS if k not in cache]
        if missing:
            problems.append(Problem("cache", "keys", "the cache misses key(s): " + ", ".join(missing)))
        want = {k: np.asarray(v) for k, v in expected[1].items()}
        problems += compare_array_dicts({k: cache[k] for k in want if k in cache}, want,
                                        rtol=self.rtol, atol=self.atol, reveal=reveal)
        return [p for p in problems if p.kind != "keys" or p.key == "cache"]

    def error_size(self, got, expected):
        errors = [_relative_error(got[0], expected[0], self.rtol, self.atol)]
        errors += [_relative_error(got[1][k], v, self.rtol, self.atol) for k, v in expected[1].items()]
        return max(errors)

    def named_values(self, expected):
        return {"A2": np.asarray(expected[0]), **{k: np.asarray(v) for k, v in expected[1].items()}}


class Labels:
    """An array of predicted labels, compared exactly: booleans, or 0 and 1 of any numeric dtype, are equally right.

    The absolute tolerance of 1e-12 only keeps the notebook from reading this as a judge of structure only."""
    rtol, atol = 0.0, 1e-12

    def __init__(self, key="predictions"):
        self.key = key

    def __call__(self, got, expected, reveal, args):
        return compare_arrays(self.key, got, np.asarray(expected), self.rtol, self.atol, reveal)

    def error_size(self, got, expected):
        return 0.0

    def named_values(self, expected):
        return {self.key: np.asarray(expected)}
