"""Activations that keep a cache for the backward pass, and their backward functions (the deep-network assignments).

A layer's forward step returns its output together with what its backward step will need; for an
activation that is its input Z. The backward step takes the upstream gradient dA = dJ/dA and that
cache and returns dZ = dJ/dZ. The formulas themselves live in utils.activations.
"""
import numpy as np

from utils import activations


def sigmoid(Z):
    """Logistic function elementwise, keeping its input for the backward pass.

    Inputs:
    - Z: array of any shape, typically a layer's pre-activations (n_l, m).

    Returns a tuple of:
    - A: array of Z's shape, 1 / (1 + exp(-Z)), in (0, 1) (0 or 1 exactly where |Z| > ~37).
    - cache: Z itself, for sigmoid_backward.
    """
    return activations.sigmoid(Z), Z


def relu(Z):
    """max(0, Z) elementwise, keeping its input for the backward pass.

    Inputs:
    - Z: array of any shape, typically a layer's pre-activations (n_l, m).

    Returns a tuple of:
    - A: array of Z's shape, Z where Z > 0 and 0 elsewhere.
    - cache: Z itself, for relu_backward.
    """
    return activations.relu(Z), Z


def _check_shapes(dA, Z, name):
    if np.shape(dA) != np.shape(Z):
        raise ValueError(f"{name}: dA has shape {np.shape(dA)} but the cached Z has shape {np.shape(Z)}; "
                         "pass the cache of the same layer's forward step")


def sigmoid_backward(dA, cache):
    """Gradient through a sigmoid: dZ = dA * s * (1 - s), with s = sigmoid(Z).

    Inputs:
    - dA: upstream gradient dJ/dA, array of Z's shape (n_l, m).
    - cache: Z, the input of the forward step (what sigmoid returned as its cache).

    Returns:
    - dZ: dJ/dZ, array of Z's shape. dA is not modified.
    """
    Z = cache
    _check_shapes(dA, Z, "sigmoid_backward")
    s = activations.sigmoid(Z)
    return dA * s * (1 - s)


def relu_backward(dA, cache):
    """Gradient through a ReLU: dZ = dA where Z > 0 and 0 where Z <= 0 (the kink at 0 counts as flat).

    Inputs:
    - dA: upstream gradient dJ/dA, array of Z's shape (n_l, m).
    - cache: Z, the input of the forward step (what relu returned as its cache).

    Returns:
    - dZ: dJ/dZ, float array of Z's shape. dA is not modified.
    """
    Z = cache
    _check_shapes(dA, Z, "relu_backward")
    return np.where(Z > 0, dA, 0.0)
