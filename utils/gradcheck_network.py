"""The 3-layer network of the Gradient Checking assignment, as handed to students.

`backward_propagation_n` carries two planted bugs for the students to find with a
gradient check; do not fix them here (the notebook's exercise is to write a repaired
copy). Layers: LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID, any widths.
"""
import numpy as np

from utils.activations import relu, sigmoid


def forward_propagation_n(X, Y, parameters):
    """Cost of the network and its cache.

    Inputs:
    - X: (n0, m) inputs; Y: labels of shape (1, m) or (m,).
    - parameters: dict with W1 (n1, n0), b1 (n1, 1), W2 (n2, n1), b2 (n2, 1), W3 (1, n2), b3 (1, 1).

    Returns:
    - cost: float, the mean cross-entropy.
    - cache: tuple (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3).
    """
    m = X.shape[1]
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]
    Z1 = np.dot(W1, X) + b1
    A1 = relu(Z1)
    Z2 = np.dot(W2, A1) + b2
    A2 = relu(Z2)
    Z3 = np.dot(W3, A2) + b3
    A3 = sigmoid(Z3)
    log_probs = np.multiply(-np.log(A3), Y) + np.multiply(-np.log(1 - A3), 1 - Y)
    cost = 1. / m * np.sum(log_probs)
    return cost, (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3)


def backward_propagation_n(X, Y, cache):
    """Gradients of forward_propagation_n's cost, WITH TWO PLANTED BUGS.

    Inputs:
    - X: (n0, m) inputs; Y: labels (1, m) or (m,); cache: from forward_propagation_n.

    Returns:
    - gradients: dict with dZ3, dW3, db3, dA2, dZ2, dW2, db2, dA1, dZ1, dW1, db1.
    """
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dW3 = 1. / m * np.dot(dZ3, A2.T)
    db3 = 1. / m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(W3.T, dZ3)
    dZ2 = np.multiply(dA2, np.int64(A2 > 0))
    dW2 = 1. / m * np.dot(dZ2, A1.T) * 2
    db2 = 1. / m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = np.dot(W2.T, dZ2)
    dZ1 = np.multiply(dA1, np.int64(A1 > 0))
    dW1 = 1. / m * np.dot(dZ1, X.T)
    db1 = 4. / m * np.sum(dZ1, axis=1, keepdims=True)
    return {"dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
            "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}


def random_network(rng, sizes, m):
    """Inputs for a gradient-checking case: X (n0, m), Y (1, m) and parameters of layer sizes `sizes`.

    Inputs:
    - rng: np.random.RandomState; sizes: (n0, n1, n2); m: number of examples.
    """
    n0, n1, n2 = sizes
    X = rng.randn(n0, m)
    Y = rng.randint(0, 2, size=(1, m)).astype(np.int64)
    shapes = {"W1": (n1, n0), "b1": (n1, 1), "W2": (n2, n1), "b2": (n2, 1), "W3": (1, n2), "b3": (1, 1)}
    return X, Y, {k: rng.randn(*s) for k, s in shapes.items()}
