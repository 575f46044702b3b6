"""Computations behind the lecture on deep L-layer networks (notebooks/c1_05_deep_l_layer_networks.ipynb).

The network trained here is the course's ReLU network of utils.relu_mlp. Nothing in this module is a graded
function of an assignment, and no assignment's setup imports it: the building blocks with their caches that the
lecture draws are written by the learners in the deep-network assignment.
"""
import numpy as np

from utils import relu_mlp
from utils.activations import relu


def expected_shapes(layer_dims, m):
    """The shape every array of an L-layer network must have, from the layer sizes alone.

    Inputs:
    - layer_dims: list of L + 1 ints, n^[0] = n_x first, n^[L] last.
    - m: int, number of examples in a batch.

    Returns:
    - shapes: dict name -> tuple, for l = 1..L: "Wl" and "dWl" (n^[l], n^[l-1]), "bl" and "dbl" (n^[l], 1),
      "Zl" and "Al" (n^[l], m); and "A0" (n^[0], m), the input X.
    """
    shapes = {"A0": (layer_dims[0], m)}
    for l in range(1, len(layer_dims)):
        n, n_prev = layer_dims[l], layer_dims[l - 1]
        shapes.update({f"W{l}": (n, n_prev), f"dW{l}": (n, n_prev), f"b{l}": (n, 1), f"db{l}": (n, 1),
                       f"Z{l}": (n, m), f"A{l}": (n, m)})
    return shapes


def network_arrays(X, Y, parameters):
    """Every array one forward and one backward pass of the course's ReLU network produce, by name.

    Inputs:
    - X: (n_x, m) inputs; Y: (1, m) labels in {0, 1}.
    - parameters: dict W1, b1, ..., WL, bL.

    Returns:
    - arrays: dict name -> array with "A0" (X), and for l = 1..L "Wl", "bl", "Zl", "Al" (from the forward pass's
      cache) and "dWl", "dbl" (from relu_mlp.gradients); the keys of expected_shapes.
    """
    _, cache = relu_mlp.forward_propagation(X, parameters)
    _, grads = relu_mlp.gradients(X, Y, parameters)
    arrays = {"A0": X}
    for l in range(1, len(cache) // 4 + 1):
        Z, A, W, b = cache[4 * l - 4:4 * l]
        arrays.update({f"W{l}": W, f"b{l}": b, f"Z{l}": Z, f"A{l}": A,
                       f"dW{l}": grads[f"dW{l}"], f"db{l}": grads[f"db{l}"]})
    return arrays


def shape_problems(arrays, shapes):
    """What is wrong with the shapes of a network's arrays, one sentence per mistake.

    Inputs:
    - arrays: dict name -> array (any shapes); shapes: dict name -> expected tuple, as expected_shapes returns.

    Returns:
    - problems: list of str, each naming the array, the shape it has and the shape it should have, or saying it is
      missing; empty when every expected array is there with its shape.
    """
    problems = []
    for name, shape in shapes.items():
        if name not in arrays:
            problems.append(f"{name} is missing: expected shape {shape}")
        elif np.shape(arrays[name]) != tuple(shape):
            problems.append(f"{name} has shape {np.shape(arrays[name])}, expected {tuple(shape)}")
    return problems


def linear_output(X, parameters):
    """Output of a network with ReLU hidden layers and a linear output unit (no sigmoid): a real-valued function.

    Inputs:
    - X: (n_x, m) inputs; parameters: dict W1, b1, ..., WL, bL with Wl (n^[l], n^[l-1]) and bl (n^[l], 1).

    Returns:
    - out: (n^[L], m) the output W^[L] a^[L-1] + b^[L], with a^[l] = relu(W^[l] a^[l-1] + b^[l]) below it.
    """
    L = relu_mlp.num_layers(parameters)
    A = X
    for l in range(1, L):
        A = relu(parameters[f"W{l}"] @ A + parameters[f"b{l}"])
    return parameters[f"W{L}"] @ A + parameters[f"b{L}"]


# The tent t(x) = 2 relu(x) - 4 relu(x - 1/2) rises from 0 to 1 on [0, 1/2] and falls back on [1/2, 1]: it maps
# [0, 1] onto itself twice, so each composition doubles the number of teeth.
_TENT_IN = np.array([[1.0], [1.0]]), np.array([[0.0], [-0.5]])
_TENT_OUT = np.array([[2.0, -4.0]])


def deep_sawtooth(k):
    """A network with k hidden layers of two ReLU units computing the tent map composed k times, t(t(...t(x))).

    Each hidden layer applies the two units of one tent to the previous tent's output; the combination 2 a_1 - 4 a_2
    that finishes a tent is folded into the next layer's weights.

    Inputs:
    - k: int >= 1, number of hidden layers (and of compositions).

    Returns:
    - parameters: dict W1, b1, ..., W{k+1}, b{k+1} for layer sizes [1, 2, ..., 2, 1], for linear_output; on [0, 1]
      the function has 2^k linear pieces, rising and falling between 0 and 1.
    """
    w_in, b_in = _TENT_IN
    parameters = {"W1": w_in.copy(), "b1": b_in.copy()}
    for l in range(2, k + 1):
        parameters[f"W{l}"] = w_in @ _TENT_OUT
        parameters[f"b{l}"] = b_in.copy()
    parameters[f"W{k + 1}"] = _TENT_OUT.copy()
    parameters[f"b{k + 1}"] = np.zeros((1, 1))
    return parameters


def shallow_sawtooth(k):
    """A network with one hidden layer of ReLU units computing, on [0, 1], the same function as deep_sawtooth(k).

    One unit per bend: unit j is relu(x - j / 2^k) for j = 0 .. 2^k - 1, and the output weight changes the slope by
    the sawtooth's change of slope there (+2^k at the first bend, then -2^(k+1) and +2^(k+1) in turn).

    Inputs:
    - k: int >= 1.

    Returns:
    - parameters: dict W1 (2^k, 1), b1 (2^k, 1), W2 (1, 2^k), b2 (1, 1), for linear_output.
    """
    n = 2 ** k
    bends = np.arange(n) / n
    slope_change = np.where(np.arange(n) % 2 == 1, -2.0, 2.0) * n
    slope_change[0] = n
    return {"W1": np.ones((n, 1)), "b1": -bends[:, None], "W2": slope_change[None, :], "b2": np.zeros((1, 1))}


def linear_pieces(x, y, tol=1e-9):
    """Number of linear pieces of a piecewise-linear function sampled at increasing points.

    The count is exact when every bend lies on a sample point (for the sawtooths, an even grid of 2^j + 1 points
    with 2^j at least the number of pieces); a bend between two samples adds one piece.

    Inputs:
    - x: (n,) increasing sample points, n >= 2; y: (n,) the function's values there.
    - tol: slopes closer than this (relative to the largest slope) count as the same.

    Returns:
    - pieces: int >= 1, one more than the number of changes of slope between consecutive intervals.
    """
    x, y = np.ravel(x), np.ravel(y)
    slopes = np.diff(y) / np.diff(x)
    scale = max(1.0, float(np.max(np.abs(slopes))))
    return 1 + int(np.count_nonzero(np.abs(np.diff(slopes)) > tol * scale))


def most_pieces_of_shallow_networks(n_units, trials=200, seed=0, grid=4097):
    """The most linear pieces, on [0, 1], among random networks with one hidden layer of n_units ReLU units.

    Each unit relu(w (x - u)) bends at one point, x = u, so the count cannot exceed n_units + 1. The draws put every
    bend u on an inner point of the sample grid, where linear_pieces counts exactly, and give every unit its
    chance to add a piece; w and the output weights are standard normal.

    Inputs:
    - n_units: int; trials: number of random networks; seed: np.random.RandomState seed; grid: number of sample
      points of [0, 1] (2^j + 1 keeps them exact binary fractions).

    Returns:
    - most: int, the largest linear_pieces count over the trials.
    """
    rng = np.random.RandomState(seed)
    x = np.linspace(0.0, 1.0, grid)[None, :]
    most = 0
    for _ in range(trials):
        w = rng.randn(n_units, 1)
        bends = x[0, rng.randint(1, grid - 1, (n_units, 1))]
        parameters = {"W1": w, "b1": -w * bends, "W2": rng.randn(1, n_units), "b2": rng.randn(1, 1)}
        most = max(most, linear_pieces(x, linear_output(x, parameters)))
    return most


def log_uniform(low, high, n, rng):
    """n values spread evenly on a log scale between low and high: 10^r with r uniform in [log10 low, log10 high].

    Inputs:
    - low, high: positive floats, low < high; n: int; rng: np.random.RandomState.

    Returns:
    - values: (n,) floats in [low, high], as many per decade in every decade on average.
    """
    return 10.0 ** rng.uniform(np.log10(low), np.log10(high), n)


def flower_split(n_dev=100, seed=0):
    """The planar assignment's flower, shuffled and split into a training set and a dev set.

    Inputs:
    - n_dev: int, examples held out; seed: np.random.RandomState seed of the shuffle.

    Returns:
    - X_train (2, 400 - n_dev), Y_train (1, 400 - n_dev), X_dev (2, n_dev), Y_dev (1, n_dev); labels float64 in
      {0, 1}.
    """
    from utils.planar_data import load_planar_dataset
    X, Y = load_planar_dataset()
    order = np.random.RandomState(seed).permutation(X.shape[1])
    X, Y = X[:, order], Y[:, order].astype(float)
    return X[:, n_dev:], Y[:, n_dev:], X[:, :n_dev], Y[:, :n_dev]


def learning_rate_trials(X, Y, X_dev, Y_dev, layer_dims, rates, num_iterations, record_every=100):
    """Train the course's ReLU network once per learning rate, from the same start, and score it on a dev set.

    The start is relu_mlp.initialize_parameters(layer_dims), the same for every rate, so the runs differ only by the
    rate.

    Inputs:
    - X: (n_x, m) training inputs; Y: (1, m) labels; X_dev, Y_dev: the same for the dev set.
    - layer_dims: list of layer sizes, n_x first and 1 last; rates: iterable of floats.
    - num_iterations: gradient-descent steps per run; record_every: the cost is recorded every that many steps.

    Returns:
    - trials: list, one dict per rate in the given order, with "rate" (float), "costs" (list of (iteration, cost)),
      "final_cost" (float, the training cost after the last step; inf when the run blew up), "train_accuracy" and
      "dev_accuracy" (floats in [0, 1]).
    """
    start = relu_mlp.initialize_parameters(layer_dims)
    trials = []
    for rate in rates:
        with np.errstate(over="ignore", invalid="ignore"):   # a rate far too large overflows: that is the lesson
            parameters, costs = relu_mlp.train(X, Y, start, float(rate), num_iterations, record_every=record_every)
            final = relu_mlp.compute_loss(relu_mlp.forward_propagation(X, parameters)[0], Y)
            train_accuracy = relu_mlp.accuracy(X, Y, parameters)
            dev_accuracy = relu_mlp.accuracy(X_dev, Y_dev, parameters)
        trials.append({"rate": float(rate), "costs": costs,
                       "final_cost": final if np.isfinite(final) else float("inf"),
                       "train_accuracy": train_accuracy, "dev_accuracy": dev_accuracy})
    return trials


def draw_building_blocks(ax, L=3):
    """The forward and backward building blocks of an L-layer network, with the caches that link them.

    Top row: forward blocks l = 1..L, a^[l-1] in, a^[l] out, each storing its cache (W^[l], b^[l], a^[l-1], z^[l]).
    Bottom row: backward blocks l = L..1, da^[l] in, da^[l-1] out, each reading its cache and giving dW^[l], db^[l].

    Inputs:
    - ax: matplotlib Axes to draw on; L: int >= 1, number of layers drawn.

    Returns:
    - ax, with the drawing and its axes switched off.
    """
    from matplotlib.patches import FancyBboxPatch
    width, gap = 1.6, 1.0
    step = width + gap
    arrow = {"arrowstyle": "-|>", "color": "#2c3e50", "lw": 1.2}
    for l in range(1, L + 1):
        x = (l - 1) * step
        for y, colour, label in ((2.0, "#abebc6", f"forward {l}\n$W^{{[{l}]}}, b^{{[{l}]}}$"),
                                 (0.0, "#f5b7b1", f"backward {l}")):
            ax.add_patch(FancyBboxPatch((x, y), width, 0.9, boxstyle="round,pad=0.05", fc=colour, ec="#2c3e50"))
            ax.text(x + width / 2, y + 0.45, label, ha="center", va="center", fontsize=9)
        ax.annotate("", xy=(x + width / 2, 0.95), xytext=(x + width / 2, 1.95), arrowprops=dict(arrow, ls="--"))
        ax.text(x + width / 2 + 0.06, 1.45, f"cache {l}:\n$a^{{[{l - 1}]}}, W^{{[{l}]}}, b^{{[{l}]}}, z^{{[{l}]}}$",
                ha="left", va="center", fontsize=7.5, color="#7d3c98")
        ax.annotate("", xy=(x - 0.05, 2.45), xytext=(x - gap + 0.05, 2.45), arrowprops=arrow)
        ax.text(x - gap / 2, 2.6, f"$a^{{[{l - 1}]}}$", ha="center", fontsize=9)
        ax.annotate("", xy=(x - gap + 0.05, 0.45), xytext=(x - 0.05, 0.45), arrowprops=arrow)
        ax.text(x - gap / 2, 0.6, f"$da^{{[{l - 1}]}}$", ha="center", fontsize=9)
        ax.text(x + width / 2, -0.35, f"$dW^{{[{l}]}}, db^{{[{l}]}}$", ha="center", va="center", fontsize=9,
                color="#c0392b")
    end = L * step - gap
    ax.annotate("", xy=(end + 0.75, 2.45), xytext=(end + 0.05, 2.45), arrowprops=arrow)
    ax.text(end + 0.8, 2.45, f"$a^{{[{L}]}} = \\hat y$", va="center", fontsize=9)
    ax.annotate("", xy=(end + 0.05, 0.45), xytext=(end + 0.75, 0.45), arrowprops=arrow)
    ax.text(end + 0.8, 0.45, f"$da^{{[{L}]}}$\nfrom the loss", va="center", fontsize=9)
    ax.set_xlim(-gap - 0.1, end + 2.0)
    ax.set_ylim(-0.6, 3.0)
    ax.axis("off")
    return ax


def draw_layer_product(ax, n, n_prev, m, l=1, m_drawn=8):
    """Z^[l] = W^[l] A^[l-1] + b^[l] drawn as grids of cells, one cell per number, so the shapes can be read off.

    The m columns of A^[l-1] and Z^[l] are drawn as m_drawn columns (m can be hundreds); the bias column is drawn
    once, solid, and then faintly copied across the columns, as broadcasting does.

    Inputs:
    - ax: matplotlib Axes; n, n_prev: n^[l] and n^[l-1]; m: number of examples (written in the labels);
      l: the layer's number, for the labels; m_drawn: columns drawn for the m examples.

    Returns:
    - boxes: dict name -> (rows, columns) of the grids drawn, for "W", "A_prev", "b", "Z" (columns of A_prev and Z
      are m_drawn).
    """
    from matplotlib.patches import Rectangle
    cols_m = min(m, m_drawn)
    grids = [("W", n, n_prev, "#abebc6", f"$W^{{[{l}]}}$\n({n}, {n_prev})"),
             ("A_prev", n_prev, cols_m, "#a9cce3", f"$A^{{[{l - 1}]}}$\n({n_prev}, m = {m})"),
             ("b", n, 1, "#f9e79f", f"$b^{{[{l}]}}$\n({n}, 1)"),
             ("Z", n, cols_m, "#f5b7b1", f"$Z^{{[{l}]}}$\n({n}, m = {m})")]
    signs = ["@", "+", "="]
    x, top = 0.0, max(n, n_prev) / 2
    boxes = {}
    for i, (name, rows, cols, colour, label) in enumerate(grids):
        y0 = -rows / 2
        for r in range(rows):
            for c in range(cols):
                ax.add_patch(Rectangle((x + c, y0 + r), 1, 1, fc=colour, ec="#2c3e50", lw=0.6))
        if name == "b":   # the copies broadcasting makes, one per example
            for c in range(1, cols_m):
                for r in range(rows):
                    ax.add_patch(Rectangle((x + c, y0 + r), 1, 1, fc=colour, ec="#bdc3c7", lw=0.4, alpha=0.35))
            width = cols_m
        else:
            width = cols
        ax.text(x + width / 2, top + 0.4, label, ha="center", va="bottom", fontsize=9)
        boxes[name] = (rows, cols)
        x += width
        if i < len(signs):
            ax.text(x + 0.9, 0, signs[i], ha="center", va="center", fontsize=14)
            x += 1.8
    ax.set_xlim(-0.5, x + 0.5)
    ax.set_ylim(-top - 0.5, top + 2.2)
    ax.set_aspect("equal")
    ax.axis("off")
    return boxes
