"""Scenario catalog of the Regularization assignment (see examples/initialization.py for the idea).

Most entries are mutations of the instructor's solution: a list of (old, new) replacements,
each of which must match the solution exactly once.
"""

COST = "compute_cost_with_regularization"
L2 = "backward_propagation_with_regularization"
FWD = "forward_propagation_with_dropout"
BWD = "backward_propagation_with_dropout"

_L2_TERM = ("L2_regularization_cost = (1 / m) * (lambd / 2) * (np.sum(np.square(W1)) + np.sum(np.square(W2))\n"
            "                                                       + np.sum(np.square(W3)))")

WRONG = {
    "l2-cost-without-1-over-m": (COST, [("(1 / m) * (lambd / 2)", "(lambd / 2)")]),
    "l2-cost-without-the-half": (COST, [("(1 / m) * (lambd / 2)", "(1 / m) * lambd")]),
    "l2-cost-regularizes-biases": (COST, [("+ np.sum(np.square(W3)))",
                                           "+ np.sum(np.square(W3)) + sum(np.sum(np.square(parameters[f'b{l}'])) "
                                           "for l in (1, 2, 3)))")]),
    "l2-cost-forgets-W3": (COST, [("+ np.sum(np.square(W3)))", ")")]),
    "l2-grad-without-1-over-m": (L2, [("+ (lambd / m) * W3", "+ lambd * W3"), ("+ (lambd / m) * W2", "+ lambd * W2"),
                                      ("+ (lambd / m) * W1", "+ lambd * W1")]),
    "l2-grad-regularizes-biases": (L2, [("db3 = 1. / m * np.sum(dZ3, axis=1, keepdims=True)",
                                         "db3 = 1. / m * np.sum(dZ3, axis=1, keepdims=True) + (lambd / m) * b3"),
                                        ("db1 = 1. / m * np.sum(dZ1, axis=1, keepdims=True)",
                                         "db1 = 1. / m * np.sum(dZ1, axis=1, keepdims=True) + (lambd / m) * b1")]),
    "l2-grad-twice-lambda": (L2, [("+ (lambd / m) * W3", "+ (2 * lambd / m) * W3"),
                                  ("+ (lambd / m) * W2", "+ (2 * lambd / m) * W2"),
                                  ("+ (lambd / m) * W1", "+ (2 * lambd / m) * W1")]),
    "l2-grad-only-last-layer": (L2, [("+ (lambd / m) * W2", ""), ("+ (lambd / m) * W1", "")]),
    "dropout-forgets-rescale": (FWD, [("    A1 = A1 / keep_prob\n", ""), ("    A2 = A2 / keep_prob\n", "")]),
    "dropout-on-output-layer": (FWD, [("    A3 = sigmoid(Z3)\n",
                                       "    A3 = sigmoid(Z3)\n    D3 = (np.random.rand(*A3.shape) < keep_prob)\n"
                                       "    A3 = A3 * D3 / keep_prob\n")]),
    "dropout-on-input-layer": (FWD, [("    Z1 = np.dot(W1, X) + b1\n",
                                      "    X = X * (np.random.rand(*X.shape) < keep_prob) / keep_prob\n"
                                      "    Z1 = np.dot(W1, X) + b1\n")]),
    "dropout-keeps-the-complement": (FWD, [("D1 = (D1 < keep_prob)", "D1 = (D1 > keep_prob)"),
                                           ("D2 = (D2 < keep_prob)", "D2 = (D2 > keep_prob)")]),
    "dropout-one-mask-for-all-examples": (FWD, [("D1 = np.random.rand(A1.shape[0], A1.shape[1])",
                                                 "D1 = np.random.rand(A1.shape[0], 1)"),
                                                ("D2 = np.random.rand(A2.shape[0], A2.shape[1])",
                                                 "D2 = np.random.rand(A2.shape[0], 1)")]),
    # Dropout without randomness, or randomness without independence: each passes every single-call property.
    "dropout-draws-no-random-number": (FWD, [  # a fixed, evenly spread pattern with exactly the right keep rate
        ("D1 = np.random.rand(A1.shape[0], A1.shape[1])",
         "D1 = (np.arange(A1.size).reshape(A1.shape) * 0.6180339887498949) % 1.0"),
        ("D2 = np.random.rand(A2.shape[0], A2.shape[1])",
         "D2 = (np.arange(A2.size).reshape(A2.shape) * 0.6180339887498949) % 1.0")]),
    "dropout-reuses-one-mask-for-every-example": (FWD, [
        ("D1 = np.random.rand(A1.shape[0], A1.shape[1])", "D1 = np.repeat(np.random.rand(A1.shape[0], 1), A1.shape[1], axis=1)"),
        ("D2 = np.random.rand(A2.shape[0], A2.shape[1])", "D2 = np.repeat(np.random.rand(A2.shape[0], 1), A2.shape[1], axis=1)")]),
    "dropout-same-mask-every-call": (FWD, [("    Z1 = np.dot(W1, X) + b1\n",
                                            "    np.random.seed(1)\n    Z1 = np.dot(W1, X) + b1\n")]),
    "dropout-reuses-layer-1-mask-for-layer-2": (FWD, [  # D2 is D1's first rows, or D1 repeated when layer 2 is wider
        ("D2 = np.random.rand(A2.shape[0], A2.shape[1])\n    D2 = (D2 < keep_prob).astype(int)",
         "D2 = np.resize(D1, A2.shape)")]),
    "dropout-ignores-np-random-seed": (FWD, [  # random, but np.random.seed cannot reproduce it
        ("D1 = np.random.rand(A1.shape[0], A1.shape[1])",
         "rng = np.random.default_rng()\n    D1 = rng.random(A1.shape)"),
        ("D2 = np.random.rand(A2.shape[0], A2.shape[1])", "D2 = rng.random(A2.shape)")]),
    # The old one-line answer: a course helper that drew the masks and built the whole cache (now grader-only).
    "dropout-calls-course-helper": (FWD, """def forward_propagation_with_dropout(X, parameters, keep_prob=0.5):
    from utils.dropout_checks import make_cache
    cache = make_cache(X, parameters, keep_prob, np.random)
    return cache[11], cache
"""),
    "dropout-backward-forgets-rescale": (BWD, [("    dA2 = dA2 / keep_prob\n", ""), ("    dA1 = dA1 / keep_prob\n", "")]),
    "dropout-backward-draws-mask-again": (BWD, [("dA2 = dA2 * D2", "dA2 = dA2 * (np.random.rand(*dA2.shape) < keep_prob)"),
                                                ("dA1 = dA1 * D1", "dA1 = dA1 * (np.random.rand(*dA1.shape) < keep_prob)")]),
    "dropout-backward-ignores-masks": (BWD, [("    dA2 = dA2 * D2\n", ""), ("    dA1 = dA1 * D1\n", "")]),
    "dropout-backward-masks-only-layer-2": (BWD, [("    dA1 = dA1 * D1\n    dA1 = dA1 / keep_prob\n", "")]),
}

VALID = {
    "l2-cost-with-frobenius-norm": (COST, [(_L2_TERM, "L2_regularization_cost = lambd / (2 * m) * sum(\n"
                                            "        np.linalg.norm(W, 'fro') ** 2 for W in (W1, W2, W3))")]),
    "l2-cost-loop-over-layers": (COST, [(_L2_TERM, "squares = 0.0\n"
                                         "    for l in range(1, 4):\n"
                                         "        squares += (parameters['W' + str(l)] ** 2).sum()\n"
                                         "    L2_regularization_cost = lambd * squares / (2 * m)")]),
    "l2-grad-weight-decay-added-after": (L2, [("+ (lambd / m) * W3", ""), ("+ (lambd / m) * W2", ""),
                                              ("+ (lambd / m) * W1\n",
                                               "\n    dW1, dW2, dW3 = (dW + lambd * W / m for dW, W in "
                                               "((dW1, W1), (dW2, W2), (dW3, W3)))\n")]),
    "l2-grad-with-np-where": (L2, [("dZ2 = np.multiply(dA2, np.int64(A2 > 0))", "dZ2 = np.where(A2 > 0, dA2, 0.0)"),
                                   ("dZ1 = np.multiply(dA1, np.int64(A1 > 0))", "dZ1 = np.where(A1 > 0, dA1, 0.0)")]),
    "dropout-binomial-masks": (FWD, [("D1 = np.random.rand(A1.shape[0], A1.shape[1])\n    D1 = (D1 < keep_prob).astype(int)",
                                      "D1 = np.random.binomial(1, keep_prob, size=A1.shape)"),
                                     ("D2 = np.random.rand(A2.shape[0], A2.shape[1])\n    D2 = (D2 < keep_prob).astype(int)",
                                      "D2 = np.random.binomial(1, keep_prob, size=A2.shape)")]),
    "dropout-boolean-masks-divide-first": (FWD, [("D1 = (D1 < keep_prob).astype(int)", "D1 = D1 < keep_prob"),
                                                 ("D2 = (D2 < keep_prob).astype(int)", "D2 = D2 < keep_prob"),
                                                 ("    A1 = A1 * D1\n    A1 = A1 / keep_prob\n",
                                                  "    A1 = A1 / keep_prob * D1\n"),
                                                 ("    A2 = A2 * D2\n    A2 = A2 / keep_prob\n",
                                                  "    A2 = A2 / keep_prob * D2\n")]),
    "dropout-draws-both-masks-up-front": (FWD, [("    Z1 = np.dot(W1, X) + b1\n",
                                                 "    m = X.shape[1]\n"
                                                 "    masks = {2: np.random.rand(W2.shape[0], m) < keep_prob,\n"
                                                 "             1: np.random.rand(W1.shape[0], m) < keep_prob}\n"
                                                 "    Z1 = np.dot(W1, X) + b1\n"),
                                                ("D1 = np.random.rand(A1.shape[0], A1.shape[1])\n    D1 = (D1 < keep_prob).astype(int)",
                                                 "D1 = masks[1]"),
                                                ("D2 = np.random.rand(A2.shape[0], A2.shape[1])\n    D2 = (D2 < keep_prob).astype(int)",
                                                 "D2 = masks[2]")]),
    "dropout-draws-transposed-from-np-random": (FWD, [
        ("D1 = np.random.rand(A1.shape[0], A1.shape[1])\n    D1 = (D1 < keep_prob).astype(int)",
         "rng = np.random\n    D1 = (rng.rand(A1.shape[1], A1.shape[0]) < keep_prob).T"),
        ("D2 = np.random.rand(A2.shape[0], A2.shape[1])\n    D2 = (D2 < keep_prob).astype(int)",
         "D2 = (rng.rand(A2.shape[1], A2.shape[0]) < keep_prob).T")]),
    "dropout-one-draw-for-both-layers": (FWD, [
        ("    Z1 = np.dot(W1, X) + b1\n",
         "    U = np.random.rand(W1.shape[0] + W2.shape[0], X.shape[1])\n    Z1 = np.dot(W1, X) + b1\n"),
        ("D1 = np.random.rand(A1.shape[0], A1.shape[1])\n    D1 = (D1 < keep_prob).astype(int)",
         "D1 = U[:W1.shape[0]] < keep_prob"),
        ("D2 = np.random.rand(A2.shape[0], A2.shape[1])\n    D2 = (D2 < keep_prob).astype(int)",
         "D2 = U[W1.shape[0]:] < keep_prob")]),
    "dropout-choice-masks": (FWD, [
        ("D1 = np.random.rand(A1.shape[0], A1.shape[1])\n    D1 = (D1 < keep_prob).astype(int)",
         "D1 = np.random.choice([0, 1], size=A1.shape, p=[1 - keep_prob, keep_prob])"),
        ("D2 = np.random.rand(A2.shape[0], A2.shape[1])\n    D2 = (D2 < keep_prob).astype(int)",
         "D2 = np.random.choice([0, 1], size=A2.shape, p=[1 - keep_prob, keep_prob])")]),
    "dropout-backward-with-np-where": (BWD, [("dZ2 = np.multiply(dA2, np.int64(A2 > 0))", "dZ2 = np.where(A2 > 0, dA2, 0)"),
                                             ("dZ1 = np.multiply(dA1, np.int64(A1 > 0))", "dZ1 = np.where(A1 > 0, dA1, 0)")]),
    "dropout-backward-scales-once": (BWD, [("    dA2 = dA2 * D2\n    dA2 = dA2 / keep_prob\n",
                                            "    dA2 = dA2 * (D2 / keep_prob)\n"),
                                           ("    dA1 = dA1 * D1\n    dA1 = dA1 / keep_prob\n",
                                            "    dA1 = dA1 * (D1 / keep_prob)\n")]),
}

NEVER_RETURNS = (L2, [("    dZ3 = A3 - Y\n", "    while True:\n        pass\n    dZ3 = A3 - Y\n")])

EXAMPLE_CLASS = {
    "perfect-student": "solution",
    "blank-release": "blank",
    "dropout-forgets-rescale": "dropout-forgets-rescale",
    "l2-cost-without-1-over-m": "l2-cost-without-1-over-m",
    "dropout-binomial-masks": "dropout-binomial-masks",
    "valid-alternatives": "all-valid",
    "notebook-not-json": "not-json",
    "l2-backward-never-returns": "never-returns",
}
