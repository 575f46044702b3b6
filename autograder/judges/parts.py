"""A judge of functions that return several values: a tuple of arrays, numbers and dicts, or one dict.

The Logistic Regression assignment's functions return (w, b), (grads, cost), (params, grads, costs),
a dict of results or a single array. The expected value is one flat dict {name: value}; `layout` says
where each name sits in the result:
- "name": the whole result is that value;
- ("w", "b") or (("dw", "db"), "cost"): a tuple, one entry per position; a tuple of names at a
  position is a dict holding those keys (other keys allowed);
- {"keys": (...)}: the result is a dict holding those keys (other keys allowed).
An expected ndarray is compared as an array (boolean results count as 0./1.), anything else as a
number (a Python float, an np.float64, a size-1 array or the int 0 are all numbers). Names in `numbers`
are numbers even when the reference is a size-1 array (the solution's np.squeeze of a cost is a 0-d
array, which the wire turns into shape (1,)). Names in `sequences` may also be a list or tuple of
numbers (a cost history). Names in `floats` must have a float dtype (an int array is a different
answer there: updating it in place fails).
"""
import numpy as np

from utils.compare import Problem, compare_arrays, compare_scalar
from autograder.judges.values import _relative_error


# Names that are numbers in the course's results, whatever form the reference takes.
NUMBERS = ("b", "db", "cost", "learning_rate", "num_iterations")


class Parts:
    def __init__(self, layout, rtol=1e-7, atol=1e-12, sequences=(), floats=(), numbers=NUMBERS):
        self.layout, self.rtol, self.atol = layout, rtol, atol
        self.sequences, self.floats, self.numbers = tuple(sequences), tuple(floats), tuple(numbers)

    def _unpack(self, got):
        """({name: value}, problems) taken from the result according to the layout."""
        layout = self.layout
        if isinstance(layout, str):
            return {layout: got}, []
        if isinstance(layout, dict):
            return self._from_dict(got, layout["keys"], "the result")
        if not isinstance(got, (tuple, list)):
            return {}, [Problem("", "type", f"returned a {type(got).__name__}, expected a tuple of "
                                            f"{len(layout)} values")]
        if len(got) != len(layout):
            return {}, [Problem("", "type", f"returned {len(got)} values, expected {len(layout)}")]
        values, problems = {}, []
        for position, (part, entry) in enumerate(zip(got, layout)):
            if isinstance(entry, str):
                values[entry] = part
            else:
                found, missing = self._from_dict(part, entry, f"value {position + 1} of the result")
                values.update(found)
                problems += missing
        return values, problems

    @staticmethod
    def _from_dict(got, keys, label):
        if not isinstance(got, dict):
            return {}, [Problem("", "type", f"{label} is a {type(got).__name__}, expected a dict with keys "
                                            + ", ".join(keys))]
        missing = [k for k in keys if k not in got]
        problems = [Problem("", "keys", f"{label} lacks key(s): " + ", ".join(missing))] if missing else []
        return {k: got[k] for k in keys if k in got}, problems

    def _one(self, name, got, want, reveal):
        if not isinstance(want, np.ndarray):
            return compare_scalar(name, got, want, rtol=self.rtol, atol=self.atol, reveal=reveal)
        if name in self.sequences and isinstance(got, (list, tuple)):
            try:
                got = np.asarray(got, dtype=np.float64)
            except (TypeError, ValueError, OverflowError):
                return [Problem(name, "type", f"'{name}' is a list that does not hold floating-point numbers only")]
        if isinstance(got, np.ndarray) and got.dtype == bool:
            got = got.astype(np.float64)
        if name in self.floats and isinstance(got, np.ndarray) and got.dtype.kind != "f":
            return [Problem(name, "dtype", f"'{name}' has dtype {got.dtype}, expected a float dtype")]
        if name in self.sequences and isinstance(got, np.ndarray) and got.ndim != want.ndim:
            got = got.reshape(-1) if got.size == want.size else got
        return compare_arrays(name, got, want, self.rtol, self.atol, reveal)

    def _flat(self, expected):
        """The expected value as {name: value}: a published case gives it so, a hidden case as the solution returns."""
        if isinstance(self.layout, str):
            flat = expected if isinstance(expected, dict) and set(expected) == {self.layout} else {self.layout: expected}
        elif isinstance(self.layout, dict) or isinstance(expected, (tuple, list)):
            flat = self._unpack(expected)[0]
        else:
            flat = expected
        # The solution's np.squeeze of a cost is a 0-d array, which reaches the grader as a (1,) array: names in
        # `numbers` are numbers whatever form the reference has, so a student's Python float matches them.
        return {name: np.asarray(value, dtype=np.float64) if name in self.sequences
                else float(np.asarray(value).reshape(-1)[0]) if name in self.numbers and np.size(value) == 1
                else value
                for name, value in flat.items()}

    def __call__(self, got, expected, reveal, args):
        expected = self._flat(expected)
        values, problems = self._unpack(got)
        if problems:
            return problems
        for name, want in expected.items():
            problems += self._one(name, values[name], want, reveal)
        return problems

    def error_size(self, got, expected):
        expected = self._flat(expected)
        values, _ = self._unpack(got)
        sizes = []
        for name, want in expected.items():
            value = values[name]
            if isinstance(value, (list, tuple)) or (isinstance(value, np.ndarray) and value.dtype == bool):
                value = np.asarray(value, dtype=np.float64).reshape(np.shape(want))
            sizes.append(_relative_error(value, want, self.rtol, self.atol))
        return max(sizes, default=0.0)

    def named_values(self, expected):
        return {name: np.asarray(value) for name, value in self._flat(expected).items()}
