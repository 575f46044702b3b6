"""Judges of values: a result must equal the expected one, within tolerances.

A judge is called as judge(got, expected, reveal, args) and returns a list of
utils.compare.Problem (empty: the result is right). The grader calls it on plain data
decoded from the student's process; the notebook's visible check calls it on the
published cases. With reveal=False its messages give no expected value or shape.
"""
import numpy as np

from utils.compare import compare_array_dicts, compare_scalar


def _relative_error(got, want, rtol, atol):
    got, want = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    if got.shape != want.shape or want.size == 0:
        return 0.0
    return float(np.max(np.abs(got - want) / np.maximum(np.abs(want), atol / rtol if rtol else 1e-300)))


class Scalar:
    """A function returning one number, called `key` in messages."""

    def __init__(self, key, rtol=1e-7, atol=1e-12):
        self.key, self.rtol, self.atol = key, rtol, atol

    def __call__(self, got, expected, reveal, args):
        return compare_scalar(self.key, got, expected, rtol=self.rtol, atol=self.atol, reveal=reveal)

    def error_size(self, got, expected):
        """Relative error of a result that passed, for the notebook's summary line."""
        return _relative_error(got, expected, self.rtol, self.atol)

    def named_values(self, expected):
        """The expected output as {name: array}, as an "Expected output" block shows it."""
        return {self.key: np.asarray(expected)}


class ArrayDict:
    """A function returning a dict of arrays (parameters, gradients).

    keys: judge only these keys (other keys may be present); None: exactly the expected keys.
    """

    def __init__(self, keys=None, rtol=1e-7, atol=1e-12):
        self.keys, self.rtol, self.atol = (tuple(keys) if keys is not None else None), rtol, atol

    def _judged(self, expected):
        return expected if self.keys is None else {k: expected[k] for k in self.keys}

    def __call__(self, got, expected, reveal, args):
        expected = self._judged(expected)
        if self.keys is not None and isinstance(got, dict):
            got = {k: got[k] for k in self.keys if k in got}
        return compare_array_dicts(got, expected, rtol=self.rtol, atol=self.atol, reveal=reveal)

    def error_size(self, got, expected):
        return max((_relative_error(got[k], want, self.rtol, self.atol)
                    for k, want in self._judged(expected).items()), default=0.0)

    def named_values(self, expected):
        return dict(expected)


class Shapes:
    """Structure only: the dict's keys and each array's shape, given as {key: shape tuple}.

    For a published case on a size of the notebook's own: the values are the student's, the shapes
    must follow from the arguments.
    """
    rtol, atol = 0.0, 0.0

    def __call__(self, got, expected, reveal, args):
        zeros = {key: np.zeros(shape) for key, shape in expected.items()}
        return [p for p in compare_array_dicts(got, zeros, reveal=reveal) if p.kind in ("type", "keys", "shape")]

    def error_size(self, got, expected):
        return 0.0

    def named_values(self, expected):
        return {}
