"""The activations of the course's networks, in one place for every module that needs them."""
import numpy as np


def sigmoid(Z):
    """Elementwise logistic function. Z: any shape. Returns an array of Z's shape."""
    return 1.0 / (1.0 + np.exp(-Z))


def relu(Z):
    """Elementwise max(0, Z). Z: any shape. Returns an array of Z's shape."""
    return np.maximum(0, Z)
