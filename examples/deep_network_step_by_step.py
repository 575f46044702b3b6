"""Scenario catalog of the deep-network-step-by-step assignment (see examples/initialization.py for the idea).

Most entries are mutations of the instructor's solution: a list of (old, new) replacements, each of which must
match the solution exactly once; the others are whole answer cells. The blocks that call other blocks
(linear_activation_forward, L_model_forward, linear_activation_backward, L_model_backward) are graded with the
course's own blocks swapped in (utils/deep_layers.py, which this assignment's release does not import), so a
mistake in a block costs that block only.
"""

INIT, DEEP, LF, LAF, LMF = ("initialize_parameters", "initialize_parameters_deep", "linear_forward",
                            "linear_activation_forward", "L_model_forward")
COST, LB, LAB, LMB, UPDATE = ("compute_cost", "linear_backward", "linear_activation_backward", "L_model_backward",
                              "update_parameters")

_W1 = "W1 = np.random.randn(n_h, n_x) * 0.01"
_W2 = "W2 = np.random.randn(n_y, n_h) * 0.01"
_DEEP_W = 'parameters["W" + str(l)] = np.random.randn(layer_dims[l], layer_dims[l - 1]) * 0.01'
_DEEP_B = 'parameters["b" + str(l)] = np.zeros((layer_dims[l], 1))'
_RELU_STEP = 'A, cache = linear_activation_forward(A, parameters["W" + str(l)], parameters["b" + str(l)], "relu")'
_COST = "cost = -np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)) / m"
_DAL = "dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))"
_UPDATE_W = 'parameters["W" + str(l)] = params["W" + str(l)] - learning_rate * grads["dW" + str(l)]'
_UPDATE_B = 'parameters["b" + str(l)] = params["b" + str(l)] - learning_rate * grads["db" + str(l)]'

WRONG = {
    "init-without-small-scale": (INIT, [(_W1, "W1 = np.random.randn(n_h, n_x)"), (_W2, "W2 = np.random.randn(n_y, n_h)")]),
    "init-transposed-weights": (INIT, [(_W1, "W1 = np.random.randn(n_x, n_h).T * 0.01"),
                                       (_W2, "W2 = np.random.randn(n_h, n_y).T * 0.01")]),
    "init-second-layer-first": (INIT, [("    " + _W1 + "\n    b1 = np.zeros((n_h, 1))\n    " + _W2 + "\n",
                                        "    " + _W2 + "\n    " + _W1 + "\n    b1 = np.zeros((n_h, 1))\n")]),
    "deep-without-small-scale": (DEEP, [(_DEEP_W, _DEEP_W.replace(" * 0.01", ""))]),
    "deep-skips-last-layer": (DEEP, [("    for l in range(1, L + 1):\n", "    for l in range(1, L):\n")]),
    "deep-uniform-weights": (DEEP, [(_DEEP_W, _DEEP_W.replace("np.random.randn", "np.random.rand"))]),
    "linear-forward-transposed-product": (LF, [("Z = np.dot(W, A) + b", "Z = np.dot(A.T, W.T).T + b.T")]),
    "linear-forward-forgets-bias": (LF, [("Z = np.dot(W, A) + b", "Z = np.dot(W, A)")]),
    "linear-forward-elementwise-sum": (LF, [("Z = np.dot(W, A) + b", "Z = np.sum(W.T * A, axis=0, keepdims=True) + b")]),
    "activation-forward-swapped": (LAF, [('if activation == "sigmoid":', 'if activation == "relu":'),
                                         ('elif activation == "relu":', 'elif activation == "sigmoid":')]),
    "activation-forward-caches-A": (LAF, [("    cache = (linear_cache, activation_cache)\n",
                                           "    cache = (linear_cache, A)\n")]),
    "activation-forward-cache-order": (LAF, [("    cache = (linear_cache, activation_cache)\n",
                                              "    cache = (activation_cache, linear_cache)\n")]),
    "L-forward-sigmoid-everywhere": (LMF, [(_RELU_STEP, _RELU_STEP.replace('"relu"', '"sigmoid"'))]),
    "L-forward-restarts-from-X": (LMF, [(_RELU_STEP, _RELU_STEP.replace("(A, ", "(X, "))]),
    "L-forward-forgets-last-cache": (LMF, [('"sigmoid")\n    caches.append(cache)\n', '"sigmoid")\n')]),
    "cost-without-minus": (COST, [(_COST, _COST.replace("cost = -np.sum(", "cost = np.sum("))]),
    "cost-summed": (COST, [(_COST, _COST.replace(") / m", ")"))]),
    "cost-positive-labels-only": (COST, [(_COST, "cost = -np.sum(Y * np.log(AL)) / m")]),
    "linear-backward-dW-not-averaged": (LB, [("dW = np.dot(dZ, A_prev.T) / m", "dW = np.dot(dZ, A_prev.T)")]),
    "linear-backward-dA-averaged": (LB, [("dA_prev = np.dot(W.T, dZ)", "dA_prev = np.dot(W.T, dZ) / m")]),
    "linear-backward-db-over-rows": (LB, [("db = np.sum(dZ, axis=1, keepdims=True) / m",
                                           "db = np.sum(dZ, axis=0, keepdims=True) / m")]),
    "activation-backward-swapped": (LAB, [('if activation == "relu":', 'if activation == "sigmoid":'),
                                          ('elif activation == "sigmoid":', 'elif activation == "relu":')]),
    "activation-backward-skips-activation": (LAB, [("dA_prev, dW, db = linear_backward(dZ, linear_cache)",
                                                    "dA_prev, dW, db = linear_backward(dA, linear_cache)")]),
    "activation-backward-relu-on-A": (LAB, [("dZ = relu_backward(dA, activation_cache)",
                                             "dZ = dA * (linear_cache[0].sum() > 0)")]),
    "L-backward-dAL-sign": (LMB, [(_DAL, "dAL = np.divide(Y, AL) - np.divide(1 - Y, 1 - AL)")]),
    "L-backward-relu-on-last": (LMB, [('caches[L - 1], "sigmoid")', 'caches[L - 1], "relu")')]),
    "L-backward-wrong-cache": (LMB, [('(grads["dA" + str(l)], caches[l - 1], "relu")',
                                      '(grads["dA" + str(l)], caches[l], "relu")')]),
    "update-climbs-the-gradient": (UPDATE, [(_UPDATE_W, _UPDATE_W.replace("] - learning_rate", "] + learning_rate")),
                                            (_UPDATE_B, _UPDATE_B.replace("] - learning_rate", "] + learning_rate"))]),
    "update-forgets-biases": (UPDATE, [(_UPDATE_B, 'parameters["b" + str(l)] = params["b" + str(l)]')]),
    "update-in-place": (UPDATE, """def update_parameters(params, grads, learning_rate):
    L = len(params) // 2
    for l in range(1, L + 1):
        params["W" + str(l)] -= learning_rate * grads["dW" + str(l)]
        params["b" + str(l)] -= learning_rate * grads["db" + str(l)]
    return params
"""),
    # New arrays, right values, but written into the caller's dict: only keeps_inputs sees it.
    "update-rebinds-the-callers-dict": (UPDATE, """def update_parameters(params, grads, learning_rate):
    L = len(params) // 2
    for l in range(1, L + 1):
        params["W" + str(l)] = params["W" + str(l)] - learning_rate * grads["dW" + str(l)]
        params["b" + str(l)] = params["b" + str(l)] - learning_rate * grads["db" + str(l)]
    return params
"""),
}

VALID = {
    "init-normal-with-scale": (INIT, [(_W1, "W1 = np.random.normal(0.0, 0.01, size=(n_h, n_x))"),
                                      (_W2, "W2 = np.random.normal(0.0, 0.01, size=(n_y, n_h))")]),
    "init-standard-normal-over-100": (INIT, [(_W1, "W1 = np.random.standard_normal((n_h, n_x)) / 100"),
                                             (_W2, "W2 = np.random.standard_normal((n_y, n_h)) / 100")]),
    "deep-f-string-keys": (DEEP, [(_DEEP_W, 'parameters[f"W{l}"] = 0.01 * np.random.randn(layer_dims[l], layer_dims[l - 1])'),
                                  (_DEEP_B, 'parameters[f"b{l}"] = np.zeros((layer_dims[l], 1), dtype=float)')]),
    "deep-zip-of-sizes": (DEEP, """def initialize_parameters_deep(layer_dims):
    np.random.seed(3)
    parameters = {}
    for l, (n_prev, n) in enumerate(zip(layer_dims[:-1], layer_dims[1:]), start=1):
        parameters[f"W{l}"] = np.random.randn(n, n_prev) / 100
        parameters[f"b{l}"] = np.zeros((n, 1))
    return parameters
"""),
    "linear-forward-matmul": (LF, [("Z = np.dot(W, A) + b", "Z = W @ A + b")]),
    "linear-forward-einsum": (LF, [("Z = np.dot(W, A) + b", 'Z = np.einsum("ij,jk->ik", W, A) + b')]),
    "activation-forward-dict-dispatch": (LAF, [("    if activation == \"sigmoid\":\n        A, activation_cache = sigmoid(Z)\n"
                                                "    elif activation == \"relu\":\n        A, activation_cache = relu(Z)\n",
                                                "    A, activation_cache = {\"sigmoid\": sigmoid, \"relu\": relu}[activation](Z)\n")]),
    "activation-forward-own-relu": (LAF, [("A, activation_cache = relu(Z)", "A, activation_cache = np.maximum(0, Z), Z")]),
    "L-forward-f-strings": (LMF, [(_RELU_STEP, 'A, cache = linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"], "relu")')]),
    "L-forward-one-loop": (LMF, """def L_model_forward(X, parameters):
    caches = []
    A = X
    L = len(parameters) // 2
    for l in range(1, L + 1):
        A, cache = linear_activation_forward(A, parameters[f"W{l}"], parameters[f"b{l}"],
                                             "sigmoid" if l == L else "relu")
        caches.append(cache)
    return A, caches
"""),
    "cost-dot-products": (COST, [(_COST, "cost = -(np.dot(Y, np.log(AL).T) + np.dot(1 - Y, np.log(1 - AL).T)) / m")]),
    "cost-mean-python-float": (COST, [(_COST, "cost = float(-np.mean(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)))")]),
    "linear-backward-matmul": (LB, [("dW = np.dot(dZ, A_prev.T) / m", "dW = dZ @ A_prev.T / m"),
                                    ("dA_prev = np.dot(W.T, dZ)", "dA_prev = W.T @ dZ")]),
    "linear-backward-mean": (LB, [("db = np.sum(dZ, axis=1, keepdims=True) / m", "db = dZ.mean(axis=1).reshape(-1, 1)")]),
    "activation-backward-own-relu": (LAB, [("dZ = relu_backward(dA, activation_cache)",
                                            "dZ = dA * (activation_cache > 0)")]),
    "activation-backward-own-sigmoid": (LAB, [("dZ = sigmoid_backward(dA, activation_cache)",
                                               "s = 1 / (1 + np.exp(-activation_cache))\n        dZ = dA * s * (1 - s)")]),
    "L-backward-f-strings": (LMB, [('(grads["dA" + str(l)], caches[l - 1], "relu")', '(grads[f"dA{l}"], caches[l - 1], "relu")')]),
    "L-backward-dAL-simplified": (LMB, [(_DAL, "dAL = (AL - Y) / (AL * (1 - AL))")]),
    "update-copies-then-subtracts": (UPDATE, """def update_parameters(params, grads, learning_rate):
    import copy
    parameters = copy.deepcopy(params)
    for name in parameters:
        parameters[name] = parameters[name] - learning_rate * grads["d" + name]
    return parameters
"""),
    "update-dict-comprehension": (UPDATE, """def update_parameters(params, grads, learning_rate):
    return {name: value - learning_rate * grads["d" + name] for name, value in params.items()}
"""),
}

NEVER_RETURNS = (COST, [("    m = Y.shape[1]\n", "    m = Y.shape[1]\n    while True:\n        pass\n")])

# The example class graded by the main job: student name -> scenario.
EXAMPLE_CLASS = {
    "perfect-student": "solution",
    "blank-release": "blank",
    "linear-forward-forgets-bias": "linear-forward-forgets-bias",
    "L-forward-sigmoid-everywhere": "L-forward-sigmoid-everywhere",
    "L-backward-wrong-cache": "L-backward-wrong-cache",
    "valid-alternatives": "all-valid",
    "only-forward-done": "only-forward",
    "notebook-not-json": "not-json",
    "cost-never-returns": "never-returns",
}
