"""Scenario catalog of the planar classification assignment (see examples/initialization.py for the idea).

Most entries are mutations of the instructor's solution: a list of (old, new) replacements, each of which must
match the solution exactly once; the others are whole answer cells. nn_model and predict are graded with the
course's own steps swapped in (autograder/judges/planar_fixtures.py), so a mistake in a step costs that step only.
"""

SIZES, INIT, FWD, COST = "layer_sizes", "initialize_parameters", "forward_propagation", "compute_cost"
BWD, UPDATE, MODEL, PREDICT = "backward_propagation", "update_parameters", "nn_model", "predict"

_W1 = "W1 = np.random.randn(n_h, n_x) * 0.01"
_W2 = "W2 = np.random.randn(n_y, n_h) * 0.01"
_INIT_LOOP = ("    parameters = initialize_parameters(n_x, n_h, n_y)\n"
              "    for i in range(num_iterations):\n")

WRONG = {
    "sizes-counts-examples": (SIZES, [("n_x = X.shape[0]", "n_x = X.shape[1]")]),
    "sizes-hardcodes-one-output": (SIZES, [("n_y = Y.shape[0]", "n_y = 1")]),
    "sizes-returns-in-wrong-order": (SIZES, [("    return (n_x, n_h, n_y)", "    return (n_x, n_y, n_h)")]),
    "init-without-small-scale": (INIT, [(_W1, "W1 = np.random.randn(n_h, n_x)"),
                                        (_W2, "W2 = np.random.randn(n_y, n_h)")]),
    "init-uniform-weights": (INIT, [(_W1, "W1 = np.random.rand(n_h, n_x) * 0.01"),
                                    (_W2, "W2 = np.random.rand(n_y, n_h) * 0.01")]),
    "init-seeds-inside": (INIT, [("    " + _W1, "    np.random.seed(2)\n    " + _W1)]),
    "forward-sigmoid-in-hidden-layer": (FWD, [("A1 = np.tanh(Z1)", "A1 = sigmoid(Z1)")]),
    "forward-forgets-biases": (FWD, [("Z1 = np.dot(W1, X) + b1", "Z1 = np.dot(W1, X)"),
                                     ("Z2 = np.dot(W2, A1) + b2", "Z2 = np.dot(W2, A1)")]),
    "forward-cache-without-Z": (FWD, [('cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}',
                                       'cache = {"A1": A1, "A2": A2}')]),
    "cost-without-minus-sign": (COST, [("cost = -np.sum(logprobs) / m", "cost = np.sum(logprobs) / m")]),
    "cost-only-positive-labels": (COST, [("logprobs = np.multiply(np.log(A2), Y) + np.multiply(np.log(1 - A2), 1 - Y)",
                                          "logprobs = np.multiply(np.log(A2), Y)")]),
    "cost-sums-without-averaging": (COST, [("cost = -np.sum(logprobs) / m", "cost = -np.sum(logprobs)")]),
    "backward-slope-not-squared": (BWD, [("(1 - np.power(A1, 2))", "(1 - A1)")]),
    "backward-slope-from-Z1": (BWD, [("(1 - np.power(A1, 2))", '(1 - np.power(cache["Z1"], 2))')]),
    "backward-db-without-keepdims": (BWD, [("db1 = np.sum(dZ1, axis=1, keepdims=True) / m",
                                            "db1 = np.sum(dZ1, axis=1) / m"),
                                           ("db2 = np.sum(dZ2, axis=1, keepdims=True) / m",
                                            "db2 = np.sum(dZ2, axis=1) / m")]),
    "update-climbs-the-gradient": (UPDATE, [(f'{k} = parameters["{k}"] - learning_rate', f'{k} = parameters["{k}"] + learning_rate')
                                            for k in ("W1", "b1", "W2", "b2")]),
    "update-ignores-learning-rate": (UPDATE, [(f'learning_rate * grads["d{k}"]', f'1.2 * grads["d{k}"]')
                                              for k in ("W1", "b1", "W2", "b2")]),
    "update-forgets-biases": (UPDATE, [(f'b{l} = parameters["b{l}"] - learning_rate * grads["db{l}"]',
                                        f'b{l} = parameters["b{l}"]') for l in (1, 2)]),
    "model-uses-default-hidden-size": (MODEL, [("parameters = initialize_parameters(n_x, n_h, n_y)",
                                                "parameters = initialize_parameters(*layer_sizes(X, Y))")]),
    "model-one-iteration-too-many": (MODEL, [("for i in range(num_iterations):",
                                              "for i in range(num_iterations + 1):")]),
    "model-initialises-every-iteration": (MODEL, [(_INIT_LOOP,
                                                   "    for i in range(num_iterations):\n"
                                                   "        parameters = initialize_parameters(n_x, n_h, n_y)\n")]),
    "predict-at-or-above-half": (PREDICT, [("predictions = A2 > 0.5", "predictions = A2 >= 0.5")]),
    "predict-returns-probabilities": (PREDICT, [("predictions = A2 > 0.5", "predictions = A2")]),
    "predict-flattens": (PREDICT, [("predictions = A2 > 0.5", "predictions = (A2 > 0.5).ravel()")]),
}

VALID = {
    "sizes-from-len": (SIZES, """def layer_sizes(X, Y):
    return len(X), 4, len(Y)
"""),
    "sizes-unpacked-shapes": (SIZES, [("    n_x = X.shape[0]\n    n_h = 4\n    n_y = Y.shape[0]\n",
                                       "    (n_x, m), (n_y, _) = X.shape, Y.shape\n    n_h = 4\n")]),
    "init-normal-with-scale": (INIT, [(_W1, "W1 = np.random.normal(0.0, 0.01, size=(n_h, n_x))"),
                                      (_W2, "W2 = np.random.normal(0.0, 0.01, size=(n_y, n_h))")]),
    "init-standard-normal-over-100": (INIT, [(_W1, "W1 = np.random.standard_normal((n_h, n_x)) / 100"),
                                             (_W2, "W2 = np.random.standard_normal((n_y, n_h)) / 100"),
                                             ("b1 = np.zeros((n_h, 1))", "b1 = np.zeros_like(W1[:, :1])")]),
    "forward-matmul-and-tanh-from-sigmoid": (FWD, [("Z1 = np.dot(W1, X) + b1", "Z1 = W1 @ X + b1"),
                                                   ("A1 = np.tanh(Z1)", "A1 = 2 * sigmoid(2 * Z1) - 1")]),
    "forward-own-sigmoid": (FWD, [("A2 = sigmoid(Z2)", "A2 = 1 / (1 + np.exp(-Z2))")]),
    "cost-dot-products": (COST, [("    logprobs = np.multiply(np.log(A2), Y) + np.multiply(np.log(1 - A2), 1 - Y)\n"
                                  "    cost = -np.sum(logprobs) / m\n",
                                  "    cost = -(np.dot(np.log(A2), Y.T) + np.dot(np.log(1 - A2), (1 - Y).T)) / m\n")]),
    "cost-mean-returns-np-float64": (COST, [("cost = -np.sum(logprobs) / m", "cost = -np.mean(logprobs)"),
                                            ("    return float(np.squeeze(cost))", "    return np.squeeze(cost)")]),
    "backward-slope-from-tanh-of-Z1": (BWD, [("(1 - np.power(A1, 2))", '(1 - np.tanh(cache["Z1"]) ** 2)')]),
    "backward-means-over-examples": (BWD, [("db2 = np.sum(dZ2, axis=1, keepdims=True) / m",
                                            "db2 = np.mean(dZ2, axis=1, keepdims=True)"),
                                           ("db1 = np.sum(dZ1, axis=1, keepdims=True) / m",
                                            "db1 = dZ1.mean(axis=1).reshape(-1, 1)"),
                                           ("dW1 = np.dot(dZ1, X.T) / m", "dW1 = (dZ1 @ X.T) / m")]),
    "update-dict-loop": (UPDATE, """def update_parameters(parameters, grads, learning_rate=1.2):
    updated = {}
    for name in ("W1", "b1", "W2", "b2"):
        updated[name] = parameters[name] - learning_rate * grads["d" + name]
    return updated
"""),
    "update-copies-then-subtracts": (UPDATE, """def update_parameters(parameters, grads, learning_rate=1.2):
    parameters = {name: value.copy() for name, value in parameters.items()}
    for name in parameters:
        parameters[name] -= learning_rate * grads["d" + name]
    return parameters
"""),
    "model-while-loop": (MODEL, [(_INIT_LOOP, "    parameters = initialize_parameters(n_x, n_h, n_y)\n"
                                              "    i = 0\n    while i < num_iterations:\n"),
                                 ("            print(f\"Cost after iteration {i}: {cost:f}\")\n",
                                  "            print(f\"Cost after iteration {i}: {cost:f}\")\n        i += 1\n")]),
    "model-explicit-rate-without-cost": (MODEL, """def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):
    np.random.seed(3)
    parameters = initialize_parameters(X.shape[0], n_h, Y.shape[0])
    for step in range(num_iterations):
        A2, cache = forward_propagation(X, parameters)
        if print_cost and step % 1000 == 0:
            print("Cost after iteration %i: %f" % (step, compute_cost(A2, Y)))
        grads = backward_propagation(parameters, cache, X, Y)
        parameters = update_parameters(parameters, grads, learning_rate=1.2)
    return parameters
"""),
    "predict-round": (PREDICT, [("predictions = A2 > 0.5", "predictions = np.round(A2)")]),
    "predict-int-labels": (PREDICT, [("predictions = A2 > 0.5", "predictions = (A2 > 0.5).astype(int)")]),
}

NEVER_RETURNS = (COST, [("    m = Y.shape[1]\n", "    m = Y.shape[1]\n    while True:\n        pass\n")])

# The example class graded by the main job: student name -> scenario.
EXAMPLE_CLASS = {
    "perfect-student": "solution",
    "blank-release": "blank",
    "forward-sigmoid-in-hidden-layer": "forward-sigmoid-in-hidden-layer",
    "backward-slope-not-squared": "backward-slope-not-squared",
    "model-uses-default-hidden-size": "model-uses-default-hidden-size",
    "valid-alternatives": "all-valid",
    "only-propagation-done": "only-propagation",
    "notebook-not-json": "not-json",
    "cost-never-returns": "never-returns",
}
