"""Datasets of the course, generated deterministically with numpy's legacy global RNG."""
from pathlib import Path

import numpy as np


def load_circles():
    """Two noisy concentric circles, the data of the Initialization assignment.

    The draw order is the course's: seed 1 then 300 training points, seed 2 then
    100 test points, both from sklearn's make_circles (noise 0.05), which draws
    from numpy's global generator.

    Returns:
    - train_X: (2, 300) float64 coordinates.
    - train_Y: (1, 300) int64 labels in {0, 1} (1 = inner circle).
    - test_X: (2, 100) float64.
    - test_Y: (1, 100) int64.
    """
    import sklearn.datasets   # here, not at the top: notebooks and the grader import this module often

    np.random.seed(1)
    train_X, train_Y = sklearn.datasets.make_circles(n_samples=300, noise=0.05)
    np.random.seed(2)
    test_X, test_Y = sklearn.datasets.make_circles(n_samples=100, noise=0.05)
    return (train_X.T, train_Y.reshape(1, -1), test_X.T, test_Y.reshape(1, -1))


# --- Regularization assignment: a noisy field split by a wavy diagonal -------------------------

FIELD_FILE = Path(__file__).resolve().parent.parent / "datasets" / "diagonal_field.h5"
FIELD_SEEDS = {"train": 7, "test": 8}
FIELD_SIZES = {"train": 200, "test": 200}


def make_diagonal_field(n, seed):
    """Points in a square split by a wavy diagonal, with label noise that a big network will chase.

    Labels flip with a probability that is high near the boundary and small everywhere else,
    so the clean rule is simple but the training set holds a few isolated "wrong" points:
    memorising them is overfitting.

    Inputs:
    - n: number of points; seed: seed of a numpy RandomState (legacy generator, stable across versions).

    Returns:
    - X: (2, n) float64 in [-0.75, 0.75]^2; Y: (1, n) uint8 labels.
    """
    rng = np.random.RandomState(seed)
    X = rng.uniform(-0.75, 0.75, size=(2, n))
    margin = X[1] + 0.8 * X[0] + 0.15 * np.sin(4.0 * X[0] + 1.0)
    Y = (margin > 0).astype(np.uint8)
    near = rng.rand(n) < 0.45 * np.exp(-(margin / 0.15) ** 2)
    anywhere = rng.rand(n) < 0.05
    Y ^= (near | anywhere).astype(np.uint8)
    return X, Y.reshape(1, n)


def write_diagonal_field(path=FIELD_FILE):
    """(Re)generate the shipped HDF5 file from make_diagonal_field; byte-stable for a given h5py."""
    import h5py
    with h5py.File(path, "w", track_order=True) as f:
        f.attrs["generated_by"] = "utils.datasets.write_diagonal_field"
        f.attrs["recipe"] = (f"make_diagonal_field(n, seed) with n={FIELD_SIZES}, seed={FIELD_SEEDS}; "
                             "X (2, n) float64, Y (1, n) uint8")
        for split in ("train", "test"):
            X, Y = make_diagonal_field(FIELD_SIZES[split], FIELD_SEEDS[split])
            f.create_dataset(f"{split}_X", data=X, track_times=False)
            f.create_dataset(f"{split}_Y", data=Y, track_times=False)
    return path


def load_regularization_data(path=None):
    """The Regularization assignment's data, from the shipped HDF5 or from the original .mat format.

    Inputs:
    - path: None for datasets/diagonal_field.h5; a .h5 file with train_X, train_Y, test_X, test_Y;
      or a MATLAB .mat file with X (m, 2), y (m, 1), Xval, yval (the original course's layout).

    Returns:
    - train_X: (2, m_train) float64; train_Y: (1, m_train) labels;
    - test_X: (2, m_test) float64; test_Y: (1, m_test) labels.
    """
    path = Path(path) if path is not None else FIELD_FILE
    if path.suffix == ".mat":
        import scipy.io
        data = scipy.io.loadmat(str(path))
        missing = [k for k in ("X", "y", "Xval", "yval") if k not in data]
        if missing:
            raise KeyError(f"{path.name} lacks {missing}: expected X, y, Xval, yval")
        return data["X"].T, data["y"].T, data["Xval"].T, data["yval"].T
    import h5py
    with h5py.File(path, "r") as f:
        return tuple(np.array(f[k]) for k in ("train_X", "train_Y", "test_X", "test_Y"))
