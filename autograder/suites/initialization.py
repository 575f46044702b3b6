"""Hidden tests of the Initialization assignment.

Each graded function is called on the published case and on networks of other
depths and widths, after a different global seed each time, and must equal the
instructor's solution on all of them.
"""
from autograder.suite import Case, Test, array_dict_comparison
from utils.checks import HINTS
from utils.published import INITIALIZATION_CASES

NOTEBOOK = "initialization.ipynb"
SETUP_CELLS = ("imports",)

# (layers_dims, global seed set before the call): deeper, wider, a 1-unit bottleneck, a single layer.
HIDDEN = (
    ([5, 4, 3, 2, 1], 7),
    ([1, 1], 0),
    ([7, 12, 3], 11),
    ([6, 1, 6, 1], 23),
    ([300, 200, 1], 5),
)


def _cases(function):
    visible = tuple(Case(args=(list(dims),), seed=12345, visible=True)
                    for dims, _ in INITIALIZATION_CASES[function])
    return visible + tuple(Case(args=(list(dims),), seed=seed) for dims, seed in HIDDEN)


TESTS = tuple(
    Test(id=f"test_{function}", function=function, cases=_cases(function),
         compare=array_dict_comparison(rtol=1e-7, atol=1e-12), hint=HINTS[function])
    for function in ("initialize_parameters_zeros", "initialize_parameters_random", "initialize_parameters_he")
)
