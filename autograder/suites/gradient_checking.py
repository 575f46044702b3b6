"""Hidden tests of the Gradient Checking assignment.

The 1-D functions are called on other numbers. The 1-D checker also runs with
course fixtures swapped in for the functions it calls (a curved cost, where a
one-sided difference shows; wrong derivatives, where it must report a large
difference). The N-D checker gets networks of other widths with correct and with
buggy gradients, so a checker that always says "fine" or always "bug" earns
nothing. The repaired backward pass must equal the true gradients on other networks.
"""
import numpy as np

from autograder.suite import Case, Test, array_dict_comparison, scalar_comparison
from utils import relu_mlp
from utils.checks import GRADIENT_KEYS, HINTS, ROUND_OFF
from utils.gradcheck_network import backward_propagation_n, forward_propagation_n, random_network
from utils.published import GRADCHECK_1D, GRADCHECK_DIFFERENCE_RTOL, GRADCHECK_TRUE_GRADIENTS, gradient_check_n_case

NOTEBOOK = "gradient_checking.ipynb"
SETUP_CELLS = ("imports",)
# The checker is judged with the course's own 1-D functions swapped in, never the student's. They are
# answers of two graded functions, so they live with the grader; the sandbox sends their source with
# these calls only.
FIXTURES = "autograder.judges.gradcheck_fixtures:"
LINEAR = (("forward_propagation", FIXTURES + "linear_forward"), ("backward_propagation", FIXTURES + "linear_backward"))
CUBIC = (("forward_propagation", FIXTURES + "cubic_forward"), ("backward_propagation", FIXTURES + "cubic_backward"))


def _wrong_derivative(name):
    return (("forward_propagation", FIXTURES + "linear_forward"), ("backward_propagation", FIXTURES + name))


def _visible(function, patch=()):
    return tuple(Case(args=(x, theta), visible=True, name=f"x={x}, theta={theta}", patch=patch)
                 for x, theta in GRADCHECK_1D[function])


NUMBERS = ((3.0, -1.5), (-0.5, 2.0), (0.0, 7.0), (1e3, 1e-3), (np.float64(2.5), np.float64(-4.0)))


def _gradient_check_cases():
    cases = list(_visible("gradient_check", LINEAR))
    cases += [Case(args=(5.0, -2.0), patch=LINEAR), Case(args=(-7.0, 0.3), patch=LINEAR)]
    # A curved cost with a larger epsilon: two-sided error ~eps^2, one-sided ~eps.
    cases += [Case(args=(2.0, 1.3, 1e-3), patch=CUBIC), Case(args=(-1.0, 0.7, 1e-3), patch=CUBIC)]
    # Wrong derivatives: the check must come out large, and equal to the formula's value.
    cases += [Case(args=(2.0, 4.0), patch=_wrong_derivative("linear_backward_ten_percent_off")),
              Case(args=(-3.0, 1.0), patch=_wrong_derivative("linear_backward_wrong_sign"))]
    return tuple(cases)


def _network_cases(with_gradients):
    x, y, parameters = gradient_check_n_case()
    _, cache = forward_propagation_n(x, y, parameters)
    cases = []
    if with_gradients:
        cases.append(Case(args=(parameters, backward_propagation_n(x, y, cache), x, y), visible=True,
                          name="4-5-3-1 with the buggy backward pass"))
        cases.append(Case(args=(parameters, GRADCHECK_TRUE_GRADIENTS, x, y), visible=True,
                          name="4-5-3-1 with correct gradients"))
    else:
        cases.append(Case(args=(x, y, cache), visible=True, name="4-5-3-1 of the notebook"))
    rng = np.random.RandomState(505)
    for sizes, m, kind in (((3, 6, 2), 7, "correct"), ((3, 6, 2), 7, "buggy"), ((2, 3, 4), 1, "correct"),
                           ((5, 2, 3), 4, "one-block"), ((4, 5, 3), 5, "sign"), ((2, 8, 5), 6, "buggy")):
        X, Y, params = random_network(rng, sizes, m)
        _, cache = forward_propagation_n(X, Y, params)
        if not with_gradients:
            cases.append(Case(args=(X, Y, cache)))
            continue
        if kind == "buggy":
            grads = backward_propagation_n(X, Y, cache)
        else:
            _, grads = relu_mlp.gradients(X, Y, params)
            if kind == "one-block":
                grads["dW3"] = grads["dW3"] * 1.05
            elif kind == "sign":
                grads["db2"] = -grads["db2"]
        cases.append(Case(args=(params, {k: grads[k] for k in GRADIENT_KEYS}, X, Y)))
    return tuple(cases)


TESTS = (
    Test(id="test_forward_propagation", function="forward_propagation",
         cases=_visible("forward_propagation") + tuple(Case(args=a) for a in NUMBERS),
         compare=scalar_comparison("J", rtol=1e-12, atol=0.0), hint=HINTS["forward_propagation"]),
    Test(id="test_backward_propagation", function="backward_propagation",
         cases=_visible("backward_propagation") + tuple(Case(args=a) for a in NUMBERS),
         compare=scalar_comparison("dtheta", rtol=1e-12, atol=0.0), hint=HINTS["backward_propagation"]),
    # Differences of a correct derivative are round-off below ROUND_OFF; larger ones must match the formula.
    Test(id="test_gradient_check", function="gradient_check", cases=_gradient_check_cases(),
         compare=scalar_comparison("difference", rtol=1e-4, atol=ROUND_OFF / 2), hint=HINTS["gradient_check"]),
    Test(id="test_gradient_check_n", function="gradient_check_n", cases=_network_cases(True),
         compare=scalar_comparison("difference", rtol=GRADCHECK_DIFFERENCE_RTOL, atol=0.0),
         hint=HINTS["gradient_check_n"]),
    Test(id="test_backward_propagation_n_fixed", function="backward_propagation_n_fixed",
         cases=_network_cases(False), compare=array_dict_comparison(rtol=1e-7, atol=1e-12, keys=GRADIENT_KEYS),
         hint=HINTS["backward_propagation_n_fixed"]),
)
