"""Scenario catalog of the Gradient Checking assignment (see examples/initialization.py for the idea)."""

FWD, BWD, GC, GCN, FIX = ("forward_propagation", "backward_propagation", "gradient_check", "gradient_check_n",
                          "backward_propagation_n_fixed")

WRONG = {
    "forward-adds-instead-of-multiplies": (FWD, [("J = theta * x", "J = theta + x")]),
    "forward-returns-x": (FWD, [("J = theta * x", "J = x")]),
    "forward-squares-theta": (FWD, [("J = theta * x", "J = theta ** 2 * x")]),
    "backward-returns-theta": (BWD, [("dtheta = x", "dtheta = theta")]),
    "backward-returns-the-cost": (BWD, [("dtheta = x", "dtheta = theta * x")]),
    "backward-returns-one": (BWD, [("dtheta = x", "dtheta = 1")]),
    "gradcheck-1d-one-sided": (GC, [("J_minus = forward_propagation(x, theta - epsilon)",
                                     "J_minus = forward_propagation(x, theta)"),
                                    ("(J_plus - J_minus) / (2 * epsilon)", "(J_plus - J_minus) / epsilon")]),
    "gradcheck-1d-forgets-the-2": (GC, [("(J_plus - J_minus) / (2 * epsilon)", "(J_plus - J_minus) / epsilon")]),
    "gradcheck-1d-absolute-difference": (GC, [("difference = numerator / denominator", "difference = numerator")]),
    "gradcheck-1d-divides-by-grad-only": (GC, [("difference = numerator / denominator",
                                                "difference = numerator / np.linalg.norm(grad)")]),
    "gradcheck-n-one-sided": (GCN, [("theta_minus[i] = theta_minus[i] - epsilon\n", "\n"),
                                    ("gradapprox[i] = (J_plus[i] - J_minus[i]) / (2 * epsilon)",
                                     "gradapprox[i] = (J_plus[i] - J_minus[i]) / epsilon")]),
    "gradcheck-n-perturbs-without-copy": (GCN, [("theta_plus = np.copy(parameters_values)",
                                                 "theta_plus = parameters_values"),
                                                ("theta_minus = np.copy(parameters_values)",
                                                 "theta_minus = parameters_values")]),
    "gradcheck-n-norm-of-the-sum": (GCN, [("denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)",
                                           "denominator = np.linalg.norm(grad + gradapprox)")]),
    "gradcheck-n-always-says-fine": (GCN, [("difference = numerator / denominator",
                                            "difference = min(numerator / denominator, 1e-8)")]),
    "repair-fixes-only-dW2": (FIX, [("db1 = 1. / m * np.sum(dZ1", "db1 = 4. / m * np.sum(dZ1")]),
    "repair-fixes-only-db1": (FIX, [("dW2 = 1. / m * np.dot(dZ2, A1.T)", "dW2 = 1. / m * np.dot(dZ2, A1.T) * 2")]),
    "repair-drops-1-over-m-in-db1": (FIX, [("db1 = 1. / m * np.sum(dZ1", "db1 = np.sum(dZ1")]),
    # One-line answers from course code that used to be importable: the fixtures the grader swaps in for
    # the 1-D functions, and the training network's backward pass. Both are gone from utils/.
    "forward-calls-course-fixture": (FWD, """def forward_propagation(x, theta):
    from utils.gradcheck_fixtures import linear_forward
    return linear_forward(x, theta)
"""),
    "backward-calls-course-fixture": (BWD, """def backward_propagation(x, theta):
    from utils.gradcheck_fixtures import linear_backward
    return linear_backward(x, theta)
"""),
    "repair-calls-course-helper": (FIX, """def backward_propagation_n_fixed(X, Y, cache):
    from utils import relu_mlp
    return relu_mlp.backward_propagation(X, Y, cache)
"""),
}

VALID = {
    "forward-np-multiply": (FWD, [("J = theta * x", "J = np.multiply(theta, x)")]),
    "forward-x-times-theta": (FWD, [("J = theta * x", "J = x * theta")]),
    "backward-copies-x": (BWD, [("dtheta = x", "dtheta = np.copy(x)")]),
    "backward-derivative-as-float": (BWD, [("dtheta = x", "dtheta = 1.0 * x")]),
    "gradcheck-1d-abs-for-scalars": (GC, [("numerator = np.linalg.norm(grad - gradapprox)",
                                           "numerator = abs(grad - gradapprox)"),
                                          ("denominator = np.linalg.norm(grad) + np.linalg.norm(gradapprox)",
                                           "denominator = abs(grad) + abs(gradapprox)")]),
    "gradcheck-1d-halves-separately": (GC, [("(J_plus - J_minus) / (2 * epsilon)",
                                             "(J_plus - J_minus) / 2 / epsilon")]),
    "gradcheck-n-restores-in-place": (GCN, [(
        "        theta_plus = np.copy(parameters_values)\n"
        "        theta_plus[i] = theta_plus[i] + epsilon\n"
        "        J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_plus, layout))\n"
        "        theta_minus = np.copy(parameters_values)\n"
        "        theta_minus[i] = theta_minus[i] - epsilon\n"
        "        J_minus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(theta_minus, layout))\n",
        "        original = parameters_values[i, 0]\n"
        "        parameters_values[i, 0] = original + epsilon\n"
        "        J_plus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(parameters_values, layout))\n"
        "        parameters_values[i, 0] = original - epsilon\n"
        "        J_minus[i], _ = forward_propagation_n(X, Y, vector_to_dictionary(parameters_values, layout))\n"
        "        parameters_values[i, 0] = original\n")]),
    "gradcheck-n-unit-vectors-and-sqrt": (GCN, [
        ("theta_plus = np.copy(parameters_values)\n        theta_plus[i] = theta_plus[i] + epsilon",
         "step = np.zeros_like(parameters_values)\n        step[i] = epsilon\n"
         "        theta_plus = parameters_values + step"),
        ("theta_minus = np.copy(parameters_values)\n        theta_minus[i] = theta_minus[i] - epsilon",
         "theta_minus = parameters_values - step"),
        ("numerator = np.linalg.norm(grad - gradapprox)", "numerator = np.sqrt(np.sum((grad - gradapprox) ** 2))")]),
    "repair-with-np-where": (FIX, [("dZ2 = np.multiply(dA2, np.int64(A2 > 0))", "dZ2 = np.where(A2 > 0, dA2, 0.0)"),
                                   ("dZ1 = np.multiply(dA1, np.int64(A1 > 0))", "dZ1 = np.where(A1 > 0, dA1, 0.0)")]),
    "repair-averages-once-in-dZ3": (FIX, [("dZ3 = A3 - Y", "dZ3 = (A3 - Y) / m"),
                                          ("dW3 = 1. / m * np.dot(dZ3, A2.T)", "dW3 = np.dot(dZ3, A2.T)"),
                                          ("db3 = 1. / m * np.sum(dZ3", "db3 = np.sum(dZ3"),
                                          ("dW2 = 1. / m * np.dot(dZ2, A1.T)", "dW2 = np.dot(dZ2, A1.T)"),
                                          ("db2 = 1. / m * np.sum(dZ2", "db2 = np.sum(dZ2"),
                                          ("dW1 = 1. / m * np.dot(dZ1, X.T)", "dW1 = np.dot(dZ1, X.T)"),
                                          ("db1 = 1. / m * np.sum(dZ1", "db1 = np.sum(dZ1")]),
}

NEVER_RETURNS = (GCN, [("    for i in range(num_parameters):\n", "    while True:\n        i = 0\n")])

EXAMPLE_CLASS = {
    "perfect-student": "solution",
    "blank-release": "blank",
    "gradcheck-n-one-sided": "gradcheck-n-one-sided",
    "gradcheck-n-always-says-fine": "gradcheck-n-always-says-fine",
    "repair-fixes-only-dW2": "repair-fixes-only-dW2",
    "valid-alternatives": "all-valid",
    "notebook-not-json": "not-json",
    "gradient-check-n-never-returns": "never-returns",
}
