"""The course's one-layer blocks of a deep network: the linear and the activation halves, forward and backward.

They are the home of these four blocks for the whole course. The deep-network application imports them
(through utils.deep_blocks) to train its classifiers. The step-by-step assignment, where they are graded,
never imports this module: its tests swap these blocks in, as course fixtures, for the names its chaining
functions call, so that a mistake in one block costs that block only. For that, the sandbox sends this
module's source alone with the calls that need it, and the worker executes it in a fresh namespace: it must
stay self-contained (numpy is its one import) and hold nothing but these layer blocks, because a function
that receives a fixture can reach everything in the fixture's module.
"""
import numpy as np


def _sigmoid(Z):
    return 1 / (1 + np.exp(-Z))


def linear_forward(A, W, b):
    """The linear half of a layer's forward step.

    Inputs:
    - A: (n_prev, m) activations of the layer before (or the inputs).
    - W: (n, n_prev) weights; b: (n, 1) biases.

    Returns a tuple of:
    - Z: (n, m) pre-activations, W A + b.
    - cache: (A, W, b), for linear_backward.
    """
    Z = W @ A + b
    return Z, (A, W, b)


def linear_activation_forward(A_prev, W, b, activation):
    """One layer's forward step: the linear half, then "sigmoid" or "relu".

    Inputs:
    - A_prev: (n_prev, m) activations of the layer before.
    - W: (n, n_prev) weights; b: (n, 1) biases.
    - activation: "sigmoid" or "relu".

    Returns a tuple of:
    - A: (n, m) the layer's activations.
    - cache: ((A_prev, W, b), Z), Z of shape (n, m), for linear_activation_backward.
    """
    Z, linear_cache = linear_forward(A_prev, W, b)
    A = _sigmoid(Z) if activation == "sigmoid" else np.maximum(0, Z)
    return A, (linear_cache, Z)


def linear_backward(dZ, cache, input_gradient=True):
    """The linear half of a layer's backward step.

    Inputs:
    - dZ: (n, m) gradient of the cost with respect to the layer's Z.
    - cache: (A_prev, W, b) from linear_forward.
    - input_gradient: False skips dA_prev (returned as None). The first layer's dA_prev is the gradient with
      respect to the inputs, which training never reads; on wide inputs (12288 pixels) computing it costs
      about as much as the rest of a training step.

    Returns a tuple of:
    - dA_prev: (n_prev, m) or None; dW: (n, n_prev); db: (n, 1), dW and db averaged over the m examples.
    """
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dA_prev = W.T @ dZ if input_gradient else None
    return dA_prev, dZ @ A_prev.T / m, np.sum(dZ, axis=1, keepdims=True) / m


def linear_activation_backward(dA, cache, activation, input_gradient=True):
    """One layer's backward step: through the activation, then the linear half.

    Inputs:
    - dA: (n, m) gradient of the cost with respect to the layer's output A.
    - cache: ((A_prev, W, b), Z) from linear_activation_forward.
    - activation: "sigmoid" or "relu", as in the forward step.
    - input_gradient: False for the first layer of a training step: dA_prev is then not computed (None).

    Returns a tuple of:
    - dA_prev: (n_prev, m) or None; dW: (n, n_prev); db: (n, 1).
    """
    linear_cache, Z = cache
    if activation == "sigmoid":
        s = _sigmoid(Z)
        dZ = dA * s * (1 - s)
    else:
        dZ = np.where(Z > 0, dA, 0.0)
    return linear_backward(dZ, linear_cache, input_gradient)
