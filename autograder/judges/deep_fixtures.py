"""The course's own building blocks of the deep network, swapped in while the functions that call them are graded.

linear_activation_forward calls linear_forward (and sigmoid/relu), L_model_forward calls
linear_activation_forward, linear_activation_backward calls linear_backward, L_model_backward calls
linear_activation_backward. Their tests replace the student's blocks by these, so a mistake in one block
costs that block's points only. These are answers of graded functions: the module lives with the grader and
the student's process never imports it (the sandbox sends its source with the calls that need it). numpy is
its one import.
"""
import numpy as np


def linear_forward(A, W, b):
    Z = W @ A + b
    return Z, (A, W, b)


def _sigmoid(Z):
    return 1 / (1 + np.exp(-Z))


def linear_activation_forward(A_prev, W, b, activation):
    Z, linear_cache = linear_forward(A_prev, W, b)
    A = _sigmoid(Z) if activation == "sigmoid" else np.maximum(0, Z)
    return A, (linear_cache, Z)


def linear_backward(dZ, cache):
    A_prev, W, b = cache
    m = A_prev.shape[1]
    return W.T @ dZ, dZ @ A_prev.T / m, np.sum(dZ, axis=1, keepdims=True) / m


def linear_activation_backward(dA, cache, activation):
    linear_cache, Z = cache
    if activation == "sigmoid":
        s = _sigmoid(Z)
        dZ = dA * s * (1 - s)
    else:
        dZ = np.where(Z > 0, dA, 0.0)
    return linear_backward(dZ, linear_cache)
