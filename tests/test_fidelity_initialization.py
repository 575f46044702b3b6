"""Fidelity: the solution reproduces every published number of the spec's Initialization section."""
import numpy as np
import pytest

from examples.make_class import solution_sources
from utils import published, relu_mlp
from utils.compare import compare_array_dicts
from utils.datasets import load_circles
from conftest import REPO

pytestmark = pytest.mark.numeric


@pytest.fixture(scope="module")
def solution():
    namespace = {"np": np}
    for code in solution_sources(REPO / "source" / "initialization" / "initialization.ipynb").values():
        exec(code, namespace)
    return namespace


def test_circles_match_the_published_check_values():
    train_X, train_Y, test_X, test_Y = load_circles()
    assert train_X.shape == (2, 300) and train_Y.shape == (1, 300)
    assert test_X.shape == (2, 100) and test_Y.shape == (1, 100)
    assert np.allclose(train_X[:, :3], published.CIRCLES_TRAIN_X_FIRST3, rtol=0, atol=5e-9)
    assert train_Y[0, :10].tolist() == published.CIRCLES_TRAIN_Y_FIRST10.tolist()


@pytest.mark.parametrize("name", sorted(published.INITIALIZATION_CASES))
def test_graded_functions_reproduce_published_outputs(solution, name):
    for dims, expected in published.INITIALIZATION_CASES[name]:
        got = solution[name](dims)
        problems = compare_array_dicts(got, expected, rtol=published.PUBLISHED_RTOL, atol=published.PUBLISHED_ATOL)
        assert not problems, f"{name}({dims}): {[p.message for p in problems]}"


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["zeros", "random", "he"])
def test_training_reproduces_published_accuracies(solution, kind):
    train_X, train_Y, test_X, test_Y = load_circles()
    init = solution[f"initialize_parameters_{kind}"]
    params, costs = relu_mlp.train(train_X, train_Y, init([2, 10, 5, 1]), 0.01, 15000)
    got = (relu_mlp.accuracy(train_X, train_Y, params), relu_mlp.accuracy(test_X, test_Y, params))
    assert got == pytest.approx(published.INITIALIZATION_ACCURACY[kind], abs=1e-12)
    recorded = dict(costs)
    assert sorted(recorded) == list(range(0, 15000, 1000))
    if kind == "zeros":
        assert all(c == pytest.approx(published.INITIALIZATION_ZEROS_COST, rel=1e-12) for c in recorded.values())
    elif kind == "random":
        assert recorded[0] == np.inf
        # The spec allows about 1e-3 of drift between environments after iteration 0.
        assert recorded[1000] == pytest.approx(0.6247924745506072, abs=1e-3)
        assert recorded[14000] == pytest.approx(0.38276694641706693, abs=1e-3)
    else:
        for iteration, cost in published.INITIALIZATION_HE_COSTS.items():
            assert recorded[iteration] == pytest.approx(cost, rel=1e-12), iteration
