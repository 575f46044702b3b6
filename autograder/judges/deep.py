"""A judge of the deep-network building blocks, which return a value together with nested caches.

linear_forward returns (Z, (A, W, b)), linear_activation_forward (A, ((A_prev, W, b), Z)), L_model_forward
(AL, [cache, ...]) and linear_backward (dA_prev, dW, db). `names` names the top-level positions of the
result. A hidden case's expected value is the solution's result: the two are walked together, tuples and
lists alike, and every array leaf is compared, named by its path (e.g. "caches[1][0][2]"). A published
case's expected value is a dict {name: array} of the top-level values the spec prints, plus optionally
"len(name)" for the length of a list (the number of caches).
"""
import numpy as np

from utils.compare import Problem, compare_arrays, compare_scalar
from autograder.judges.values import _relative_error


class Nested:
    def __init__(self, names, rtol=1e-7, atol=1e-12):
        self.names, self.rtol, self.atol = tuple(names), rtol, atol

    def _top(self, got):
        if not isinstance(got, (tuple, list)):
            return None, [Problem("", "type", f"returned a {type(got).__name__}, expected a tuple of "
                                              f"{len(self.names)} values")]
        if len(got) != len(self.names):
            return None, [Problem("", "type", f"returned {len(got)} values, expected {len(self.names)}")]
        return dict(zip(self.names, got)), []

    def _walk(self, path, got, want, reveal):
        if isinstance(want, (tuple, list)):
            if not isinstance(got, (tuple, list)):
                return [Problem(path, "type", f"'{path}' is a {type(got).__name__}, expected a tuple")]
            if len(got) != len(want):
                return [Problem(path, "type", f"'{path}' holds {len(got)} values"
                                + (f", expected {len(want)}" if reveal else ", not the expected number"))]
            problems = []
            for i, (g, w) in enumerate(zip(got, want)):
                problems += self._walk(f"{path}[{i}]", g, w, reveal)
            return problems
        if isinstance(want, np.ndarray):
            return compare_arrays(path, got, want, self.rtol, self.atol, reveal)
        return compare_scalar(path, got, want, rtol=self.rtol, atol=self.atol, reveal=reveal)

    def __call__(self, got, expected, reveal, args):
        values, problems = self._top(got)
        if problems:
            return problems
        if isinstance(expected, dict):
            for name, want in expected.items():
                if name.startswith("len("):
                    inner = values[name[4:-1]]
                    if not isinstance(inner, (tuple, list)) or len(inner) != want:
                        problems.append(Problem(name, "type", f"'{name[4:-1]}' is not a list of {want} values"
                                                if reveal else f"'{name[4:-1]}' does not hold one entry per layer"))
                elif name.endswith("[0]") and name[:-3] in values:
                    inner = values[name[:-3]]
                    if not isinstance(inner, np.ndarray) or inner.ndim != 2:
                        problems.append(Problem(name, "type", f"'{name[:-3]}' is not a 2-d array"))
                    else:
                        problems += self._walk(name, inner[0], want, reveal)
                else:
                    problems += self._walk(name, values[name], want, reveal)
            return problems
        for name, want in zip(self.names, expected):
            problems += self._walk(name, values[name], want, reveal)
        return problems

    def _leaves(self, path, value):
        if isinstance(value, (tuple, list)):
            out = []
            for i, item in enumerate(value):
                out += self._leaves(f"{path}[{i}]", item)
            return out
        return [(path, value)]

    def _pairs(self, got, expected):
        values, _ = self._top(got)
        if isinstance(expected, dict):
            return [(values[n[:-3]][0] if n.endswith("[0]") else values[n], w)
                    for n, w in expected.items() if not n.startswith("len(")]
        got_leaves = sum((self._leaves(n, values[n]) for n in self.names), [])
        want_leaves = sum((self._leaves(n, w) for n, w in zip(self.names, expected)), [])
        return [(g, w) for (_, g), (_, w) in zip(got_leaves, want_leaves)]

    def error_size(self, got, expected):
        return max((_relative_error(g, w, self.rtol, self.atol) for g, w in self._pairs(got, expected)),
                   default=0.0)

    def named_values(self, expected):
        if isinstance(expected, dict):
            return {n: np.asarray(w) for n, w in expected.items()}
        return {n: np.asarray(w) for n, w in sum((self._leaves(n, w) for n, w in zip(self.names, expected)), [])}
