"""Datasets of the course, generated deterministically with numpy's legacy global RNG."""
import numpy as np
import sklearn.datasets


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
    np.random.seed(1)
    train_X, train_Y = sklearn.datasets.make_circles(n_samples=300, noise=0.05)
    np.random.seed(2)
    test_X, test_Y = sklearn.datasets.make_circles(n_samples=100, noise=0.05)
    return (train_X.T, train_Y.reshape(1, -1), test_X.T, test_Y.reshape(1, -1))
