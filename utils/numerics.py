"""Small numeric helpers shared by notebooks, checks and the grader."""
import numpy as np


def rel_error(x, y, eps=1e-12):
    """Largest elementwise relative error between two arrays.

    Inputs:
    - x, y: arrays of the same shape (any shape), or scalars.
    - eps: floor for the denominator, so two zeros compare as equal instead of 0/0.

    Returns:
    - err: float, max over elements of |x - y| / max(eps, |x| + |y|).
    """
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    if x.shape != y.shape:
        raise ValueError(f"rel_error needs equal shapes, got {x.shape} and {y.shape}")
    if x.size == 0:
        return 0.0
    return float(np.max(np.abs(x - y) / np.maximum(eps, np.abs(x) + np.abs(y))))


def best_scale(got, expected):
    """Least-squares factor c minimising ||got - c * expected||.

    Used to turn "the values are wrong" into "the values are c times too large",
    which names the mistake without revealing the expected values.

    Inputs:
    - got, expected: arrays of the same shape.

    Returns:
    - c: float, or None when `expected` is all zeros.
    """
    got = np.asarray(got, dtype=np.float64).ravel()
    expected = np.asarray(expected, dtype=np.float64).ravel()
    denom = float(expected @ expected)
    if denom == 0.0:
        return None
    return float(got @ expected) / denom
