"""The course's own steps of the one-hidden-layer network, swapped in while nn_model and predict are graded.

nn_model calls the student's layer_sizes, initialize_parameters, forward_propagation, compute_cost,
backward_propagation and update_parameters; predict calls forward_propagation. The hidden and published
cases of those two tests replace them by these, so a mistake in one step costs that step's points only.

These are the answers of graded functions, so this module lives with the grader: the student's process
never imports it. For a call that needs a fixture, the sandbox sends this module's whole source with that
call only (calls with fixtures run after every other call) and the worker executes it in a fresh namespace.
Unlike the gradient-checking fixtures it needs numpy (a random initialisation, tanh, logarithms): numpy is
the one import, which the worker has already loaded before any student code runs.
"""
import numpy as np


def layer_sizes(X, Y):
    return (X.shape[0], 4, Y.shape[0])


def initialize_parameters(n_x, n_h, n_y):
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def forward_propagation(X, parameters):
    Z1 = parameters["W1"] @ X + parameters["b1"]
    A1 = np.tanh(Z1)
    Z2 = parameters["W2"] @ A1 + parameters["b2"]
    A2 = 1 / (1 + np.exp(-Z2))
    return A2, {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


def compute_cost(A2, Y):
    m = Y.shape[1]
    return float(-np.sum(Y * np.log(A2) + (1 - Y) * np.log(1 - A2)) / m)


def backward_propagation(parameters, cache, X, Y):
    m = X.shape[1]
    dZ2 = cache["A2"] - Y
    dZ1 = (parameters["W2"].T @ dZ2) * (1 - cache["A1"] ** 2)
    return {"dW1": dZ1 @ X.T / m, "db1": dZ1.sum(axis=1, keepdims=True) / m,
            "dW2": dZ2 @ cache["A1"].T / m, "db2": dZ2.sum(axis=1, keepdims=True) / m}


def update_parameters(parameters, grads, learning_rate=1.2):
    return {key: parameters[key] - learning_rate * grads["d" + key] for key in ("W1", "b1", "W2", "b2")}
