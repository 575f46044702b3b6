"""Scenario catalog of the deep-network application (see examples/initialization.py for the idea).

Entries are mutations of the instructor's training loops: lists of (old, new) replacements, each of which must
match the solution exactly once, or whole answer cells. The loops call the course's blocks, imported from
utils.deep_blocks by the setup cell, so every mistake here is a mistake of the loop itself.
"""

TWO, DEEP = "two_layer_model", "L_layer_model"

_RECORD = "        if i % 100 == 0:\n            costs.append(cost)\n"
_DA2 = "dA2 = -(np.divide(Y, A2) - np.divide(1 - Y, 1 - A2))"
_INIT_TWO = "parameters = initialize_parameters(n_x, n_h, n_y)"
_INIT_DEEP = "parameters = initialize_parameters_deep(layers_dims)"
_UPDATE = "parameters = update_parameters(parameters, grads, learning_rate)"

WRONG = {
    # every iteration's cost recorded: the history is a hundred times too long
    "two-layer-cost-every-iteration": (TWO, [(_RECORD, "        costs.append(cost)\n        if i % 100 == 0:\n")]),
    # the derivative of the cost without its minus sign: gradient ascent
    "two-layer-dA2-sign": (TWO, [(_DA2, "dA2 = np.divide(Y, A2) - np.divide(1 - Y, 1 - A2)")]),
    # the deep initialisation (1/sqrt scaling) where the 2-layer model starts from small weights
    "two-layer-deep-init": (TWO, [(_INIT_TWO, "parameters = initialize_parameters_deep([n_x, n_h, n_y])")]),
    # the step-by-step initialisation copied: every weight of size 0.01, whatever the layer's fan-in
    "L-layer-init-times-0.01": (DEEP, [(_INIT_DEEP, """parameters = {}
    for l in range(1, len(layers_dims)):
        parameters[f"W{l}"] = np.random.randn(layers_dims[l], layers_dims[l - 1]) * 0.01
        parameters[f"b{l}"] = np.zeros((layers_dims[l], 1))""")]),
    # update_parameters returns a new dict: dropping it leaves the network at its initial weights
    "L-layer-update-not-kept": (DEEP, [(_UPDATE, "update_parameters(parameters, grads, learning_rate)")]),
    # the learning rate argument ignored in favour of the default
    "L-layer-default-rate": (DEEP, [(_UPDATE, "parameters = update_parameters(parameters, grads, 0.0075)")]),
}

VALID = {
    "two-layer-L-model-blocks": (TWO, [("""        A1, cache1 = linear_activation_forward(X, parameters["W1"], parameters["b1"], "relu")
        A2, cache2 = linear_activation_forward(A1, parameters["W2"], parameters["b2"], "sigmoid")
        cost = compute_cost(A2, Y)
        dA2 = -(np.divide(Y, A2) - np.divide(1 - Y, 1 - A2))
        dA1, dW2, db2 = linear_activation_backward(dA2, cache2, "sigmoid")
        _, dW1, db1 = linear_activation_backward(dA1, cache1, "relu", input_gradient=False)
        grads = {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}
""", """        A2, caches = L_model_forward(X, parameters)
        cost = compute_cost(A2, Y)
        grads = L_model_backward(A2, Y, caches)
""")]),
    # The original course's loop: it computes the unused input gradient, slower, and just as right.
    "two-layer-keeps-the-input-gradient": (TWO, [(
        '_, dW1, db1 = linear_activation_backward(dA1, cache1, "relu", input_gradient=False)',
        'dA0, dW1, db1 = linear_activation_backward(dA1, cache1, "relu")')]),
    "two-layer-float-costs-own-update": (TWO, [
        ("            costs.append(cost)\n", "            costs.append(float(cost))\n"),
        ("parameters = update_parameters(parameters, grads, learning_rate)",
         "parameters = {k: v - learning_rate * grads['d' + k] for k, v in parameters.items()}")]),
    "L-layer-while-loop": (DEEP, """def L_layer_model(X, Y, layers_dims, learning_rate=0.0075, num_iterations=3000, print_cost=False):
    np.random.seed(1)
    costs = []
    parameters = initialize_parameters_deep(layers_dims)
    i = 0
    while i < num_iterations:
        AL, caches = L_model_forward(X, parameters)
        if i % 100 == 0:
            costs.append(float(compute_cost(AL, Y)))
        parameters = update_parameters(parameters, L_model_backward(AL, Y, caches), learning_rate)
        i += 1
    return parameters, costs
"""),
    "L-layer-cost-list-as-array": (DEEP, [("    return parameters, costs\n",
                                           "    return parameters, np.array(costs, dtype=float)\n")]),
}

NEVER_RETURNS = (DEEP, [("    costs = []\n", "    costs = []\n    while True:\n        pass\n")])

# The example class graded by the main job: student name -> scenario.
EXAMPLE_CLASS = {
    "perfect-student": "solution",
    "blank-release": "blank",
    "two-layer-dA2-sign": "two-layer-dA2-sign",
    "L-layer-update-not-kept": "L-layer-update-not-kept",
    "valid-alternatives": "all-valid",
    "notebook-not-json": "not-json",
    "deep-model-never-returns": "never-returns",
}
