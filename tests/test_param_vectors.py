"""utils/param_vectors.py: round trips for any layer sizes, and where a gradient check points."""
import numpy as np
import pytest

from utils.param_vectors import (block_differences, dictionary_to_vector, gradients_to_vector,
                                 parameter_layout, report_gradient_check, vector_to_dictionary)


def _params(dims, seed=0):
    rng = np.random.RandomState(seed)
    return {k: v for l in range(1, len(dims))
            for k, v in ((f"W{l}", rng.randn(dims[l], dims[l - 1])), (f"b{l}", rng.randn(dims[l], 1)))}


@pytest.mark.parametrize("dims", [[4, 5, 3, 1], [2, 1], [7, 3, 9, 2, 4, 1]])
def test_round_trip_for_any_layer_sizes(dims):
    params = _params(dims)
    theta, layout = dictionary_to_vector(params)
    n = sum(dims[l] * dims[l - 1] + dims[l] for l in range(1, len(dims)))
    assert theta.shape == (n, 1)
    back = vector_to_dictionary(theta, layout)
    assert set(back) == set(params) and all(np.array_equal(back[k], params[k]) for k in params)
    theta[0] += 1.0
    assert back["W1"][0, 0] == params["W1"][0, 0], "vector_to_dictionary must copy"


def test_order_is_w1_b1_w2_b2_row_major():
    params = {"b2": np.array([[9.0]]), "W2": np.array([[7.0, 8.0]]), "b1": np.array([[5.0], [6.0]]),
              "W1": np.array([[1.0, 2.0], [3.0, 4.0]])}
    theta, layout = dictionary_to_vector(params)
    assert theta.ravel().tolist() == [1, 2, 3, 4, 5, 6, 7, 8, 9]
    assert [k for k, _ in layout] == ["W1", "b1", "W2", "b2"]


def test_the_course_network_has_47_parameters():
    theta, _ = dictionary_to_vector(_params([4, 5, 3, 1]))
    assert theta.shape == (47, 1)


def test_gradients_follow_the_layout_and_check_shapes():
    params = _params([3, 2, 1])
    _, layout = dictionary_to_vector(params)
    grads = {"d" + k: v * 2 for k, v in params.items()}
    grads["dA1"] = np.zeros((2, 5))
    assert np.array_equal(gradients_to_vector(grads, layout), 2 * dictionary_to_vector(params)[0])
    grads["db1"] = np.zeros(2)
    with pytest.raises(ValueError, match="db1 has shape"):
        gradients_to_vector(grads, layout)


def test_errors_name_what_is_missing():
    with pytest.raises(KeyError, match="not b1"):
        parameter_layout({"W1": np.zeros((1, 1))})
    with pytest.raises(ValueError, match="needs 4"):
        vector_to_dictionary(np.zeros(3), [("W1", (2, 2))])


def test_block_differences_point_at_the_wrong_block(capsys):
    params = _params([4, 5, 3, 1])
    theta, layout = dictionary_to_vector(params)
    grads = {"d" + k: v.copy() for k, v in params.items()}
    grads["dW2"] *= 2
    grad = gradients_to_vector(grads, layout)
    blocks = block_differences(grad, theta, layout)
    assert blocks[0][0] == "W2" and blocks[0][1] == pytest.approx(1 / 3)
    assert all(d == 0 for k, d in blocks[1:])
    difference = np.linalg.norm(grad - theta) / (np.linalg.norm(grad) + np.linalg.norm(theta))
    report_gradient_check(difference, grad, theta, layout)
    out = capsys.readouterr().out
    assert "There is a mistake" in out and "Look at dW2 first" in out
    report_gradient_check(1e-9, theta, theta, layout)
    assert "works" in capsys.readouterr().out
