"""Scenario catalog of the Initialization assignment.

WRONG: each entry replaces one answer cell with a mistake a student makes, named
after it; the grader must take exactly that function's points. VALID: correct
implementations written differently from the instructor's; they must score full
marks. Everything else in such a submission is the instructor's solution.
"""

_SIG = {
    "zeros": "def initialize_parameters_zeros(layers_dims):\n",
    "random": "def initialize_parameters_random(layers_dims):\n",
    "he": "def initialize_parameters_he(layers_dims):\n",
}


def _fn(kind, body):
    return _SIG[kind] + body


WRONG = {
    "zeros-with-1d-biases": ("initialize_parameters_zeros", _fn("zeros", """\
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters[f"W{l}"] = np.zeros((layers_dims[l], layers_dims[l - 1]))
        parameters[f"b{l}"] = np.zeros(layers_dims[l])
    return parameters
""")),
    "zeros-transposed-weights": ("initialize_parameters_zeros", _fn("zeros", """\
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters[f"W{l}"] = np.zeros((layers_dims[l - 1], layers_dims[l]))
        parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
    return parameters
""")),
    "zeros-skips-output-layer": ("initialize_parameters_zeros", _fn("zeros", """\
    parameters = {}
    for l in range(1, len(layers_dims) - 1):
        parameters[f"W{l}"] = np.zeros((layers_dims[l], layers_dims[l - 1]))
        parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
    return parameters
""")),
    "zeros-hardcodes-visible-case": ("initialize_parameters_zeros", _fn("zeros", """\
    return {"W1": np.zeros((2, 3)), "b1": np.zeros((2, 1)), "W2": np.zeros((1, 2)), "b2": np.zeros((1, 1))}
""")),
    "random-without-x10": ("initialize_parameters_random", _fn("random", """\
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters[f"W{l}"] = np.random.randn(layers_dims[l], layers_dims[l - 1])
        parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
    return parameters
""")),
    "random-uniform-instead-of-normal": ("initialize_parameters_random", _fn("random", """\
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters[f"W{l}"] = np.random.rand(layers_dims[l], layers_dims[l - 1]) * 10
        parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
    return parameters
""")),
    "random-draws-biases-too": ("initialize_parameters_random", _fn("random", """\
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters[f"W{l}"] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * 10
        parameters[f"b{l}"] = np.random.randn(layers_dims[l], 1) * 0
    return parameters
""")),
    "random-forgets-seed": ("initialize_parameters_random", _fn("random", """\
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters[f"W{l}"] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * 10
        parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
    return parameters
""")),
    "random-hardcodes-visible-case": ("initialize_parameters_random", _fn("random", """\
    return {"W1": np.array([[17.88628473, 4.36509851, 0.96497468], [-18.63492703, -2.77388203, -3.54758979]]),
            "b1": np.zeros((2, 1)), "W2": np.array([[-0.82741481, -6.27000677]]), "b2": np.zeros((1, 1))}
""")),
    "he-uses-xavier-scale": ("initialize_parameters_he", _fn("he", """\
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters[f"W{l}"] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(1 / layers_dims[l - 1])
        parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
    return parameters
""")),
    "he-uses-current-layer-size": ("initialize_parameters_he", _fn("he", """\
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters[f"W{l}"] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(2 / layers_dims[l])
        parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
    return parameters
""")),
    "he-forgets-square-root": ("initialize_parameters_he", _fn("he", """\
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters[f"W{l}"] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * (2 / layers_dims[l - 1])
        parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
    return parameters
""")),
    "he-hardcodes-visible-cases": ("initialize_parameters_he", _fn("he", """\
    if list(layers_dims) == [2, 4, 1]:
        return {"W1": np.array([[1.78862847, 0.43650985], [0.09649747, -1.8634927],
                                [-0.2773882, -0.35475898], [-0.08274148, -0.62700068]]),
                "b1": np.zeros((4, 1)), "W2": np.array([[-0.03098412, -0.33744411, -0.92904268, 0.62552248]]),
                "b2": np.zeros((1, 1))}
    return {"W1": np.array([[1.46040903, 0.3564088, 0.07878985]]), "b1": np.zeros((1, 1)),
            "W2": np.array([[-2.63537665], [-0.39228616]]), "b2": np.zeros((2, 1))}
""")),
}

VALID = {
    "zeros-built-with-full": ("initialize_parameters_zeros", _fn("zeros", """\
    parameters = {}
    for l, (n_prev, n) in enumerate(zip(layers_dims[:-1], layers_dims[1:]), start=1):
        parameters["W" + str(l)] = np.full((n, n_prev), 0.0)
        parameters["b" + str(l)] = np.full((n, 1), 0.0)
    return parameters
""")),
    "zeros-times-ones": ("initialize_parameters_zeros", _fn("zeros", """\
    return {key: value
            for l in range(1, len(layers_dims))
            for key, value in ((f"W{l}", 0.0 * np.ones([layers_dims[l], layers_dims[l - 1]])),
                               (f"b{l}", np.zeros([layers_dims[l], 1])))}
""")),
    "random-normal-with-scale-10": ("initialize_parameters_random", _fn("random", """\
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters["W%d" % l] = np.random.normal(0.0, 10.0, size=(layers_dims[l], layers_dims[l - 1]))
        parameters["b%d" % l] = np.zeros((layers_dims[l], 1))
    return parameters
""")),
    "random-standard-normal-then-scale": ("initialize_parameters_random", _fn("random", """\
    np.random.seed(3)
    weights = [10 * np.random.standard_normal((n, n_prev)) for n_prev, n in zip(layers_dims, layers_dims[1:])]
    parameters = {}
    for l, W in enumerate(weights, start=1):
        parameters[f"W{l}"] = W
        parameters[f"b{l}"] = np.zeros((W.shape[0], 1))
    return parameters
""")),
    "he-normal-with-std": ("initialize_parameters_he", _fn("he", """\
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        std = np.sqrt(2.0 / layers_dims[l - 1])
        parameters[f"W{l}"] = np.random.normal(loc=0.0, scale=std, size=(layers_dims[l], layers_dims[l - 1]))
        parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
    return parameters
""")),
    "he-sqrt2-over-sqrt-n": ("initialize_parameters_he", _fn("he", """\
    import math
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        n_prev = layers_dims[l - 1]
        parameters[f"W{l}"] = np.random.randn(layers_dims[l], n_prev) * math.sqrt(2) / math.sqrt(n_prev)
    for l in range(1, len(layers_dims)):
        parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
    return parameters
""")),
    # The setup's pyplot is only a name until used (autograder/deferred_imports.py): used here, in a graded
    # call inside the sandbox, it is the real module.
    "he-plots-its-weights": ("initialize_parameters_he", _fn("he", """\
    import matplotlib.colors
    np.random.seed(3)
    parameters = {}
    for l in range(1, len(layers_dims)):
        parameters[f"W{l}"] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * np.sqrt(2 / layers_dims[l - 1])
        parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))
    fig, ax = plt.subplots()
    ax.hist(parameters["W1"].ravel(), color=matplotlib.colors.to_hex("tab:blue"))
    plt.close(fig)
    return parameters
""")),
}

NEVER_RETURNS = ("initialize_parameters_he", _fn("he", """\
    np.random.seed(3)
    while True:
        try:
            pass
        except KeyboardInterrupt:
            pass
"""))

# The example class graded by the main job: student name -> scenario.
EXAMPLE_CLASS = {
    "perfect-student": "solution",
    "blank-release": "blank",
    "he-uses-xavier-scale": "he-uses-xavier-scale",
    "random-without-x10": "random-without-x10",
    "zeros-with-1d-biases": "zeros-with-1d-biases",
    "valid-alternatives": "all-valid",
    "only-zeros-done": "only-zeros",
    "notebook-not-json": "not-json",
    "he-never-returns": "never-returns",
}
