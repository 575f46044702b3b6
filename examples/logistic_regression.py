"""Scenario catalog of the Logistic Regression assignment (see examples/initialization.py for the idea).

The functions that call other graded ones (propagate, optimize, predict, model) are graded with the
course's correct helpers swapped in (autograder/judges/logistic_fixtures.py), so a mistake in sigmoid
or optimize costs that function only, as the WRONG entries below check.
"""

SIG, INIT, PROP, OPT, PRED, MODEL = ("sigmoid", "initialize_with_zeros", "propagate", "optimize", "predict", "model")

WRONG = {
    "sigmoid-sign-flipped": (SIG, [("s = 1 / (1 + np.exp(-z))", "s = 1 / (1 + np.exp(z))")]),
    "sigmoid-missing-brackets": (SIG, [("s = 1 / (1 + np.exp(-z))", "s = 1 / 1 + np.exp(-z)")]),
    "sigmoid-math-exp": (SIG, [("s = 1 / (1 + np.exp(-z))", "import math\n    s = 1 / (1 + math.exp(-z))")]),
    "init-row-of-weights": (INIT, [("w = np.zeros((dim, 1))", "w = np.zeros((1, dim))")]),
    "init-1d-weights": (INIT, [("w = np.zeros((dim, 1))", "w = np.zeros(dim)")]),
    "init-integer-weights": (INIT, [("w = np.zeros((dim, 1))", "w = np.zeros((dim, 1), dtype=int)")]),
    "propagate-cost-without-minus": (PROP, [("cost = -np.sum(", "cost = np.sum(")]),
    "propagate-dw-not-averaged": (PROP, [("dw = np.dot(X, (A - Y).T) / m", "dw = np.dot(X, (A - Y).T)")]),
    "propagate-cost-summed": (PROP, [("(1 - Y) * np.log(1 - A)) / m", "(1 - Y) * np.log(1 - A))")]),
    "optimize-climbs-the-gradient": (OPT, [("w = w - learning_rate * dw", "w = w + learning_rate * dw")]),
    "optimize-forgets-the-bias": (OPT, [("b = b - learning_rate * db", "b = b")]),
    "optimize-records-every-step": (OPT, [("        if i % 100 == 0:\n            costs.append(cost)\n",
                                           "        costs.append(cost)\n        if i % 100 == 0:\n")]),
    "predict-returns-probabilities": (PRED, [("Y_prediction[A > 0.5] = 1.0", "Y_prediction = A")]),
    "predict-flat-labels": (PRED, [("Y_prediction[A > 0.5] = 1.0",
                                    "Y_prediction = (A > 0.5).astype(float).ravel()")]),
    "predict-inverted": (PRED, [("Y_prediction[A > 0.5] = 1.0", "Y_prediction[A < 0.5] = 1.0")]),
    "model-default-hyperparameters": (MODEL, [("optimize(w, b, X_train, Y_train, num_iterations, learning_rate, "
                                               "print_cost)", "optimize(w, b, X_train, Y_train)")]),
    "model-predicts-with-initial-weights": (MODEL, [('    w = params["w"]\n    b = params["b"]\n', "")]),
    "model-swaps-the-predictions": (MODEL, [("Y_prediction_test = predict(w, b, X_test)",
                                             "Y_prediction_test = predict(w, b, X_train)"),
                                            ("Y_prediction_train = predict(w, b, X_train)",
                                             "Y_prediction_train = predict(w, b, X_test)")]),
}

VALID = {
    "sigmoid-through-tanh": (SIG, [("s = 1 / (1 + np.exp(-z))", "s = 0.5 * (1 + np.tanh(0.5 * z))")]),
    "sigmoid-logaddexp": (SIG, [("s = 1 / (1 + np.exp(-z))", "s = np.exp(-np.logaddexp(0, -z))")]),
    "init-int-bias": (INIT, [("w = np.zeros((dim, 1))\n    b = 0.0", "w = np.zeros([dim, 1], dtype=float)\n    b = 0")]),
    "init-full-and-float64": (INIT, [("w = np.zeros((dim, 1))\n    b = 0.0",
                                      "w = np.full((dim, 1), 0.0)\n    b = np.float64(0)")]),
    "propagate-mean-and-matmul": (PROP, [
        ("cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m",
         "cost = -np.mean(Y * np.log(A) + (1 - Y) * np.log(1 - A))"),
        ("dw = np.dot(X, (A - Y).T) / m", "dw = X @ (A - Y).T / m"),
        ("db = np.sum(A - Y) / m", "db = np.mean(A - Y)"),
        ("cost = np.squeeze(np.array(cost))", "cost = float(cost)")]),
    "propagate-cost-by-dot-products": (PROP, [
        ("cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m",
         "cost = -(np.dot(Y, np.log(A).T) + np.dot(1 - Y, np.log(1 - A).T)) / m")]),
    "optimize-in-place-updates": (OPT, [("w = w - learning_rate * dw", "w = w.copy()\n        w -= learning_rate * dw"),
                                        ("b = b - learning_rate * db", "b -= learning_rate * db")]),
    "optimize-array-of-costs": (OPT, [('    params = {"w": w, "b": b}\n',
                                       '    costs = np.array(costs)\n    params = {"w": w, "b": b}\n')]),
    "predict-with-where": (PRED, [("Y_prediction[A > 0.5] = 1.0", "Y_prediction = np.where(A > 0.5, 1.0, 0.0)")]),
    "predict-with-a-loop": (PRED, [("Y_prediction[A > 0.5] = 1.0",
                                    "for i in range(A.shape[1]):\n        Y_prediction[0, i] = 1 if A[0, i] > 0.5 else 0")]),
    "model-keyword-arguments": (MODEL, [
        ("optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)",
         "optimize(w, b, X_train, Y_train, learning_rate=learning_rate, num_iterations=num_iterations)")]),
    "model-unpacks-params": (MODEL, [('    w = params["w"]\n    b = params["b"]\n', '    w, b = params["w"], params["b"]\n'),
                                     ("Y_prediction_test = predict(w, b, X_test)\n    Y_prediction_train = predict(w, b, X_train)",
                                      "Y_prediction_train, Y_prediction_test = (predict(w, b, X) for X in (X_train, X_test))")]),
}

NEVER_RETURNS = (PRED, [("    m = X.shape[1]\n", "    while True:\n        pass\n    m = X.shape[1]\n")])

EXAMPLE_CLASS = {
    "perfect-student": "solution",
    "blank-release": "blank",
    "propagate-cost-without-minus": "propagate-cost-without-minus",
    "init-row-of-weights": "init-row-of-weights",
    "model-predicts-with-initial-weights": "model-predicts-with-initial-weights",
    "valid-alternatives": "all-valid",
    "notebook-not-json": "not-json",
    "predict-never-returns": "never-returns",
}
