"""The course network in utils/relu_mlp.py: shapes, loss edge cases, and a numerical gradient check."""
import numpy as np
import pytest

from utils import relu_mlp


def _params(dims, seed):
    rng = np.random.RandomState(seed)
    return {k: v for l in range(1, len(dims))
            for k, v in ((f"W{l}", rng.randn(dims[l], dims[l - 1]) * 0.7), (f"b{l}", rng.randn(dims[l], 1) * 0.1))}


def _loss(X, Y, params):
    AL, _ = relu_mlp.forward_propagation(X, params)
    return relu_mlp.compute_loss(AL, Y)


@pytest.mark.parametrize("dims", [[3, 4, 1], [2, 10, 5, 1], [4, 3, 3, 2, 1]])
def test_backward_matches_numerical_gradient(dims):
    rng = np.random.RandomState(0)
    X = rng.randn(dims[0], 6)
    Y = (rng.rand(1, 6) > 0.5).astype(float)
    params = _params(dims, 1)
    AL, grads = relu_mlp.gradients(X, Y, params)
    assert np.array_equal(AL, relu_mlp.forward_propagation(X, params)[0])
    assert set(grads) == {f"d{k}" for k in params}
    eps = 1e-5
    for key, value in params.items():
        numeric = np.zeros_like(value)
        for idx in np.ndindex(value.shape):
            plus = {k: v.copy() for k, v in params.items()}
            minus = {k: v.copy() for k, v in params.items()}
            plus[key][idx] += eps
            minus[key][idx] -= eps
            numeric[idx] = (_loss(X, Y, plus) - _loss(X, Y, minus)) / (2 * eps)
        analytic = grads["d" + key]
        diff = np.linalg.norm(analytic - numeric) / (np.linalg.norm(analytic) + np.linalg.norm(numeric))
        assert diff < 1e-7, f"d{key}: relative difference {diff:.2e} against the two-sided difference"


def test_gradients_take_parameters_not_a_cache():
    """A graded backward pass receives a cache; the training helper cannot be called in its place."""
    params = _params([3, 4, 2, 1], 0)
    X = np.ones((3, 5))
    _, cache = relu_mlp.forward_propagation(X, params)
    with pytest.raises((KeyError, TypeError, AttributeError)):
        relu_mlp.gradients(X, np.ones((1, 5)), cache)


def test_train_with_only_a_custom_forward_pass_is_refused():
    params = _params([2, 3, 1], 0)
    with pytest.raises(ValueError, match="needs its own backward pass"):
        relu_mlp.train(np.ones((2, 4)), np.ones((1, 4)), params, 0.1, 1, forward=relu_mlp.forward_propagation)


def test_forward_shapes_and_cache_layout():
    params = _params([2, 10, 5, 1], 0)
    X = np.ones((2, 7))
    AL, cache = relu_mlp.forward_propagation(X, params)
    assert AL.shape == (1, 7)
    assert len(cache) == 12
    Z1, A1, W1, b1 = cache[:4]
    assert Z1.shape == A1.shape == (10, 7) and W1 is params["W1"] and b1 is params["b1"]
    assert np.all(A1 == np.maximum(0, Z1))


def test_loss_of_saturated_wrong_prediction_is_inf_not_nan():
    AL = np.array([[1.0, 0.0, 1.0]])
    Y = np.array([[1, 0, 0]])
    assert relu_mlp.compute_loss(AL, Y) == np.inf
    assert relu_mlp.compute_loss(np.array([[1.0, 0.0]]), np.array([[1, 0]])) == 0.0


def test_loss_value_on_a_hand_computed_case():
    AL = np.array([[0.8, 0.4]])
    Y = np.array([[1, 0]])
    assert relu_mlp.compute_loss(AL, Y) == pytest.approx(-(np.log(0.8) + np.log(0.6)) / 2, rel=1e-12)


def test_update_parameters_leaves_inputs_alone():
    params = _params([2, 3, 1], 0)
    before = {k: v.copy() for k, v in params.items()}
    grads = {"d" + k: np.ones_like(v) for k, v in params.items()}
    new = relu_mlp.update_parameters(params, grads, 0.5)
    for k in params:
        assert np.array_equal(params[k], before[k])
        assert np.allclose(new[k], before[k] - 0.5)


def test_predict_and_accuracy():
    params = {"W1": np.array([[1.0]]), "b1": np.array([[0.0]]), "W2": np.array([[1.0]]), "b2": np.array([[-0.5]])}
    X = np.array([[0.0, 0.1, 2.0, 3.0]])
    preds = relu_mlp.predict(X, params)
    assert preds.dtype == np.int64 and preds.tolist() == [[0, 0, 1, 1]]
    assert relu_mlp.accuracy(X, np.array([[0, 1, 1, 1]]), params) == 0.75


def test_train_records_costs_and_lowers_them():
    rng = np.random.RandomState(3)
    X = rng.randn(2, 40)
    Y = (X[0:1] * X[1:2] > 0).astype(int)
    seen = []
    params, costs = relu_mlp.train(X, Y, _params([2, 8, 1], 2), 0.5, 300, record_every=100,
                                   report=lambda i, c: seen.append(i))
    assert [i for i, _ in costs] == [0, 100, 200] == seen
    assert costs[-1][1] < costs[0][1]
