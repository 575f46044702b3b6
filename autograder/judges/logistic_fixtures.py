"""Correct helpers of the Logistic Regression assignment, swapped in while a function that calls them is graded.

propagate and predict call sigmoid, optimize calls propagate, model calls initialize_with_zeros,
optimize and predict. Their graded cases replace those names by the functions below, so a mistake in
one of the student's functions costs that function's points only.

These are answers of graded functions, so this module lives with the grader: the student's process
never imports it. The sandbox sends its source alone and runs it in a fresh namespace, so it imports
nothing: numpy is reached through the arrays it is given (ndarray.__array_namespace__, numpy 2).
initialize_with_zeros has no array to reach it from; it returns nested lists, which optimize below
turns into an array.
"""


def _np(*values):
    for value in values:
        if hasattr(value, "__array_namespace__"):
            return value.__array_namespace__()
    raise TypeError("a course helper needs at least one numpy array argument")


def sigmoid(z):
    """1 / (1 + exp(-z)), for the numpy arrays that propagate and predict pass."""
    if not hasattr(z, "__array_namespace__"):
        return 1 / (1 + 2.718281828459045 ** (-z))
    return 1 / (1 + _np(z).exp(-z))


def initialize_with_zeros(dim):
    """w: dim rows of [0.0] (a nested list, see the module's note), b = 0.0."""
    return [[0.0] for _ in range(int(dim))], 0.0


def propagate(w, b, X, Y):
    """The course's gradients and mean cross-entropy cost of logistic regression."""
    np = _np(X, w, Y)
    w = np.asarray(w, dtype=np.float64).reshape(-1, 1)
    m = X.shape[1]
    A = sigmoid(w.T @ X + b)
    cost = float(-np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m)
    return {"dw": X @ (A - Y).T / m, "db": float(np.sum(A - Y) / m)}, cost


def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    """The course's gradient descent, from w and b (w any nested sequence of dim numbers)."""
    np = _np(X, w, Y)
    w = np.asarray(w, dtype=np.float64).reshape(-1, 1)
    b = float(np.asarray(b, dtype=np.float64).reshape(-1)[0])
    costs, grads = [], {}
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        w = w - learning_rate * grads["dw"]
        b = b - learning_rate * grads["db"]
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print(f"Cost after iteration {i}: {cost:f}")
    return {"w": w, "b": b}, grads, costs


def predict(w, b, X):
    """The course's predictions: 1.0 where sigmoid(w.T X + b) > 0.5, else 0.0, shape (1, m)."""
    np = _np(X, w)
    w = np.asarray(w, dtype=np.float64).reshape(X.shape[0], 1)
    return (sigmoid(w.T @ X + b) > 0.5).astype(np.float64)
