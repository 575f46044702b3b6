"""Compare what a function returned with what it should return, and say what differs.

One home for the comparison logic: the learner-facing checks (in the student's
kernel) and the grader (in its trusted process) both call it. Messages name the
key, the shape and the size of the error; with reveal=False they never contain an
expected value or an expected shape, so hidden cases stay hidden.
"""
from dataclasses import dataclass

import numpy as np

from utils.numerics import best_scale


@dataclass(frozen=True)
class Problem:
    """One thing that differs. key: the dict key or "" for the whole value."""
    key: str
    kind: str        # "type", "keys", "shape", "dtype", "nonfinite", "values"
    message: str


def with_article(noun):
    """"an int", "a numpy array": a type name as a message says it."""
    return f"{'an' if noun[:1].lower() in 'aeiou' else 'a'} {noun}"


def _type_name(x):
    if type(x).__name__ == "Unsupported" and hasattr(x, "what"):   # the grader's stand-in (autograder.wire)
        return f"value that could not be sent as plain data ({x.what})"
    if isinstance(x, np.ndarray):
        return f"numpy array of dtype {x.dtype} and shape {x.shape}"
    return type(x).__name__


def _key_list(keys, most=10):
    """Keys for a message, a bounded number of them and each shortened (a student chooses them)."""
    def short(k):
        if isinstance(k, str):
            return repr(k[:40]) + ("..." if len(k) > 40 else "")
        return f"a key of type {type(k).__name__}"   # repr of a huge int would itself raise
    keys = list(keys)
    shown = ", ".join(short(k) for k in keys[:most])
    return shown + (f" and {len(keys) - most} more" if len(keys) > most else "")


def compare_arrays(key, got, expected, rtol, atol, reveal):
    """Problems of one array against its expected value (list, empty when it matches).

    Inputs:
    - key: name used in messages, e.g. "W1".
    - got: what the function produced (anything).
    - expected: np.ndarray, the reference.
    - rtol, atol: elementwise tolerance |got - expected| <= atol + rtol * |expected|.
    - reveal: whether messages may show expected shapes.
    """
    label = f"'{key}'" if key else "the result"
    if not isinstance(got, np.ndarray):
        return [Problem(key, "type", f"{label} is {with_article(_type_name(got))}, expected a numpy array")]
    if got.shape != expected.shape:
        if reveal:
            want = f"expected {expected.shape}"
        elif got.ndim != expected.ndim:
            want = f"expected an array with {expected.ndim} dimensions"
        else:
            axes = [i for i, (a, b) in enumerate(zip(got.shape, expected.shape)) if a != b]
            want = "the expected shape differs along axis " + ", ".join(map(str, axes))
        return [Problem(key, "shape", f"{label} has shape {got.shape}; {want}")]
    if got.dtype.kind not in ("fiu" if expected.dtype.kind == "f" else "fiub"):
        return [Problem(key, "dtype", f"{label} has dtype {got.dtype}, expected numbers")]
    # Student values may be huge or non-finite: overflow to inf is judged, not warned about.
    with np.errstate(all="ignore"):
        return _compare_values(key, label, got, expected, rtol, atol, reveal)


def _compare_values(key, label, got, expected, rtol, atol, reveal):
    got_f = got.astype(np.float64)
    exp_f = expected.astype(np.float64)
    bad_nonfinite = ~np.isfinite(got_f) & np.isfinite(exp_f)
    if bad_nonfinite.any():
        return [Problem(key, "nonfinite",
                        f"{label} holds {int(bad_nonfinite.sum())} nan or inf value(s) where finite numbers are expected")]
    err = np.abs(got_f - exp_f)
    allowed = atol + rtol * np.abs(exp_f)
    over = np.where(np.isfinite(exp_f), err - allowed, np.where(got_f == exp_f, 0.0, np.inf))
    if got.size == 0 or not (over > 0).any():
        return []
    n_off = int((over > 0).sum())
    if reveal:
        worst = np.unravel_index(int(np.argmax(over)), over.shape)
        where = f"{key}[{', '.join(map(str, worst))}]" if key else f"[{', '.join(map(str, worst))}]"
        msg = (f"{label} differs: largest error {err[worst]:.2e} at {where}, "
               f"allowed there {allowed[worst]:.2e}; {n_off} of {got.size} entries are off")
    else:
        # No sizes or positions: with the student's own values they would give the hidden reference away.
        msg = (f"{label} differs: {n_off} of {got.size} entries are off by more than the tolerance "
               f"(relative {rtol:.0e})")
    scale = best_scale(got_f, exp_f)
    # A ratio says something only across several nonzero entries: any single number is some multiple of
    # another, and "0 times" is a result of zeros, said plainly below.
    if scale is not None and abs(scale - 1) > 1e-3 and abs(scale) > 1e-12 and np.count_nonzero(exp_f) > 1 \
            and np.allclose(got_f, scale * exp_f, rtol=1e-6, atol=atol):
        msg += f" (every entry is {scale:.4g} times the expected one: check the scale factor)"
    elif not exp_f.any() and got_f.any():
        msg += " (all entries should be zero)"
    elif not got_f.any() and exp_f.any():
        msg += " (all of them are zero)"
    return [Problem(key, "values", msg)]


def compare_array_dicts(got, expected, rtol=1e-7, atol=1e-12, reveal=True):
    """Problems of a dict of arrays (e.g. parameters or gradients) against the expected dict.

    Inputs:
    - got: what the function returned (anything).
    - expected: dict str -> np.ndarray.
    - rtol, atol, reveal: as in compare_arrays.

    Returns:
    - list of Problem, empty when every key is present, with the right shape and values.
    """
    if not isinstance(got, dict):
        keys = ", ".join(expected)
        return [Problem("", "type", f"returned a {_type_name(got)}, expected a dict with keys {keys}")]
    problems = []
    missing = [k for k in expected if k not in got]
    extra = [k for k in got if k not in expected]
    if missing:
        problems.append(Problem("", "keys", "missing key(s): " + _key_list(missing)))
    if extra:
        problems.append(Problem("", "keys", "unexpected key(s): " + _key_list(extra)))
    for key, want in expected.items():
        if key in got:
            problems.extend(compare_arrays(key, got[key], want, rtol, atol, reveal))
    return problems


def compare_scalar(key, got, expected, rtol=1e-7, atol=1e-12, reveal=True):
    """Problems of a number (a Python or numpy scalar, or a size-1 array) against the expected one."""
    label = f"'{key}'" if key else "the result"
    if isinstance(got, np.ndarray) and got.size == 1 and got.dtype.kind in "fiu":
        got = got.reshape(()).item()
    if isinstance(got, bool) or not isinstance(got, (int, float, np.integer, np.floating)):
        return [Problem(key, "type", f"{label} is {with_article(_type_name(got))}, expected a number")]
    try:
        got = float(got)
    except OverflowError:   # str() of such an int may exceed Python's conversion limit: count its digits from bits
        digits = int(got.bit_length() * np.log10(2)) + 1
        return [Problem(key, "values", f"{label} is an integer of about {digits} digits, beyond the range of "
                                       f"floating-point numbers and far from the expected value")]
    expected = float(expected)
    if not np.isfinite(got) and np.isfinite(expected):
        return [Problem(key, "nonfinite", f"{label} is {got}, expected a finite number")]
    err = abs(got - expected)
    allowed = atol + rtol * abs(expected)
    if err <= allowed:
        return []
    if not reveal:   # the size of the error would give the hidden reference away
        return [Problem(key, "values", f"{label} is {got:.10g}, which is not the expected value "
                                       f"(tolerance: relative {rtol:.0e}, absolute {atol:.0e})")]
    return [Problem(key, "values", f"{label} is {got!r}, expected {expected!r}: off by {err:.2e} "
                                   f"(relative {err / max(abs(expected), 1e-300):.1e}), allowed {allowed:.1e}")]
