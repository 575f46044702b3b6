"""The original course's published expected outputs (spec: course-reference.md).

These literals are what learners see as "Expected output" in the notebooks and
what the visible checks compare against. They carry 8 decimals, so comparisons
against them use atol = PUBLISHED_ATOL on top of the usual rtol.
"""
import numpy as np

PUBLISHED_RTOL = 1e-7
PUBLISHED_ATOL = 1e-8   # half a unit in the 8th decimal, the precision of the literals

CIRCLES_TRAIN_X_FIRST3 = np.array([[-0.07741354, 0.4318696, 0.07916502],
                                   [0.85260226, -0.87214504, 0.8406611]])
CIRCLES_TRAIN_Y_FIRST10 = np.array([1, 0, 1, 1, 0, 0, 1, 0, 1, 1])


def _zeros_like_layers(dims):
    params = {}
    for l in range(1, len(dims)):
        params[f"W{l}"] = np.zeros((dims[l], dims[l - 1]))
        params[f"b{l}"] = np.zeros((dims[l], 1))
    return params


# function name -> list of (layers_dims, expected parameters)
INITIALIZATION_CASES = {
    "initialize_parameters_zeros": [
        ([3, 2, 1], _zeros_like_layers([3, 2, 1])),
    ],
    "initialize_parameters_random": [
        ([3, 2, 1], {
            "W1": np.array([[17.88628473, 4.36509851, 0.96497468],
                            [-18.63492703, -2.77388203, -3.54758979]]),
            "b1": np.zeros((2, 1)),
            "W2": np.array([[-0.82741481, -6.27000677]]),
            "b2": np.zeros((1, 1)),
        }),
    ],
    "initialize_parameters_he": [
        ([2, 4, 1], {
            "W1": np.array([[1.78862847, 0.43650985], [0.09649747, -1.8634927],
                            [-0.2773882, -0.35475898], [-0.08274148, -0.62700068]]),
            "b1": np.zeros((4, 1)),
            "W2": np.array([[-0.03098412, -0.33744411, -0.92904268, 0.62552248]]),
            "b2": np.zeros((1, 1)),
        }),
        ([3, 1, 2], {
            "W1": np.array([[1.46040903, 0.3564088, 0.07878985]]),
            "b1": np.zeros((1, 1)),
            "W2": np.array([[-2.63537665], [-0.39228616]]),
            "b2": np.zeros((2, 1)),
        }),
    ],
}

# Published training results on the circles (train accuracy, test accuracy).
INITIALIZATION_ACCURACY = {
    "zeros": (0.5, 0.5),
    "random": (0.83, 0.86),
    "he": (0.9933333333333333, 0.96),
}
INITIALIZATION_ZEROS_COST = 0.6931471805599453
INITIALIZATION_HE_COSTS = {0: 0.8830537463419761, 1000: 0.6879825919728063, 5000: 0.5304944491717495,
                           10000: 0.15015556280371817, 14000: 0.07357895962677362}
