"""Computations behind the lecture notebooks' demos (the notebooks only call and plot these)."""
import numpy as np

from utils import relu_mlp


def split_sizes(m, fractions):
    """Example counts of a train/dev/test split.

    Inputs:
    - m: number of examples; fractions: (train, dev, test) summing to 1.

    Returns:
    - (n_train, n_dev, n_test) ints summing to m (rounding goes to the training set).
    """
    dev, test = int(round(m * fractions[1])), int(round(m * fractions[2]))
    return m - dev - test, dev, test


def diagnose(train_error, dev_error, bayes_error=0.0, tolerance=0.02):
    """Read bias and variance from errors (fractions in [0, 1]).

    Returns:
    - a string: "high bias", "high variance", "high bias and high variance" or "low bias and low variance".
    """
    bias = train_error - bayes_error > tolerance
    variance = dev_error - train_error > tolerance
    if bias and variance:
        return "high bias and high variance"
    if bias:
        return "high bias"
    if variance:
        return "high variance"
    return "low bias and low variance"


def polynomial_capacity_sweep(train_X, train_Y, dev_X, dev_Y, degrees):
    """Train and dev error of logistic regression on polynomial features of growing degree.

    Inputs:
    - train_X, dev_X: (2, m) points; train_Y, dev_Y: (1, m) labels; degrees: iterable of ints.

    Returns:
    - list of (degree, train_error, dev_error).
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import PolynomialFeatures, StandardScaler
    rows = []
    for degree in degrees:
        model = make_pipeline(PolynomialFeatures(degree), StandardScaler(),
                              LogisticRegression(C=1e4, max_iter=20000))
        model.fit(train_X.T, train_Y.ravel())
        rows.append((degree, 1 - model.score(train_X.T, train_Y.ravel()), 1 - model.score(dev_X.T, dev_Y.ravel())))
    return rows


def moons_split(seed=0, n_train=100, n_dev=600, noise=0.35):
    """Two interleaved half-moons (scikit-learn), split into a small training set and a large dev set.

    Returns:
    - train_X (2, n_train), train_Y (1, n_train), dev_X (2, n_dev), dev_Y (1, n_dev).
    """
    from sklearn.datasets import make_moons
    X, y = make_moons(n_samples=n_train + n_dev, noise=noise, random_state=np.random.RandomState(seed))
    return X[:n_train].T, y[:n_train].reshape(1, -1), X[n_train:].T, y[n_train:].reshape(1, -1)


def early_stopping_curves(train, dev, layers_dims, learning_rate, num_iterations, every):
    """Training and dev error rates of the course network as training goes on.

    (Error rates rather than costs: the dev cost of a confidently wrong prediction can be infinite.)

    Inputs:
    - train, dev: (X, Y) pairs; layers_dims: list of layer sizes; learning_rate: float;
      num_iterations: int; every: record the errors every `every` iterations.

    Returns:
    - iterations, train_errors, dev_errors: 1-D arrays of equal length.
    """
    (X, Y), (Xd, Yd) = train, dev
    params = relu_mlp.initialize_parameters(layers_dims)
    its, tr, dv = [], [], []
    for i in range(num_iterations + 1):
        AL, grads = relu_mlp.gradients(X, Y, params)
        if i % every == 0:
            its.append(i)
            tr.append(float(np.mean((AL > 0.5) != Y)))
            dv.append(1 - relu_mlp.accuracy(Xd, Yd, params))
        if i < num_iterations:
            params = relu_mlp.update_parameters(params, grads, learning_rate)
    return np.array(its), np.array(tr), np.array(dv)


def least_squares_descent(X, y, learning_rate, max_steps=100000, tol=1e-6, start=None):
    """Gradient descent on the mean squared error of a linear model without intercept.

    Inputs:
    - X: (m, 2) features; y: (m,) targets; learning_rate: float; max_steps: int;
      tol: stop when the gradient norm falls below it; start: initial weights (2,), default (-2, -2)
      in the scaled problem's units.

    Returns:
    - path: (k, 2) weights visited (k - 1 steps); converged: whether the tolerance was reached.
    """
    w = np.array([-2.0, -2.0]) if start is None else np.asarray(start, dtype=float)
    path = [w.copy()]
    m = X.shape[0]
    for _ in range(max_steps):
        grad = X.T @ (X @ w - y) / m
        if np.linalg.norm(grad) < tol:
            return np.array(path), True
        w = w - learning_rate * grad
        path.append(w.copy())
    return np.array(path), False


def largest_stable_rate(X):
    """A learning rate just inside the stability limit of least squares: 1.9 / largest Hessian eigenvalue."""
    return 1.9 / np.linalg.eigvalsh(X.T @ X / X.shape[0]).max()


def signal_propagation(depth, width, scale, activation, seed=0, batch=256):
    """Standard deviation of activations (forward) and gradients (backward) through a deep plain net.

    Weights are randn(width, width) * scale(width), no biases; the backward pass starts from a
    standard normal gradient at the top.

    Inputs:
    - depth: number of layers; width: units per layer; scale: callable n -> weight multiplier;
    - activation: "relu", "tanh" or "linear"; seed: RandomState seed; batch: examples.

    Returns:
    - act_std, grad_std: arrays of shape (depth,), layer 1 first.
    """
    rng = np.random.RandomState(seed)
    f = {"relu": lambda z: np.maximum(z, 0), "tanh": np.tanh, "linear": lambda z: z}[activation]
    df = {"relu": lambda z: (z > 0).astype(float), "tanh": lambda z: 1 - np.tanh(z) ** 2,
          "linear": lambda z: np.ones_like(z)}[activation]
    A = rng.randn(width, batch)
    weights, zs, act_std = [], [], []
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(depth):
            W = rng.randn(width, width) * scale(width)
            Z = W @ A
            A = f(Z)
            weights.append(W)
            zs.append(Z)
            act_std.append(float(np.std(A)))
        G = rng.randn(width, batch)
        grad_std = []
        for W, Z in zip(reversed(weights), reversed(zs)):
            G = W.T @ (G * df(Z))
            grad_std.append(float(np.std(G)))
    return np.array(act_std), np.array(grad_std[::-1])


def difference_errors(f, df, theta, epsilons):
    """Errors of the one-sided and two-sided differences of f at theta, for each epsilon.

    Returns:
    - one_sided, two_sided: arrays of |estimate - df(theta)|, shaped like epsilons.
    """
    eps = np.asarray(epsilons, dtype=float)
    true = df(theta)
    one = np.abs((f(theta + eps) - f(theta)) / eps - true)
    two = np.abs((f(theta + eps) - f(theta - eps)) / (2 * eps) - true)
    return one, two


def signal_table(results):
    """The first and last layer of each signal_propagation run, one short row per run.

    (Short rows: a printed line wider than the output area wraps in the middle of a number.)

    Inputs:
    - results: dict (activation, weights label) -> (act_std, grad_std) as signal_propagation returns.

    Returns:
    - the table as one string, no line longer than 72 characters.
    """
    depth = len(next(iter(results.values()))[0])
    lines = [f"{'':<30}{'activation std':^20}{'gradient std':^20}",
             f"{'activation':<11}{'weights':<19}{'layer 1':>10}{f'layer {depth}':>10}"
             f"{f'layer {depth}':>10}{'layer 1':>10}"]
    for (activation, weights), (act, grad) in results.items():
        # The gradient travels from the top down, so its columns read from layer `depth` to layer 1.
        lines.append(f"{activation:<11}{weights:<19}{act[0]:>10.2e}{act[-1]:>10.2e}{grad[-1]:>10.2e}{grad[0]:>10.2e}")
    return "\n".join(line.rstrip() for line in lines)
