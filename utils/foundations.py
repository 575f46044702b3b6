"""Computations behind the Course 1 lecture notebooks' demos (notebooks/c1_*.ipynb).

None of these is a graded function of an assignment: the logistic-regression formulas the lectures
show are written in the notebooks themselves, and the network trained here is the course's ReLU
network of utils.relu_mlp, not the tanh network of the planar assignment.
"""
import time

import numpy as np

from utils import relu_mlp

HIDDEN_ACTIVATIONS = ("linear", "tanh", "relu", "leaky_relu")


def chain_rule_graph(a, b, c):
    """Forward and backward pass through the computation graph u = b c, v = a + u, J = 3 v.

    Inputs:
    - a, b, c: floats, the graph's inputs.

    Returns:
    - values: dict with the forward values "u", "v", "J" (floats).
    - derivatives: dict with "dJ/dv", "dJ/du", "dJ/da", "dJ/db", "dJ/dc" (floats), each obtained from
      the derivative of the node after it by the chain rule, from J back to the inputs.
    """
    u = b * c
    v = a + u
    J = 3 * v
    dv = 3.0                # J = 3 v
    du = dv * 1.0           # v = a + u
    da = dv * 1.0
    db = du * c             # u = b c
    dc = du * b
    return {"u": u, "v": v, "J": J}, {"dJ/dv": dv, "dJ/du": du, "dJ/da": da, "dJ/db": db, "dJ/dc": dc}


def nudged_derivatives(f, inputs, eps=1e-6):
    """Each partial derivative of f estimated by nudging one input up and down by eps.

    Inputs:
    - f: callable taking the inputs as separate floats and returning a float.
    - inputs: dict name -> float, in f's argument order.
    - eps: the size of the nudge.

    Returns:
    - dict name -> (f(.., x + eps, ..) - f(.., x - eps, ..)) / (2 eps), a float for each input.
    """
    names = list(inputs)
    out = {}
    for name in names:
        up = dict(inputs, **{name: inputs[name] + eps})
        down = dict(inputs, **{name: inputs[name] - eps})
        out[name] = (f(*[up[n] for n in names]) - f(*[down[n] for n in names])) / (2 * eps)
    return out


def time_both(loop_fn, vector_fn, repeats=3):
    """Wall-clock time of a loop and of its vectorized form, best of `repeats` runs each.

    Inputs:
    - loop_fn, vector_fn: callables without arguments computing the same result.
    - repeats: int, runs of each; the fastest counts (the others met more interference).

    Returns:
    - loop_seconds, vector_seconds: floats, measured on this machine now.
    - loop_result, vector_result: what the two callables returned (on their last run).
    """
    def best(fn):
        fastest, result = np.inf, None
        for _ in range(repeats):
            start = time.perf_counter()
            result = fn()
            fastest = min(fastest, time.perf_counter() - start)
        return fastest, result
    loop_seconds, loop_result = best(loop_fn)
    vector_seconds, vector_result = best(vector_fn)
    return loop_seconds, vector_seconds, loop_result, vector_result


def _hidden(activation):
    return {"linear": lambda z: z, "tanh": np.tanh, "relu": lambda z: np.maximum(z, 0),
            "leaky_relu": lambda z: np.where(z > 0, z, 0.01 * z)}[activation]


def random_network_surface(points, activation, n_h=50, seed=0):
    """Output, before any output activation, of a random network with one hidden layer, at given points.

    Weights and biases are standard normal draws (np.random.RandomState(seed)): W1 (n_h, 2),
    b1 (n_h, 1), W2 (1, n_h) scaled by 1 / sqrt(n_h), b2 (1, 1). The same seed gives the same weights for
    every activation, so the surfaces differ only by the activation.

    Inputs:
    - points: (2, k) points of the plane.
    - activation: one of HIDDEN_ACTIVATIONS, applied to the hidden layer.
    - n_h: hidden units; seed: int.

    Returns:
    - z: (k,) the network's output W2 g(W1 x + b1) + b2 at each point.
    """
    rng = np.random.RandomState(seed)
    W1, b1 = rng.randn(n_h, 2), rng.randn(n_h, 1)
    W2, b2 = rng.randn(1, n_h) / np.sqrt(n_h), rng.randn(1, 1)
    return (W2 @ _hidden(activation)(W1 @ points + b1) + b2).ravel()


def fit_mlp(X, Y, activation, n_h=20, seed=0, max_iter=300):
    """scikit-learn's MLPClassifier with one hidden layer, fitted to a planar data set.

    Inputs:
    - X: (2, m) points; Y: (1, m) labels in {0, 1}.
    - activation: "identity" (no non-linearity), "tanh", "relu" or "logistic", for the hidden layer.
    - n_h: hidden units; seed: the classifier's random_state; max_iter: limit on the L-BFGS iterations.

    Returns:
    - predict: callable taking points (2, k) and returning labels (k,), for plot_decision_boundary.
    - accuracy: float in [0, 1], on the training set.
    """
    import warnings
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.neural_network import MLPClassifier
    clf = MLPClassifier(hidden_layer_sizes=(n_h,), activation=activation, solver="lbfgs", max_iter=max_iter,
                        random_state=seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)   # a few hundred L-BFGS steps are plenty for a figure
        clf.fit(X.T, np.ravel(Y))
    return (lambda points: clf.predict(points.T)), float(clf.score(X.T, np.ravel(Y)))


def _start(kind, n_x, n_h, seed):
    """Initial parameters of the ReLU network [n_x, n_h, 1] for the symmetry demo."""
    if kind == "zeros":
        W1, W2 = np.zeros((n_h, n_x)), np.zeros((1, n_h))
    elif kind == "constant":
        W1, W2 = np.full((n_h, n_x), 0.5), np.full((1, n_h), 0.5)
    elif kind == "random":
        rng = np.random.RandomState(seed)
        W1, W2 = rng.randn(n_h, n_x) * np.sqrt(2 / n_x), rng.randn(1, n_h) * np.sqrt(2 / n_h)
    else:
        raise ValueError(f"start must be 'zeros', 'constant' or 'random', not {kind!r}")
    return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((1, 1))}


def symmetry_run(X, Y, start, n_h=8, learning_rate=0.1, num_iterations=3000, every=100, seed=0):
    """Train the course's ReLU network with one hidden layer from a given kind of start, watching its hidden units.

    Inputs:
    - X: (n_x, m) inputs; Y: (1, m) labels in {0, 1}.
    - start: "zeros" (every weight 0), "constant" (every weight 0.5) or "random" (He-scaled normal draws,
      np.random.RandomState(seed)); biases start at 0 in all three.
    - n_h: hidden units; learning_rate: float; num_iterations: gradient-descent steps;
      every: keep a snapshot of W1 every `every` steps (step 0 included).

    Returns:
    - snapshots: (k, n_h, n_x) the hidden layer's weights W1 at steps 0, every, 2 every, ...; row i of a
      snapshot holds the incoming weights of hidden unit i.
    - parameters: dict W1, b1, W2, b2 after training.
    - accuracy: float in [0, 1], on (X, Y).
    """
    parameters = _start(start, X.shape[0], n_h, seed)
    snapshots = []
    for i in range(num_iterations + 1):
        if i % every == 0:
            snapshots.append(parameters["W1"].copy())
        if i < num_iterations:
            _, grads = relu_mlp.gradients(X, Y, parameters)
            parameters = relu_mlp.update_parameters(parameters, grads, learning_rate)
    return np.array(snapshots), parameters, relu_mlp.accuracy(X, Y, parameters)


def distinct_units(W, decimals=8):
    """Number of different hidden units: distinct rows of a weight matrix, after rounding.

    Inputs:
    - W: (n_h, n_prev) weights, row i the incoming weights of unit i; decimals: rounding before comparing.

    Returns:
    - count: int between 1 and n_h.
    """
    return len(np.unique(np.round(W, decimals), axis=0))


def draw_network(ax, layer_sizes, labels=None):
    """Circles for the units of a fully connected network and lines for its weights, input layer on the left.

    Inputs:
    - ax: matplotlib Axes to draw on.
    - layer_sizes: list of ints, units per layer, input layer first.
    - labels: optional list (one per layer) of lists of strings written beside the units, or None.

    Returns:
    - positions: list (one per layer) of (n_l, 2) arrays, the centres of the circles.
    """
    import matplotlib.pyplot as plt
    tallest = max(layer_sizes)
    positions = [np.c_[np.full(n, float(l)), np.linspace(-(n - 1) / 2, (n - 1) / 2, n)[::-1] if n > 1 else [0.0]]
                 for l, n in enumerate(layer_sizes)]
    for left, right in zip(positions, positions[1:]):
        for p in left:
            for q in right:
                ax.plot([p[0], q[0]], [p[1], q[1]], color="#95a5a6", lw=0.8, zorder=1)
    for l, layer in enumerate(positions):
        colour = "#a9cce3" if l == 0 else ("#f5b041" if l == len(positions) - 1 else "#abebc6")
        for i, (x, y) in enumerate(layer):
            ax.add_patch(plt.Circle((x, y), 0.18, color=colour, ec="#2c3e50", zorder=2))
            if labels and labels[l]:
                right = l == len(positions) - 1
                ax.text(x + (0.25 if right else -0.25), y, labels[l][i], ha="left" if right else "right",
                        va="center", fontsize=9)
    ax.set_xlim(-1.6, len(layer_sizes) - 1 + 1.6)
    ax.set_ylim(-tallest / 2 - 0.2, tallest / 2 + 0.2)
    ax.set_aspect("equal")
    ax.axis("off")
    return positions
