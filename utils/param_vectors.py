"""Parameter dictionaries as one column vector and back, for any number and size of layers.

Gradient checking perturbs one parameter at a time, which is easiest on a single
vector. The order is W1, b1, W2, b2, ..., each block flattened row-major, so
the layout follows from the dictionary itself: nothing is hard-coded.
"""
import numpy as np


def parameter_layout(parameters):
    """The blocks of a parameter dict in vector order.

    Inputs:
    - parameters: dict with W1, b1, ..., WL, bL (arrays of any shapes).

    Returns:
    - layout: list of (key, shape) pairs: [("W1", W1.shape), ("b1", b1.shape), ...].
    """
    layout = []
    l = 1
    while f"W{l}" in parameters:
        for key in (f"W{l}", f"b{l}"):
            if key not in parameters:
                raise KeyError(f"parameters hold W{l} but not {key}")
            layout.append((key, np.shape(parameters[key])))
        l += 1
    if not layout:
        raise KeyError("parameters hold no 'W1'")
    return layout


def dictionary_to_vector(parameters):
    """Stack every parameter into one column.

    Inputs:
    - parameters: dict with W1, b1, ..., WL, bL.

    Returns:
    - theta: (n, 1) float64 column, n the total number of parameters.
    - layout: list of (key, shape), as parameter_layout, to undo the stacking.
    """
    layout = parameter_layout(parameters)
    theta = np.concatenate([np.asarray(parameters[k], dtype=np.float64).reshape(-1, 1) for k, _ in layout])
    return theta, layout


def vector_to_dictionary(theta, layout):
    """Inverse of dictionary_to_vector.

    Inputs:
    - theta: (n, 1) or (n,) vector.
    - layout: list of (key, shape) from dictionary_to_vector.

    Returns:
    - parameters: dict key -> array of that shape (copies, not views of theta).
    """
    theta = np.asarray(theta).reshape(-1)
    sizes = [int(np.prod(shape)) for _, shape in layout]
    if theta.size != sum(sizes):
        raise ValueError(f"theta has {theta.size} entries; the layout needs {sum(sizes)}")
    parameters, start = {}, 0
    for (key, shape), size in zip(layout, sizes):
        parameters[key] = theta[start:start + size].reshape(shape).copy()
        start += size
    return parameters


def gradients_to_vector(gradients, layout):
    """Stack dW1, db1, ..., dWL, dbL in the layout's order into one (n, 1) column.

    Inputs:
    - gradients: dict holding "d" + key for every key of the layout (other keys are ignored).
    - layout: list of (key, shape) from dictionary_to_vector.

    Returns:
    - grad: (n, 1) float64 column.
    """
    blocks = []
    for key, shape in layout:
        g = np.asarray(gradients["d" + key], dtype=np.float64)
        if g.shape != tuple(shape):
            raise ValueError(f"d{key} has shape {g.shape}; {key} has shape {tuple(shape)}")
        blocks.append(g.reshape(-1, 1))
    return np.concatenate(blocks)


def block_differences(grad, gradapprox, layout):
    """Relative difference of each parameter block, largest first.

    Inputs:
    - grad, gradapprox: (n, 1) vectors in the layout's order.
    - layout: list of (key, shape).

    Returns:
    - list of (key, difference) with difference = ||g - a|| / (||g|| + ||a||) on that block.
    """
    grad, gradapprox = np.asarray(grad).reshape(-1), np.asarray(gradapprox).reshape(-1)
    out, start = [], 0
    for key, shape in layout:
        size = int(np.prod(shape))
        g, a = grad[start:start + size], gradapprox[start:start + size]
        denom = np.linalg.norm(g) + np.linalg.norm(a)
        out.append((key, float(np.linalg.norm(g - a) / denom) if denom else 0.0))
        start += size
    return sorted(out, key=lambda item: -item[1])


def report_gradient_check(difference, grad, gradapprox, layout, threshold=2e-7, suspicious=1e-5):
    """Print the verdict of a gradient check and, when it fails, where to look first.

    Inputs:
    - difference: float, the overall relative difference.
    - grad, gradapprox: (n, 1) vectors; layout: list of (key, shape).
    - threshold: differences above it are reported as a mistake.
    - suspicious: blocks above this are named (smaller block differences are round-off).
    """
    if difference > threshold:
        print(f"There is a mistake in the backward propagation: difference = {difference:.3e} "
              f"(above {threshold:.0e}).")
        blocks = block_differences(grad, gradapprox, layout)
        worst = [(k, d) for k, d in blocks if d > suspicious] or blocks[:1]
        print("Largest disagreements, by parameter block: "
              + ", ".join(f"d{k} {d:.2e}" for k, d in worst[:4]) + f". Look at d{worst[0][0]} first.")
    else:
        print(f"Your backward propagation works: difference = {difference:.3e} (at most {threshold:.0e}).")
