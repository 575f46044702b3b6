"""Hidden tests of the Regularization assignment.

The cost and both backward passes are deterministic given their inputs, so they
must equal the instructor's solution on the published case and on networks of
other sizes, with other lambdas and keep_probs. The dropout forward pass is
judged by its properties (utils/dropout_checks.py), by its values only when its
masks are the course's (any valid way of drawing the masks earns full marks), and
across calls by whether its masks are random (autograder/judges/dropout.py): the
same large inputs under different seeds, and again under a repeated seed.
"""
import numpy as np

from autograder.judges import dropout
from autograder.suite import Case, Test, array_dict_comparison, scalar_comparison
from utils import relu_mlp
from utils.checks import DROPOUT_SEED, HINTS
from utils.published import regularization_cases

NOTEBOOK = "regularization.ipynb"
SETUP_CELLS = ("imports",)
GRADIENT_KEYS = ("dW1", "db1", "dW2", "db2", "dW3", "db3")
PUBLISHED = regularization_cases()


def _params(rng, n0, n1, n2):
    shapes = {"W1": (n1, n0), "b1": (n1, 1), "W2": (n2, n1), "b2": (n2, 1), "W3": (1, n2), "b3": (1, 1)}
    return {k: rng.randn(*s) * (0.8 if k[0] == "W" else 0.3) for k, s in shapes.items()}


def _labels(rng, m):
    return rng.randint(0, 2, size=(1, m)).astype(np.int64)


def _visible(name, seed=12345):
    return Case(args=PUBLISHED[name][0], seed=seed, visible=True, name="of the notebook")


def _cost_cases():
    rng = np.random.RandomState(101)
    cases = [_visible("compute_cost_with_regularization")]
    for n0, n1, n2, m, lambd in ((2, 20, 3, 7, 0.7), (4, 5, 3, 12, 0.05), (3, 1, 2, 1, 2.0), (5, 8, 4, 30, 0.0)):
        A3 = rng.uniform(0.05, 0.95, size=(1, m))
        cases.append(Case(args=(A3, _labels(rng, m), _params(rng, n0, n1, n2), lambd)))
    return tuple(cases)


def _l2_backward_cases():
    rng = np.random.RandomState(202)
    cases = [_visible("backward_propagation_with_regularization")]
    for n0, n1, n2, m, lambd in ((2, 20, 3, 9, 0.7), (3, 4, 2, 1, 0.1), (5, 3, 6, 15, 0.0), (2, 7, 7, 40, 3.0)):
        X = rng.randn(n0, m)
        _, cache = relu_mlp.forward_propagation(X, _params(rng, n0, n1, n2))
        cases.append(Case(args=(X, _labels(rng, m), cache, lambd)))
    return tuple(cases)


def _dropout_forward_cases():
    rng = np.random.RandomState(303)
    cases = [_visible("forward_propagation_with_dropout", seed=DROPOUT_SEED)]
    # Small nets, a large batch (keep rate measurable), keep_prob = 1 (no dropout), a low keep_prob.
    for n0, n1, n2, m, keep_prob, seed in ((2, 20, 3, 7, 0.86, 5), (3, 2, 3, 5, 0.5, 6), (2, 20, 3, 3000, 0.7, 7),
                                           (4, 6, 5, 40, 1.0, 8), (2, 50, 40, 100, 0.3, 9)):
        cases.append(Case(args=(rng.randn(n0, m), _params(rng, n0, n1, n2), keep_prob), seed=seed))
    # For the randomness judge: the same inputs under two seeds and once more under the first.
    # Masks of 10,000 and more units keep its correlation limits near 0.1-0.2, where chance never reaches.
    for n0, n1, n2, m, seeds in ((3, 40, 40, 250, (11, 12, 11)), (2, 24, 60, 300, (21, 22))):
        args = (rng.randn(n0, m), _params(rng, n0, n1, n2), 0.5)
        cases += [Case(args=args, seed=seed) for seed in seeds]
    return tuple(cases)
def _dropout_backward_cases():
    rng = np.random.RandomState(404)
    cases = [_visible("backward_propagation_with_dropout")]
    for n0, n1, n2, m, keep_prob in ((2, 20, 3, 9, 0.86), (3, 4, 2, 1, 0.5), (5, 3, 6, 25, 0.7), (2, 6, 6, 30, 1.0)):
        X = rng.randn(n0, m)
        cache = dropout.make_cache(X, _params(rng, n0, n1, n2), keep_prob, rng)
        cases.append(Case(args=(X, _labels(rng, m), cache, keep_prob)))
    return tuple(cases)


TESTS = (
    Test(id="test_compute_cost_with_regularization", function="compute_cost_with_regularization",
         cases=_cost_cases(), compare=scalar_comparison("cost", rtol=1e-7, atol=1e-12),
         hint=HINTS["compute_cost_with_regularization"]),
    Test(id="test_backward_propagation_with_regularization", function="backward_propagation_with_regularization",
         cases=_l2_backward_cases(), compare=array_dict_comparison(rtol=1e-7, atol=1e-12, keys=GRADIENT_KEYS),
         hint=HINTS["backward_propagation_with_regularization"]),
    Test(id="test_forward_propagation_with_dropout", function="forward_propagation_with_dropout",
         cases=_dropout_forward_cases(), compare=dropout.forward_comparison(),
         across_cases=dropout.randomness_problems, hint=HINTS["forward_propagation_with_dropout"]),
    Test(id="test_backward_propagation_with_dropout", function="backward_propagation_with_dropout",
         cases=_dropout_backward_cases(),
         compare=array_dict_comparison(rtol=1e-7, atol=1e-12, keys=GRADIENT_KEYS + ("dA1", "dA2")),
         hint=HINTS["backward_propagation_with_dropout"]),
)
