"""What makes an inverted-dropout forward pass correct, checked from its inputs and outputs.

A correct implementation may draw its masks with another numpy call or in another
order than the course, so its numbers differ from the expected output. These
checks judge the properties instead: binary masks of the right shapes, activations
consistent with the masks in the returned cache, survivors scaled by 1/keep_prob,
no dropout on the input or output layer, and a keep rate close to keep_prob.
Used by the learner check (in the notebook) and by the grader (on plain data).
Whether the masks look random across calls is judged by the grader only
(autograder/judges/dropout.py): it needs several calls under seeds it chooses.
"""
import numpy as np

from utils.activations import relu, sigmoid
from utils.compare import Problem, compare_arrays

CACHE_KEYS = ("Z1", "D1", "A1", "W1", "b1", "Z2", "D2", "A2", "W2", "b2", "Z3", "A3", "W3", "b3")
MIN_UNITS_FOR_RATE = 2000     # masks this large must keep close to keep_prob of their units
# A correct mask keeps each unit independently with probability keep_prob. Hoeffding's inequality,
# P(|rate - keep_prob| >= t) <= 2 exp(-2 N t^2), sets the allowed gap t for N units so that a correct
# mask is rejected with probability at most RATE_FALSE_ALARM.
RATE_FALSE_ALARM = 1e-12


def rate_tolerance(units):
    """Largest gap between a correct mask's keep rate and keep_prob, over `units` units (see RATE_FALSE_ALARM)."""
    return float(np.sqrt(np.log(2 / RATE_FALSE_ALARM) / (2 * units)))


def unpack(result):
    """(A3, cache dict, problems) from what forward_propagation_with_dropout returned."""
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        return None, None, [Problem("", "type", "expected (A3, cache), a pair")]
    A3, cache = result
    if not isinstance(cache, (tuple, list)) or len(cache) != len(CACHE_KEYS):
        n = len(cache) if isinstance(cache, (tuple, list)) else type(cache).__name__
        return None, None, [Problem("cache", "type", f"the cache should be a tuple of 14 items "
                                                     f"({', '.join(CACHE_KEYS)}); got {n}")]
    bad = [k for k, v in zip(CACHE_KEYS, cache) if not isinstance(v, np.ndarray)]
    if bad or not isinstance(A3, np.ndarray):
        return None, None, [Problem("cache", "type", "not numpy arrays: " + ", ".join(bad or ["A3"]))]
    return A3, dict(zip(CACHE_KEYS, cache)), []


def _close(a, b, rtol, atol):
    return a.shape == b.shape and np.allclose(a, b, rtol=rtol, atol=atol)


def forward_problems(X, parameters, keep_prob, result, rtol=1e-7, atol=1e-10):
    """Problems of a dropout forward pass, judged from its own cache (empty list when correct).

    Inputs:
    - X: (n0, m) inputs; parameters: dict W1..b3; keep_prob: float in (0, 1].
    - result: what the function returned, expected (A3 (1, m), cache 14-tuple).

    Returns:
    - list of utils.compare.Problem; messages never show expected values.
    """
    A3_out, c, problems = unpack(result)
    if problems:
        return problems
    m = X.shape[1]
    for name in ("W1", "b1", "W2", "b2", "W3", "b3"):
        if not (c[name].shape == parameters[name].shape and np.array_equal(c[name], parameters[name])):
            problems.append(Problem(name, "values", f"the cache's {name} is not the {name} that was passed in"))
    for l in (1, 2):
        n = parameters[f"W{l}"].shape[0]
        for key in (f"Z{l}", f"D{l}", f"A{l}"):
            if c[key].shape != (n, m):
                problems.append(Problem(key, "shape", f"'{key}' has shape {c[key].shape}; it should have one "
                                                      f"entry per unit of layer {l} and per example"))
    if problems:
        return problems
    for l in (1, 2):
        D = c[f"D{l}"]
        if D.dtype.kind not in "biuf" or not np.isin(D, (0, 1)).all():
            problems.append(Problem(f"D{l}", "values", f"'D{l}' must be a mask of 0s and 1s (or booleans); "
                                                       f"threshold the random draws with `< keep_prob`"))
    if problems:
        return problems

    prev = X
    for l in (1, 2):
        W, b, Z, D, A = (c[f"W{l}"], c[f"b{l}"], c[f"Z{l}"], c[f"D{l}"].astype(np.float64), c[f"A{l}"])
        if not _close(Z, W @ prev + b, rtol, atol):
            where = "the input layer must not be dropped" if l == 1 else "Z2 must be computed from the dropped-out A1"
            problems.append(Problem(f"Z{l}", "values", f"'Z{l}' is not W{l} @ A{l - 1} + b{l} "
                                                       f"(with A0 = X): {where}"))
            return problems
        expected_A = relu(Z) * D / keep_prob
        if not _close(A, expected_A, rtol, atol):
            if _close(A, relu(Z) * D, rtol, atol) and keep_prob != 1:
                why = "the kept units are not divided by keep_prob (inverted dropout rescales them)"
            elif _close(A, relu(Z) / keep_prob, rtol, atol) or _close(A, relu(Z), rtol, atol):
                why = "the mask in the cache was not applied to it (mask drawn again, or not used)"
            elif _close(A, relu(Z * D / keep_prob), rtol, atol):
                why = "the mask must be applied after the ReLU, to the activation"
            else:
                why = "it should equal relu(Z) * D / keep_prob with the cache's own Z and D"
            gap = float(np.max(np.abs(A - expected_A))) if A.shape == expected_A.shape else float("nan")
            problems.append(Problem(f"A{l}", "values", f"'A{l}' is not consistent with the cache: {why} "
                                                       f"(largest difference from relu(Z{l}) * D{l} / keep_prob: "
                                                       f"{gap:.2e}, tolerance {rtol:.0e} relative)"))
            return problems
        prev = A
    if not _close(c["Z3"], c["W3"] @ prev + c["b3"], rtol, atol):
        problems.append(Problem("Z3", "values", "'Z3' is not W3 @ A2 + b3 with the dropped-out A2"))
    elif not _close(c["A3"], sigmoid(c["Z3"]), rtol, atol):
        problems.append(Problem("A3", "values", "'A3' is not sigmoid(Z3): no dropout or rescaling on the output layer"))
    elif not _close(A3_out, c["A3"], rtol, atol):
        problems.append(Problem("A3", "values", "the returned A3 differs from the A3 in the cache"))
    if problems:
        return problems
    for l in (1, 2):
        D = c[f"D{l}"].astype(np.float64)
        if D.size >= MIN_UNITS_FOR_RATE:
            rate = float(D.mean())
            slack = rate_tolerance(D.size)
            if abs(rate - keep_prob) > slack:
                problems.append(Problem(f"D{l}", "values", f"'D{l}' keeps {rate:.1%} of {D.size} units; with "
                                                           f"keep_prob = {keep_prob} it should keep about "
                                                           f"{keep_prob:.0%} (within {slack:.1%})"))
    return problems


def masks_match(result, masks):
    """Whether the cache's D1 and D2 equal the given masks (the course's draw order)."""
    _, c, problems = unpack(result)
    return not problems and all(c[k].shape == masks[k].shape and np.array_equal(c[k].astype(bool), masks[k].astype(bool))
                                for k in ("D1", "D2"))


def canonical_problems(result, expected, rtol, atol, reveal):
    """When the masks are the course's, the values must be the expected ones too."""
    _, c, problems = unpack(result)
    if problems:
        return problems
    return compare_arrays("A3", c["A3"], expected["A3"], rtol, atol, reveal)
