"""A fully connected network in plain numpy: (LINEAR -> RELU) x (L-1) -> LINEAR -> SIGMOID.

Parameters are a dict {"W1", "b1", ..., "WL", "bL"} with Wl of shape
(n_l, n_{l-1}) and bl of shape (n_l, 1). The cache is the flat tuple
(Z1, A1, W1, b1, ..., ZL, AL, WL, bL), the layout the course's graded
functions receive.

The gradients used for training come from `gradients(X, Y, parameters)`, which
runs its own forward pass: it does not take a cache, so it cannot stand in for a
graded backward pass (those receive a cache and must be written by the student).
"""
import numpy as np

from utils.activations import relu, sigmoid  # noqa: F401  (part of this module's interface)


def num_layers(parameters):
    """Number L of weight layers in a parameter dict holding W1..WL."""
    if not isinstance(parameters, dict):
        raise TypeError(f"parameters must be a dict holding W1, b1, ...; got a {type(parameters).__name__}")
    L = 0
    while f"W{L + 1}" in parameters:
        L += 1
    if L == 0:
        raise KeyError("parameters hold no 'W1'")
    return L


def forward_propagation(X, parameters):
    """Forward pass.

    Inputs:
    - X: (n_x, m) inputs, one example per column.
    - parameters: dict with Wl (n_l, n_{l-1}) and bl (n_l, 1) for l = 1..L.

    Returns:
    - AL: (1, m) sigmoid outputs, the probabilities of label 1.
    - cache: tuple (Z1, A1, W1, b1, ..., ZL, AL, WL, bL); Zl and Al are (n_l, m).
    """
    L = num_layers(parameters)
    A = X
    cache = []
    for l in range(1, L + 1):
        W, b = parameters[f"W{l}"], parameters[f"b{l}"]
        Z = W @ A + b
        A = sigmoid(Z) if l == L else relu(Z)
        cache.extend((Z, A, W, b))
    return A, tuple(cache)


def compute_loss(AL, Y):
    """Mean cross-entropy.

    A term 0 * log(0) counts as 0 (a confident, correct prediction), so a
    saturated network that is confidently wrong costs inf, never nan.

    Inputs:
    - AL: (1, m) predicted probabilities.
    - Y: (1, m) labels in {0, 1}.

    Returns:
    - loss: float (may be inf).
    """
    m = Y.shape[1]
    with np.errstate(divide="ignore", invalid="ignore"):
        terms = np.multiply(-np.log(AL), Y) + np.multiply(-np.log(1 - AL), 1 - Y)
    return float(np.nansum(terms) / m)


def gradients(X, Y, parameters):
    """Gradients of the mean cross-entropy, from a forward pass of its own.

    The 1/m of the mean loss enters once, in dZL = (AL - Y) / m.

    Inputs:
    - X: (n_x, m) inputs.
    - Y: (1, m) labels.
    - parameters: dict with Wl, bl for l = 1..L.

    Returns:
    - AL: (1, m) outputs of the forward pass (training records its cost from them).
    - grads: dict with dWl (n_l, n_{l-1}) and dbl (n_l, 1) for l = 1..L.
    """
    AL, cache = forward_propagation(X, parameters)
    m = X.shape[1]
    L = len(cache) // 4
    grads = {}
    dZ = (AL - Y) / m
    for l in range(L, 0, -1):
        A_prev = X if l == 1 else cache[4 * l - 7]
        grads[f"dW{l}"] = dZ @ A_prev.T
        grads[f"db{l}"] = np.sum(dZ, axis=1, keepdims=True)
        if l > 1:
            dZ = (cache[4 * l - 2].T @ dZ) * (A_prev > 0)
    return AL, grads


def update_parameters(parameters, grads, learning_rate):
    """One gradient-descent step.

    Inputs:
    - parameters: dict of Wl, bl.
    - grads: dict with dWl, dbl of the same shapes.
    - learning_rate: float.

    Returns:
    - parameters: a new dict with W <- W - learning_rate * dW (inputs are not modified).
    """
    new = {}
    for l in range(1, num_layers(parameters) + 1):
        new[f"W{l}"] = parameters[f"W{l}"] - learning_rate * grads[f"dW{l}"]
        new[f"b{l}"] = parameters[f"b{l}"] - learning_rate * grads[f"db{l}"]
    return new


def predict(X, parameters):
    """Labels predicted by the network.

    Inputs:
    - X: (n_x, m) inputs.
    - parameters: dict of Wl, bl.

    Returns:
    - predictions: (1, m) int64 array, 1 where the output probability exceeds 0.5.
    """
    AL, _ = forward_propagation(X, parameters)
    return (AL > 0.5).astype(np.int64)


def accuracy(X, Y, parameters):
    """Fraction of the m examples of (X (n_x, m), Y (1, m)) that the network labels correctly."""
    return float(np.mean(predict(X, parameters) == Y))


def initialize_parameters(layers_dims):
    """The Regularization assignment's initialization: seed 3, W ~ randn / sqrt(n_prev), b = 0.

    Inputs:
    - layers_dims: list of L layer sizes, input first.

    Returns:
    - parameters: dict with Wl (layers_dims[l], layers_dims[l-1]) and bl (layers_dims[l], 1).
    """
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters[f"W{l}"] = np.random.randn(layers_dims[l], layers_dims[l - 1]) / np.sqrt(layers_dims[l - 1])
        parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
    return parameters


def train(X, Y, parameters, learning_rate, num_iterations, record_every=1000, report=None,
          forward=None, backward=None, cost=None):
    """Full-batch gradient descent from the given initial parameters.

    Inputs:
    - X: (n_x, m) inputs; Y: (1, m) labels.
    - parameters: dict of initial Wl, bl (not modified).
    - learning_rate: float; num_iterations: int.
    - record_every: the cost is recorded at iterations 0, record_every, 2*record_every, ...
    - report: optional callable(iteration, cost) called at each recorded iteration,
      for progress output.
    - forward: callable(X, parameters) -> (AL, cache); default forward_propagation.
    - backward: callable(X, Y, cache) -> grads with dWl, dbl. Without forward and backward, the
      course network's own gradients are used.
    - cost: callable(AL, Y, parameters) -> float; default compute_loss. It is evaluated only at
      recorded iterations, so training runs at the speed of the forward and backward passes.

    Returns:
    - parameters: dict of trained Wl, bl.
    - costs: list of (iteration, cost) pairs.
    """
    if forward is not None and backward is None:
        raise ValueError("a custom forward pass needs its own backward pass (its cache has its own layout)")
    if backward is None:
        step = gradients
    else:
        forward = forward or forward_propagation

        def step(X_, Y_, params):
            AL_, cache = forward(X_, params)
            return AL_, backward(X_, Y_, cache)
    cost = cost or (lambda AL, Y_, _params: compute_loss(AL, Y_))
    costs = []
    for i in range(num_iterations):
        AL, grads = step(X, Y, parameters)
        if i % record_every == 0:
            value = cost(AL, Y, parameters)
            costs.append((i, value))
            if report is not None:
                report(i, value)
        parameters = update_parameters(parameters, grads, learning_rate)
    return parameters, costs
