"""Functions with known behaviour that hidden cases swap in while testing a gradient checker.

A gradient check must say "bug" for a wrong derivative and "fine" for a right one,
and its two-sided difference must beat a one-sided one on a curved cost. The
1-D checker looks up forward_propagation and backward_propagation by name; these
replace them for every graded case, so a mistake in the student's own 1-D functions
costs those functions' points only.

linear_forward and linear_backward are the answers of two graded functions, so
this module lives with the grader: the student's process never imports it. For a
call that needs a fixture, the sandbox sends this module's whole source with that
call only and the worker executes it in a fresh namespace. Hence it must stay
self-contained: no imports at all (not numpy, nothing from utils or autograder).
"""


def linear_forward(x, theta):
    """J(theta) = theta * x, the notebook's cost: the checker is graded on it, not on the student's copy."""
    return theta * x


def linear_backward(x, theta):
    """The correct derivative of linear_forward."""
    return x


def cubic_forward(x, theta):
    """J(theta) = theta^3 * x: curved, so a one-sided difference is visibly worse."""
    return theta ** 3 * x


def cubic_backward(x, theta):
    """The correct derivative of cubic_forward: 3 theta^2 x."""
    return 3 * theta ** 2 * x


def linear_backward_ten_percent_off(x, theta):
    """A wrong derivative of J = theta * x: 10% too large."""
    return 1.1 * x


def linear_backward_wrong_sign(x, theta):
    """A wrong derivative of J = theta * x: the sign is flipped."""
    return -x
