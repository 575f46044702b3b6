"""Two-dimensional data sets of the planar classification assignment, drawn from numpy's legacy global generator.

The flower is drawn after np.random.seed(1) inside its function, so its points are the same on every
machine and in every numpy version (the legacy streams are frozen). The extra sets are drawn from
the global generator as it stands, so a notebook that seeds before calling gets the same sets every time.
"""
import numpy as np

FLOWER_SEED = 1
FLOWER_POINTS_PER_CLASS = 200
FLOWER_PETAL_LENGTH = 4     # the largest radius of a petal (the recipe's `a`)
EXTRA_POINTS = 200


def load_planar_dataset():
    """The "flower": two classes of points on the petals of a rose curve r = a sin(4t), with noise.

    Recipe: np.random.seed(1); for class j = 0, then j = 1, angles t = linspace(3.12 j, 3.12 (j + 1), 200)
    plus 0.2 * randn(200), then radii r = 4 sin(4t) + 0.2 * randn(200) (both draws for j = 0 before
    any for j = 1); the point is (r sin t, r cos t) with label j. The global generator is left
    where the recipe leaves it (800 normal draws after the seed).

    Returns:
    - X: (2, 400) float64 coordinates, rows 0-199 of class 0 then rows 200-399 of class 1 (as columns).
    - Y: (1, 400) uint8 labels in {0, 1}, the recipe's type: cast before multiplying two uint8 arrays
      (np.dot of uint8 arrays wraps around above 255).
    """
    n = FLOWER_POINTS_PER_CLASS
    np.random.seed(FLOWER_SEED)
    X = np.zeros((2, 2 * n))
    Y = np.zeros((1, 2 * n), dtype=np.uint8)
    for label in (0, 1):
        columns = slice(n * label, n * (label + 1))
        angle = np.linspace(3.12 * label, 3.12 * (label + 1), n) + 0.2 * np.random.randn(n)
        radius = FLOWER_PETAL_LENGTH * np.sin(4 * angle) + 0.2 * np.random.randn(n)
        X[0, columns] = radius * np.sin(angle)
        X[1, columns] = radius * np.cos(angle)
        Y[0, columns] = label
    return X, Y


def load_extra_datasets():
    """Four more binary planar sets to train on, 200 points each, drawn from numpy's global generator.

    Draw order (scikit-learn's generators called without random_state draw from np.random):
    make_circles(200, factor=0.5, noise=0.3), make_moons(200, noise=0.2),
    make_blobs(200, n_features=2, centers=6, random_state=5) (its own generator: the global one is
    untouched, and the labels 0-5 become binary by their parity), then
    make_gaussian_quantiles(cov=0.5, n_samples=200, n_features=2, n_classes=2). Seed before calling
    (np.random.seed) to get the same sets every time.

    Returns:
    - datasets: dict name -> (X, Y) for "noisy_circles", "noisy_moons", "blobs", "gaussian_quantiles",
      with X (2, 200) float64 and Y (1, 200) int64 labels in {0, 1}.
    """
    import sklearn.datasets   # here, not at the top: importing scikit-learn takes a second

    n = EXTRA_POINTS
    drawn = {
        "noisy_circles": sklearn.datasets.make_circles(n_samples=n, factor=0.5, noise=0.3),
        "noisy_moons": sklearn.datasets.make_moons(n_samples=n, noise=0.2),
    }
    X, labels = sklearn.datasets.make_blobs(n_samples=n, n_features=2, centers=6, random_state=5)
    drawn["blobs"] = X, labels % 2
    drawn["gaussian_quantiles"] = sklearn.datasets.make_gaussian_quantiles(
        mean=None, cov=0.5, n_samples=n, n_features=2, n_classes=2, shuffle=True, random_state=None)
    return {name: (X.T, labels.reshape(1, -1).astype(np.int64)) for name, (X, labels) in drawn.items()}
