"""Visible checks that students run in their notebooks.

Each check calls the student's function on the course's small seeded cases,
compares with the published expected output and either prints what matched (with
the size of the error and the tolerance) or raises CheckFailed naming what is
wrong: which key, which shape, how far off, and a hint.
"""
import numpy as np

from utils.compare import compare_array_dicts
from utils.published import INITIALIZATION_CASES, PUBLISHED_ATOL, PUBLISHED_RTOL

# Shown when values are off; shared with the grader's feedback.
HINTS = {
    "initialize_parameters_zeros": "Every W and every b should be np.zeros of shape "
                                   "(layers_dims[l], layers_dims[l-1]) and (layers_dims[l], 1).",
    "initialize_parameters_random": "Call np.random.seed(3) once at the top, then for l = 1..L-1 draw "
                                    "W with np.random.randn(layers_dims[l], layers_dims[l-1]) times 10; "
                                    "b is zeros and draws nothing.",
    "initialize_parameters_he": "Call np.random.seed(3) once at the top, then for l = 1..L-1 draw "
                                "W with np.random.randn(layers_dims[l], layers_dims[l-1]) times "
                                "np.sqrt(2 / layers_dims[l-1]) (He: 2, not 1 as in Xavier); b is zeros.",
}

# A layer list no published case uses: shapes must follow from layers_dims, not be typed in.
_SHAPE_PROBE = [4, 3, 3, 1]


class CheckFailed(AssertionError):
    """A visible check found a mistake; the message says which and how far off."""


def _call(fn, name, *args):
    try:
        return fn(*args)
    except NotImplementedError:
        raise CheckFailed(f"{name} is not implemented yet: replace `raise NotImplementedError()` "
                          f"with your code.") from None


def _max_rel_error(got, expected):
    worst = 0.0
    for key, want in expected.items():
        scale = np.maximum(np.abs(want), PUBLISHED_ATOL / PUBLISHED_RTOL)
        worst = max(worst, float(np.max(np.abs(got[key] - want) / scale)))
    return worst


def check_initializer(fn, name):
    """Check an initialization function against the published cases.

    Inputs:
    - fn: the student's function, layers_dims (list of int) -> dict of Wl, bl.
    - name: its name in the assignment, e.g. "initialize_parameters_he".

    Prints a one-line summary when every case matches; raises CheckFailed otherwise.
    """
    cases = INITIALIZATION_CASES[name]
    worst = 0.0
    for dims, expected in cases:
        # Disturb the global generator first: a correct function seeds itself.
        np.random.seed(12345)
        got = _call(fn, name, list(dims))
        problems = compare_array_dicts(got, expected, PUBLISHED_RTOL, PUBLISHED_ATOL, reveal=True)
        if problems:
            lines = [f"{name}({dims}) does not match the expected output:"]
            lines += [f"  - {p.message}" for p in problems]
            shown = next((p.key for p in problems if p.kind == "values"), None)
            if shown:
                lines.append(f"  expected {shown} =\n{expected[shown]}\n  got {shown} =\n{got[shown]}")
            lines.append(f"  Hint: {HINTS[name]}")
            raise CheckFailed("\n".join(lines))
        worst = max(worst, _max_rel_error(got, expected))
    got = _call(fn, name, list(_SHAPE_PROBE))
    shapes = {}
    for l in range(1, len(_SHAPE_PROBE)):
        shapes[f"W{l}"] = np.zeros((_SHAPE_PROBE[l], _SHAPE_PROBE[l - 1]))
        shapes[f"b{l}"] = np.zeros((_SHAPE_PROBE[l], 1))
    problems = [p for p in compare_array_dicts(got, shapes, reveal=True) if p.kind in ("type", "keys", "shape")]
    if problems:
        raise CheckFailed(f"{name}({_SHAPE_PROBE}) returns the wrong structure (shapes must follow "
                          f"from layers_dims):\n" + "\n".join(f"  - {p.message}" for p in problems))
    print(f"{name}: {len(cases)} published case(s) match (largest relative error {worst:.1e}, "
          f"tolerance {PUBLISHED_RTOL:.0e}); shapes for layers_dims={_SHAPE_PROBE} are right.")
