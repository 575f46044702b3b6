"""The course's building blocks of an L-layer network, for the deep-network application.

The application trains a 2-layer and an L-layer classifier from these blocks; the learner writes only the
training loops. The one-layer blocks (linear and activation halves, forward and backward) live in
utils.deep_layers and are re-exported here. Hidden layers use ReLU, the output layer a sigmoid; parameters
are a dict {"W1": (n1, n0), "b1": (n1, 1), ..., "WL", "bL"}; examples are columns.

These blocks answer graded functions of the step-by-step assignment, whose release never imports this
module, so its sandbox does not mount it (tests/test_deep_network_application.py checks that).
"""
import numpy as np

from utils.deep_layers import linear_activation_backward, linear_activation_forward, linear_backward, linear_forward

__all__ = ["initialize_parameters", "initialize_parameters_deep", "linear_forward", "linear_activation_forward",
           "L_model_forward", "compute_cost", "linear_backward", "linear_activation_backward", "L_model_backward",
           "update_parameters", "predict"]


def initialize_parameters(n_x, n_h, n_y):
    """Small random weights and zero biases for the network n_x -> n_h -> n_y, after np.random.seed(1).

    Inputs:
    - n_x, n_h, n_y: the layer sizes.

    Returns:
    - parameters: dict with W1 (n_h, n_x), b1 (n_h, 1), W2 (n_y, n_h), b2 (n_y, 1); W = randn * 0.01, drawn
      W1 then W2.
    """
    np.random.seed(1)
    W1 = np.random.randn(n_h, n_x) * 0.01
    W2 = np.random.randn(n_y, n_h) * 0.01
    return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}


def initialize_parameters_deep(layer_dims):
    """Random weights scaled by 1 / sqrt(fan-in) and zero biases, after np.random.seed(1).

    With 0.01 instead of 1 / sqrt(n_{l-1}), the signal of a deep network shrinks layer after layer and the
    cost barely moves for hundreds of iterations; this scaling keeps the activations of every layer of
    comparable size.

    Inputs:
    - layer_dims: list of ints [n0, n1, ..., nL], the input size followed by each layer's size.

    Returns:
    - parameters: dict with W{l} (n_l, n_{l-1}) = randn / sqrt(n_{l-1}) and b{l} (n_l, 1) zeros, l = 1..L,
      drawn in layer order.
    """
    np.random.seed(1)
    parameters = {}
    for l in range(1, len(layer_dims)):
        parameters[f"W{l}"] = np.random.randn(layer_dims[l], layer_dims[l - 1]) / np.sqrt(layer_dims[l - 1])
        parameters[f"b{l}"] = np.zeros((layer_dims[l], 1))
    return parameters


def L_model_forward(X, parameters):
    """Forward pass: (L-1) x [LINEAR -> RELU], then LINEAR -> SIGMOID.

    Inputs:
    - X: (n0, m) inputs.
    - parameters: dict with W{l}, b{l} for l = 1..L.

    Returns a tuple of:
    - AL: (nL, m) output probabilities.
    - caches: list of the L caches of linear_activation_forward, layer 1 first.
    """
    L = len(parameters) // 2
    A, caches = X, []
    for l in range(1, L + 1):
        A, cache = linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"],
                                             "sigmoid" if l == L else "relu")
        caches.append(cache)
    return A, caches


def compute_cost(AL, Y):
    """Mean cross-entropy of the probabilities AL against the labels Y.

    Inputs:
    - AL: (1, m) probabilities; Y: (1, m) labels in {0, 1}.

    Returns:
    - cost: 0-d float array.
    """
    m = Y.shape[1]
    return np.squeeze(-np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m)


def L_model_backward(AL, Y, caches):
    """Backward pass of L_model_forward, from the derivative of the cross-entropy.

    Inputs:
    - AL: (1, m) output probabilities; Y: (1, m) labels.
    - caches: the L caches returned by L_model_forward.

    Returns:
    - grads: dict with dW{l} (n_l, n_{l-1}) and db{l} (n_l, 1) for l = 1..L, and dA{l} (n_l, m) for
      l = 1..L-1. Unlike the step-by-step version, it leaves out dA0, the gradient with respect to the
      inputs: training never reads it, and on 12288-pixel pictures it costs as much as the rest of a step.
    """
    L = len(caches)
    Y = Y.reshape(AL.shape)
    grads, dA = {}, -(Y / AL - (1 - Y) / (1 - AL))
    for l in range(L, 0, -1):
        dA, grads[f"dW{l}"], grads[f"db{l}"] = linear_activation_backward(
            dA, caches[l - 1], "sigmoid" if l == L else "relu", input_gradient=l > 1)
        if l > 1:
            grads[f"dA{l - 1}"] = dA
    return grads


def update_parameters(params, grads, learning_rate):
    """One step of gradient descent, returning new arrays (params is left unchanged).

    Inputs:
    - params: dict with W{l}, b{l}; grads: dict with dW{l}, db{l} of the same shapes.
    - learning_rate: float.

    Returns:
    - parameters: dict with W{l} - learning_rate * dW{l} and b{l} - learning_rate * db{l}.
    """
    return {name: value - learning_rate * grads["d" + name] for name, value in params.items()}


def predict(X, y, parameters, report=True):
    """Labels of an L-layer network (probability above 0.5 -> 1), and their accuracy printed.

    Inputs:
    - X: (n0, m) examples; y: (1, m) true labels; parameters: dict with W{l}, b{l}.
    - report: print the accuracy (False: only return the labels).

    Returns:
    - p: (1, m) array of 0.0 and 1.0.
    """
    AL, _ = L_model_forward(X, parameters)
    p = (AL > 0.5).astype(float)
    if report:
        print(f"Accuracy: {np.mean(p == y)}")
    return p
