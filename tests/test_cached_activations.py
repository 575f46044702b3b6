"""The deep-network assignments' activations with caches: shapes, finite differences, the spec's published cases."""
import numpy as np
import pytest

from utils import activations
from utils.cached_activations import relu, relu_backward, sigmoid, sigmoid_backward

FORWARD = {"sigmoid": sigmoid, "relu": relu}
BACKWARD = {"sigmoid": sigmoid_backward, "relu": relu_backward}


@pytest.mark.parametrize("name", FORWARD)
def test_forward_returns_the_activation_and_its_input_as_cache(name):
    Z = np.random.RandomState(0).randn(4, 3)
    A, cache = FORWARD[name](Z)
    assert A.shape == Z.shape and cache is Z
    assert np.array_equal(A, getattr(activations, name)(Z))


@pytest.mark.parametrize("name", FORWARD)
def test_backward_matches_centred_finite_differences(name):
    """dJ/dZ for J = sum(G * f(Z)), against (J(Z + h e) - J(Z - h e)) / 2h entry by entry."""
    rng = np.random.RandomState(1)
    Z = rng.randn(3, 5) * 3
    Z[np.abs(Z) < 1e-2] = 0.5        # keep ReLU's kink out of the differences' reach
    G = rng.randn(3, 5)
    forward, h = FORWARD[name], 1e-6
    numerical = G * (forward(Z + h)[0] - forward(Z - h)[0]) / (2 * h)   # f acts entry by entry
    _, cache = forward(Z)
    dZ = BACKWARD[name](G.copy(), cache)
    assert dZ.shape == Z.shape
    assert np.allclose(dZ, numerical, rtol=1e-6, atol=1e-9)


@pytest.mark.parametrize("name", BACKWARD)
def test_backward_leaves_its_input_alone_and_checks_shapes(name):
    Z = np.array([[-1.0, 0.0, 2.0]])
    dA = np.array([[1.0, 2.0, 3.0]])
    BACKWARD[name](dA, Z)
    assert dA.tolist() == [[1.0, 2.0, 3.0]]
    with pytest.raises(ValueError, match="dA has shape \\(1, 2\\) but the cached Z has shape \\(1, 3\\)"):
        BACKWARD[name](dA[:, :2], Z)


def test_relu_backward_is_flat_at_the_kink_and_sigmoid_backward_at_zero_is_a_quarter():
    Z = np.array([[-2.0, 0.0, 3.0]])
    assert relu_backward(np.array([[5.0, 5.0, 5.0]]), Z).tolist() == [[0.0, 0.0, 5.0]]
    assert sigmoid_backward(np.ones((1, 1)), np.zeros((1, 1))).tolist() == [[0.25]]


def test_helpers_reproduce_the_published_layer_cases():
    """The spec's linear_activation_forward / _backward cases, with the linear parts written out here."""
    np.random.seed(2)
    A_prev, W, b = np.random.randn(3, 2), np.random.randn(1, 3), np.random.randn(1, 1)
    Z = W @ A_prev + b
    assert np.allclose(sigmoid(Z)[0], [[0.96890023, 0.11013289]], rtol=1e-6, atol=1e-8)
    assert np.allclose(relu(Z)[0], [[3.43896131, 0.]], rtol=1e-6, atol=1e-8)

    np.random.seed(2)
    dA, A, W, b, Z = (np.random.randn(*shape) for shape in ((1, 2), (3, 2), (1, 3), (1, 1), (1, 2)))
    published = {sigmoid_backward: ([[0.10266786, 0.09778551, -0.01968084]], [[-0.05729622]]),
                 relu_backward: ([[0.44513824, 0.37371418, -0.10478989]], [[-0.20837892]])}
    for backward, (dW, db) in published.items():
        dZ = backward(dA, Z)
        assert np.allclose(dZ @ A.T / 2, dW, rtol=1e-6, atol=1e-8), backward.__name__
        assert np.allclose(dZ.sum(axis=1, keepdims=True) / 2, db, rtol=1e-6, atol=1e-8), backward.__name__
