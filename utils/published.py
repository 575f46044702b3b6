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


# function name -> list of (layers_dims, expected parameters)
INITIALIZATION_CASES = {
    "initialize_parameters_zeros": [
        # Written out, not built by a helper: a helper that builds zeros for any layers_dims would be the answer.
        ([3, 2, 1], {"W1": np.zeros((2, 3)), "b1": np.zeros((2, 1)), "W2": np.zeros((1, 2)), "b2": np.zeros((1, 1))}),
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


# --- Regularization (spec section 2 and regularization_fixed_inputs.json) -------------------------
REG_COST_A3 = np.array([[0.40682402, 0.01629284, 0.16722898, 0.10118111, 0.40682402]], dtype=np.float64)
REG_Y = np.array([[1, 1, 0, 1, 0]], dtype=np.int64)
REG_BACKWARD_L2_CACHE = (
    np.array([[-1.52855314, 3.32524635, 2.13994541, 2.60700654, -0.75942115], [-1.98043538, 4.1600994, 0.79051021, 1.46493512, -0.45506242]], dtype=np.float64),  # Z1
    np.array([[0.0, 3.32524635, 2.13994541, 2.60700654, 0.0], [0.0, 4.1600994, 0.79051021, 1.46493512, 0.0]], dtype=np.float64),  # A1
    np.array([[-1.09989127, -0.17242821, -0.87785842], [0.04221375, 0.58281521, -1.10061918]], dtype=np.float64),  # W1
    np.array([[1.14472371], [0.90159072]], dtype=np.float64),  # b1
    np.array([[0.53035547, 5.94892323, 2.31780174, 3.16005701, 0.53035547], [-0.69166075, -3.47645987, -2.25194702, -2.65416996, -0.69166075], [-0.39675353, -4.62285846, -2.61101729, -3.22874921, -0.39675353]], dtype=np.float64),  # Z2
    np.array([[0.53035547, 5.94892323, 2.31780174, 3.16005701, 0.53035547], [0.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0, 0.0]], dtype=np.float64),  # A2
    np.array([[0.50249434, 0.90085595], [-0.68372786, -0.12289023], [-0.93576943, -0.26788808]], dtype=np.float64),  # W2
    np.array([[0.53035547], [-0.69166075], [-0.39675353]], dtype=np.float64),  # b2
    np.array([[-0.3771104, -4.10060224, -1.60539468, -2.18416951, -0.3771104]], dtype=np.float64),  # Z3
    np.array([[0.40682402, 0.01629284, 0.16722898, 0.10118111, 0.40682402]], dtype=np.float64),  # A3
    np.array([[-0.6871727, -0.84520564, -0.67124613]], dtype=np.float64),  # W3
    np.array([[-0.0126646]], dtype=np.float64),  # b3
)
REG_BACKWARD_DROPOUT_CACHE = (
    np.array([[-1.52855314, 3.32524635, 2.13994541, 2.60700654, -0.75942115], [-1.98043538, 4.1600994, 0.79051021, 1.46493512, -0.45506242]], dtype=np.float64),  # Z1
    np.array([[True, False, True, True, True], [True, True, True, True, False]], dtype=np.bool_),  # D1
    np.array([[0.0, 0.0, 4.27989081, 5.21401307, 0.0], [0.0, 8.32019881, 1.58102041, 2.92987024, 0.0]], dtype=np.float64),  # A1
    np.array([[-1.09989127, -0.17242821, -0.87785842], [0.04221375, 0.58281521, -1.10061918]], dtype=np.float64),  # W1
    np.array([[1.14472371], [0.90159072]], dtype=np.float64),  # b1
    np.array([[0.53035547, 8.02565606, 4.10524802, 5.78975856, 0.53035547], [-0.69166075, -1.71413186, -3.81223329, -4.61667916, -0.69166075], [-0.39675353, -2.62563561, -4.82528105, -6.0607449, -0.39675353]], dtype=np.float64),  # Z2
    np.array([[True, False, True, False, True], [False, True, False, True, True], [False, False, True, False, False]], dtype=np.bool_),  # D2
    np.array([[1.06071093, 0.0, 8.21049603, 0.0, 1.06071093], [0.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0, 0.0]], dtype=np.float64),  # A2
    np.array([[0.50249434, 0.90085595], [-0.68372786, -0.12289023], [-0.93576943, -0.26788808]], dtype=np.float64),  # W2
    np.array([[0.53035547], [-0.69166075], [-0.39675353]], dtype=np.float64),  # b2
    np.array([[-0.7415562, -0.0126646, -5.65469333, -0.0126646, -0.7415562]], dtype=np.float64),  # Z3
    np.array([[0.32266394, 0.49683389, 0.00348883, 0.49683389, 0.32266394]], dtype=np.float64),  # A3
    np.array([[-0.6871727, -0.84520564, -0.67124613]], dtype=np.float64),  # W3
    np.array([[-0.0126646]], dtype=np.float64),  # b3
)


def _regularization_parameters():
    """W1 (2,3), b1 (2,1), W2 (3,2), b2 (3,1), W3 (1,3), b3 (1,1) drawn with randn in that order."""
    shapes = (("W1", (2, 3)), ("b1", (2, 1)), ("W2", (3, 2)), ("b2", (3, 1)), ("W3", (1, 3)), ("b3", (1, 1)))
    return {name: np.random.randn(*shape) for name, shape in shapes}


def regularization_cases():
    """The published test cases of the Regularization section, rebuilt with the documented draw order.

    Returns: dict function name -> (args tuple, expected dict). Expected values are the published
    8-digit literals (compare with PUBLISHED_ATOL), the cost to all its published digits.
    """
    np.random.seed(1)
    Y = REG_Y.copy()
    params = _regularization_parameters()
    cost_case = ((REG_COST_A3.copy(), Y, params, 0.1), {"cost": np.array(1.7864859451590758)})

    np.random.seed(1)
    X = np.random.randn(3, 5)
    l2_case = ((X, Y, tuple(a.copy() for a in REG_BACKWARD_L2_CACHE), 0.7), {
        "dW1": np.array([[-0.25604646, 0.12298827, -0.28297129], [-0.17706303, 0.34536094, -0.4410571]]),
        "dW2": np.array([[0.79276486, 0.85133918], [-0.0957219, -0.01720463], [-0.13100772, -0.03750433]]),
        "dW3": np.array([[-1.77691347, -0.11832879, -0.09397446]]),
        "db1": np.array([[0.11845855], [0.21236874]]),
        "db2": np.array([[0.26135226], [0.0], [0.0]]),
        "db3": np.array([[-0.38032981]]),
        "dZ3": np.array([[-0.59317598, -0.98370716, 0.16722898, -0.89881889, 0.40682402]]),
    })

    np.random.seed(1)
    X = np.random.randn(3, 5)
    params = _regularization_parameters()
    forward_case = ((X, params, 0.7), {
        "A3": np.array([[0.36974721, 0.00305176, 0.04565099, 0.49683389, 0.36974721]]),
        "D1": np.array([[1, 0, 1, 1, 1], [1, 1, 1, 1, 1]]),
        "D2": np.array([[1, 1, 1, 0, 1], [1, 1, 1, 1, 1], [0, 0, 1, 1, 0]]),
    })

    np.random.seed(1)
    X = np.random.randn(3, 5)
    dropout_case = ((X, Y, tuple(a.copy() for a in REG_BACKWARD_DROPOUT_CACHE), 0.8), {
        "dA1": np.array([[0.36544439, 0, -0.00188233, 0, -0.17408748], [0.65515713, 0, -0.00337459, 0, 0]]),
        "dA2": np.array([[0.58180856, 0, -0.00299679, 0, -0.27715731],
                         [0, 0.53159854, 0, 0.53159854, -0.34089673], [0, 0, -0.00292733, 0, 0]]),
        "dW1": np.array([[0.00019884, 0.00028657, 0.00012138], [0.00035647, 0.00051375, 0.00021761]]),
        "db1": np.array([[-0.00037647], [-0.00067492]]),
        "dW3": np.array([[-0.06951191, 0, 0]]),
        "db3": np.array([[-0.2715031]]),
    })
    return {
        "compute_cost_with_regularization": cost_case,
        "backward_propagation_with_regularization": l2_case,
        "forward_propagation_with_dropout": forward_case,
        "backward_propagation_with_dropout": dropout_case,
    }


# Published training results on the original data.mat: (cost at iteration 0, train accuracy, test accuracy).
REGULARIZATION_ORIGINAL_TABLE = {
    "baseline": (0.6557412523481002, 0.9478672985781991, 0.915),
    "l2": (0.6974484493131264, 0.9383886255924171, 0.93),
    "dropout": (0.6543912405149825, 0.9289099526066351, 0.95),
}
REGULARIZATION_LAMBD = 0.7
REGULARIZATION_KEEP_PROB = 0.86


# --- Gradient checking (spec section 3) ------------------------------------------------------------
GRADCHECK_1D = {   # (x, theta) -> published value
    "forward_propagation": {(2, 4): 8},
    "backward_propagation": {(2, 4): 2, (3, 4): 3},
    "gradient_check": {(2, 4): 2.919335883291695e-10, (3, 4): 7.814075313343006e-11},
}
GRADCHECK_COST = 2.407833389834357
GRADCHECK_BUGGY_DIFFERENCE = 0.2850931567761623
GRADCHECK_FIXED_DIFFERENCE = 1.1890913024229996e-07
GRADCHECK_DIFFERENCE_RTOL = 1e-6      # the spec's tolerance: the last digits depend on operation order
# With correct gradients the difference is a norm of near-cancelling terms, so its value moves with the CPU's
# BLAS kernels (4e-5 relative without FMA); a checker is compared with the published one that loosely.
GRADCHECK_FIXED_DIFFERENCE_RTOL = 1e-3
GRADCHECK_THRESHOLD = 2e-7
# The true gradients of the published N-D case (float64, every digit): what the repaired backward pass must
# return there, and the "correct gradients" its checker is shown. Literals rather than a backward pass in
# utils/, which would answer backward_propagation_n_fixed for any network.
GRADCHECK_TRUE_GRADIENTS = {
    "dW1": np.array([[-0.37347778780964996, -1.4790321603097862, 0.17596142534290177, -1.33685036449576],
                     [-0.01967513615719457, -0.08573553401542801, 0.011884652345551057, -0.07674312151045774],
                     [0.03916037129037355, -0.05539734986948788, 0.04872714728071104, -0.093593934454497],
                     [-0.05337777545025737, -0.21138458326994772, 0.025148562394954707, -0.19106383537598332],
                     [0.0, 0.0, 0.0, 0.0]]),
    "db1": np.array([[0.632907871975623], [0.03725139800240675], [-0.06401301304995109], [0.09045575231968896],
                     [0.0]]),
    "dW2": np.array([[0.0, 0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0, 0.0],
                     [0.9158016518786495, 0.02451547591517728, -0.10797953784637065, 0.9028189091398681, 0.0]]),
    "db2": np.array([[0.0], [0.0], [0.1976334252390789]]),
    "dW3": np.array([[0.0, 0.0, 2.244042377990228]]),
    "db3": np.array([[0.212257527082733]]),
}


def gradient_check_n_case():
    """The published N-D case: seed 1; x = randn(4, 3); y = [1, 1, 0] (1-D); W1..b3 drawn with randn in order.

    Returns: (x (4, 3), y (3,), parameters dict).
    """
    np.random.seed(1)
    x = np.random.randn(4, 3)
    y = np.array([1, 1, 0])
    shapes = (("W1", (5, 4)), ("b1", (5, 1)), ("W2", (3, 5)), ("b2", (3, 1)), ("W3", (1, 3)), ("b3", (1, 1)))
    return x, y, {name: np.random.randn(*shape) for name, shape in shapes}


# ---- Logistic Regression (course1-reference.md section 1) ----
# function name -> list of (case name, args tuple, expected {name: value}). Literals as the spec prints them:
# values shown with 8 decimals compare with PUBLISHED_ATOL, full-precision ones match far tighter anyway.
def logistic_regression_cases():
    """The published cases of the Logistic Regression assignment, rebuilt as the spec describes them."""
    w2, X2, Y2 = np.array([[1.0], [2.0]]), np.array([[1.0, -2.0, -1.0], [3.0, 0.5, -3.2]]), np.array([[1, 1, 0]])
    np.random.seed(0)
    X_model, X_model_test = np.random.randn(4, 7), np.random.randn(4, 3)
    return {
        "sigmoid": [
            ("sigmoid([0, 2])", (np.array([0, 2]),), {"s": np.array([0.5, 0.88079708])}),
        ],
        "initialize_with_zeros": [
            ("dim = 2", (2,), {"w": np.array([[0.0], [0.0]]), "b": 0.0}),
        ],
        "propagate": [
            ("w = [[1.], [2.]], b = 1.5", (w2.copy(), 1.5, X2.copy(), Y2.copy()),
             {"dw": np.array([[0.25071532], [-0.06604096]]), "db": -0.1250040450043965,
              "cost": 0.15900537707692405}),
            ("w = [[1.], [2.], [-1]], b = 2.5",
             (np.array([[1.0], [2.0], [-1]]), 2.5,
              np.array([[1, 2, -1, 0], [3, 4, -3.2, 1], [3, 4, -3.2, -3.5]]), np.array([[1, 1, 0, 0]])),
             {"dw": np.array([[-0.03909333], [0.12501464], [-0.99960809]]), "db": 0.288106326429569,
              "cost": 2.0424567983978403}),
        ],
        "optimize": [
            ("100 iterations, learning_rate 0.009", (w2.copy(), 1.5, X2.copy(), Y2.copy(), 100, 0.009),
             {"w": np.array([[0.80956046], [2.0508202]]), "b": 1.5948713189708588,
              "dw": np.array([[0.17860505], [-0.04840656]]), "db": -0.08888460336847771,
              "costs": np.array([0.15900538])}),
            ("101 iterations, learning_rate 0.1",
             (w2.copy(), 2.0, np.array([[1.0, 2.0, -1.0], [3.0, 4.0, -3.2]]), np.array([[1, 0, 1]]), 101, 0.1),
             {"w": np.array([[-0.70916784], [-0.42390859]]), "b": 2.26891346,
              "costs": np.array([5.80154532, 0.31057104])}),
        ],
        "predict": [
            ("b = -0.3", (np.array([[0.1124579], [0.23106775]]), -0.3, np.array([[1.0, -1.1, -3.2], [1.2, 2.0, 0.1]])),
             {"Y_prediction": np.array([[1.0, 1.0, 0.0]])}),
            ("b = -0.33333", (np.array([[0.3], [0.5], [-0.2]]), -0.33333,
                              np.array([[1.0, -0.3, 1.5], [2, 0, 1], [0, -1.5, 2]])),
             {"Y_prediction": np.array([[1.0, 0.0, 1.0]])}),
        ],
        "model": [
            ("random data of seed 0, 50 iterations, learning_rate 0.01",
             (X_model, np.array([[1, 0, 0, 1, 0, 0, 1]]), X_model_test, np.array([[0, 1, 0]]), 50, 0.01),
             {"costs": np.array([0.69314718]),
              "w": np.array([[0.08639757], [-0.08231268], [-0.11798927], [0.12866053]]),
              "b": -0.03983236094816321,
              "Y_prediction_train": np.array([[1.0, 1.0, 0.0, 1.0, 0.0, 0.0, 1.0]]),
              "Y_prediction_test": np.array([[1.0, 1.0, 0.0]])}),
        ],
    }


LOGISTIC_SIGMOID_OF_1 = 0.7310585   # sigmoid(1) as the spec prints it (7 decimals)
# The original cat data (spec section 1), for tests that have ../shared/original-course-data/.
LOGISTIC_CAT_COSTS = [0.693147, 0.584508, 0.466949, 0.376007, 0.331463, 0.303273, 0.279880, 0.260042, 0.242941,
                      0.228004, 0.214820, 0.203078, 0.192544, 0.183033, 0.174399, 0.166521, 0.159305, 0.152667,
                      0.146542, 0.140872]
LOGISTIC_CAT_ACCURACY = {0.005: (99.04306220095694, 70.0), 0.01: (99.52153110047847, 68.0),
                         0.001: (88.99521531100478, 64.0), 0.0001: (68.42105263157895, 36.0)}


# --- Planar classification (course1-reference.md, section 2) -------------------------------------
PLANAR_W1 = np.array([[-0.00416758, -0.00056267], [-0.02136196, 0.01640271],
                      [-0.01793436, -0.00841747], [0.00502881, -0.01245288]])
PLANAR_W2 = np.array([[-0.01057952, -0.00909008, 0.00551454, 0.02292208]])
PLANAR_A2 = np.array([[0.5002307, 0.49985831, 0.50023963]])
# The parameters and gradients of the update and predict cases.
PLANAR_TRAINED = {
    "W1": np.array([[-0.00615039, 0.0169021], [-0.02311792, 0.03137121],
                    [-0.0169217, -0.01752545], [0.00935436, -0.05018221]]),
    "b1": np.array([[-8.97523455e-07], [8.15562092e-06], [6.04810633e-07], [-2.54560700e-06]]),
    "W2": np.array([[-0.0104319, -0.04019007, 0.01607211, 0.04440255]]),
    "b2": np.array([[9.14954378e-05]]),
}
PLANAR_GRADS = {
    "dW1": np.array([[0.00023322, -0.00205423], [0.00082222, -0.00700776],
                     [-0.00031831, 0.0028636], [-0.00092857, 0.00809933]]),
    "db1": np.array([[1.05570087e-07], [-3.81814487e-06], [-1.90155145e-07], [5.46467802e-07]]),
    "dW2": np.array([[-1.75740039e-05, 3.70231337e-03, -1.25683095e-03, -2.55715317e-03]]),
    "db2": np.array([[-1.08923140e-05]]),
}
PLANAR_BACKWARD_CACHE = {
    "Z1": np.array([[-0.00616586, 0.0020626, 0.0034962], [-0.05229879, 0.02726335, -0.02646869],
                    [-0.02009991, 0.00368692, 0.02884556], [0.02153007, -0.01385322, 0.02600471]]),
    "A1": np.array([[-0.00616578, 0.0020626, 0.00349619], [-0.05225116, 0.02725659, -0.02646251],
                    [-0.02009721, 0.0036869, 0.02883756], [0.02152675, -0.01385234, 0.02599885]]),
    "Z2": np.array([[0.00092281, -0.00056678, 0.00095853]]),
    "A2": PLANAR_A2,
}

def planar_cases():
    """The published test cases of the planar classification assignment, with the documented draw order.

    Returns: dict function name -> list of (args tuple, expected value), the expected values as the
    spec prints them (8 decimals: compare with PUBLISHED_ATOL; the costs with all their digits).
    """
    np.random.seed(1)
    sizes = [((np.random.randn(5, 3), np.random.randn(2, 3)), (5, 4, 2))]
    sizes.append(((np.random.randn(7, 5), np.random.randn(5, 5)), (7, 4, 5)))

    initialize = [((2, 4, 1), {"W1": PLANAR_W1.copy(), "b1": np.zeros((4, 1)), "W2": PLANAR_W2.copy(),
                               "b2": np.zeros((1, 1))})]

    np.random.seed(1)
    X = np.random.randn(2, 3)
    b1 = np.random.randn(4, 1)
    forward = [((X, {"W1": PLANAR_W1.copy(), "b1": b1, "W2": PLANAR_W2.copy(), "b2": np.array([[-1.3]])}),
                (np.array([[0.21292656, 0.21274673, 0.21295976]]),
                 {"Z2": np.array([[-1.30737426, -1.30844761, -1.30717618]])}))]

    np.random.seed(1)
    cost = [((PLANAR_A2.copy(), np.random.randn(1, 3) > 0), 0.6930587610394646)]
    np.random.seed(1)
    cost.append(((np.array([[0.5002307, 0.49985831, 0.50023963, 0.25, 0.7]]), np.random.randn(1, 5) > 0),
                 0.5447066599017815))

    np.random.seed(1)
    X, Y = np.random.randn(2, 3), np.random.randn(1, 3) > 0
    parameters = {"W1": PLANAR_W1.copy(), "b1": np.zeros((4, 1)), "W2": PLANAR_W2.copy(), "b2": np.zeros((1, 1))}
    backward = [((parameters, {k: v.copy() for k, v in PLANAR_BACKWARD_CACHE.items()}, X, Y), {
        "dW1": np.array([[0.00301023, -0.00747267], [0.00257968, -0.00641288],
                         [-0.00156892, 0.003893], [-0.00652037, 0.01618243]]),
        "db1": np.array([[0.00176201], [0.00150995], [-0.00091736], [-0.00381422]]),
        "dW2": np.array([[0.00078841, 0.01765429, -0.00084166, -0.01022527]]),
        "db2": np.array([[-0.16655712]]),
    })]

    update = [(({k: v.copy() for k, v in PLANAR_TRAINED.items()}, {k: v.copy() for k, v in PLANAR_GRADS.items()}), {
        "W1": np.array([[-0.00643025, 0.01936718], [-0.02410458, 0.03978052],
                        [-0.01653973, -0.02096177], [0.01046864, -0.05990141]]),
        "b1": np.array([[-1.02420756e-06], [1.27373948e-05], [8.32996807e-07], [-3.20136836e-06]]),
        "W2": np.array([[-0.01041081, -0.04463285, 0.01758031, 0.04747113]]),
        "b2": np.array([[0.00010457]]),
    })]

    np.random.seed(1)
    X, Y = np.random.randn(2, 3), np.random.randn(1, 3) > 0
    model = [((X, Y, 4), {
        "W1": np.array([[0.56305445, -1.03925886], [0.7345426, -1.36286875],
                        [-0.72533346, 1.33753027], [0.74757629, -1.38274074]]),
        "b1": np.array([[-0.22240654], [-0.34662093], [0.33663708], [-0.35296113]]),
        "W2": np.array([[1.82196893, 3.09657075, -2.98193564, 3.19946508]]),
        "b2": np.array([[0.21344644]]),
    })]

    np.random.seed(1)
    predict = [(({k: v.copy() for k, v in PLANAR_TRAINED.items()}, np.random.randn(2, 3)),
                np.array([[True, False, True]]))]
    return {"layer_sizes": sizes, "initialize_parameters": initialize, "forward_propagation": forward,
            "compute_cost": cost, "backward_propagation": backward, "update_parameters": update,
            "nn_model": model, "predict": predict}


# Published results on the flower (spec section 2): the logistic-regression baseline, the trained network
# (n_h = 4, 10000 iterations) and the hidden-size sweep at 5000 iterations (sizes 1-5 hold on every platform).
PLANAR_BASELINE_ACCURACY = 47
PLANAR_FLOWER_ACCURACY = 90.75
PLANAR_FLOWER_COSTS = {0: 0.693162, 1000: 0.258625, 2000: 0.239334, 3000: 0.230802, 4000: 0.225528,
                       5000: 0.221845, 6000: 0.219094}
PLANAR_SWEEP_ACCURACY = {1: 67.5, 2: 67.25, 3: 90.75, 4: 90.5, 5: 91.25}


# ---- Building a deep network step by step (spec section 3) ----
DEEP_INIT_W1 = np.array([[0.01624345, -0.00611756, -0.00528172], [-0.01072969, 0.00865408, -0.02301539]])
DEEP_INIT_W2 = np.array([[0.01744812, -0.00761207]])
DEEP_INIT_DEEP_W1 = np.array([[0.01788628, 0.0043651, 0.00096497, -0.01863493, -0.00277388],
                              [-0.00354759, -0.00082741, -0.00627001, -0.00043818, -0.00477218],
                              [-0.01313865, 0.00884622, 0.00881318, 0.01709573, 0.00050034],
                              [-0.00404677, -0.0054536, -0.01546477, 0.00982367, -0.01101068]])
DEEP_INIT_DEEP_W2 = np.array([[-0.01185047, -0.0020565, 0.01486148, 0.00236716],
                              [-0.01023785, -0.00712993, 0.00625245, -0.00160513],
                              [-0.00768836, -0.00230031, 0.00745056, 0.01976111]])
DEEP_COST = 0.2797765635793422


def deep_step_cases():
    """The published test cases of the deep-network-step-by-step assignment, with the spec's draw order.

    Returns: dict function name -> list of (args tuple, expected value, case name); the expected values are
    the spec's (8 decimals: compare with PUBLISHED_ATOL; the cost with all its digits). Functions returning
    a tuple have as expected value a dict of the printed parts ("len(caches)": the number of caches).
    """
    cases = {"initialize_parameters": [((3, 2, 1), {"W1": DEEP_INIT_W1.copy(), "b1": np.zeros((2, 1)),
                                                    "W2": DEEP_INIT_W2.copy(), "b2": np.zeros((1, 1))}, "(3, 2, 1)")],
             "initialize_parameters_deep": [(([5, 4, 3],), {"W1": DEEP_INIT_DEEP_W1.copy(), "b1": np.zeros((4, 1)),
                                                           "W2": DEEP_INIT_DEEP_W2.copy(), "b2": np.zeros((3, 1))},
                                             "[5, 4, 3]")]}
    np.random.seed(1)
    A, W, b = np.random.randn(3, 2), np.random.randn(1, 3), np.random.randn(1, 1)
    cases["linear_forward"] = [((A, W, b), {"Z": np.array([[3.26295337, -1.23429987]])}, "A (3, 2), W (1, 3)")]

    np.random.seed(2)
    A_prev, W, b = np.random.randn(3, 2), np.random.randn(1, 3), np.random.randn(1, 1)
    cases["linear_activation_forward"] = [
        ((A_prev, W, b, "sigmoid"), {"A": np.array([[0.96890023, 0.11013289]])}, "sigmoid"),
        ((A_prev, W, b, "relu"), {"A": np.array([[3.43896131, 0.]])}, "relu")]

    np.random.seed(6)
    X = np.random.randn(5, 4)
    parameters = {"W1": np.random.randn(4, 5), "b1": np.random.randn(4, 1), "W2": np.random.randn(3, 4),
                  "b2": np.random.randn(3, 1), "W3": np.random.randn(1, 3), "b3": np.random.randn(1, 1)}
    cases["L_model_forward"] = [((X, parameters), {"AL": np.array([[0.03921668, 0.70498921, 0.19734387, 0.04728177]]),
                                                   "len(caches)": 3}, "3 layers")]

    cases["compute_cost"] = [((np.array([[.8, .9, .4]]), np.array([[1, 1, 0]])), DEEP_COST, "3 examples")]

    np.random.seed(1)
    dZ, A, W, b = np.random.randn(3, 4), np.random.randn(5, 4), np.random.randn(3, 5), np.random.randn(3, 1)
    cases["linear_backward"] = [((dZ, (A, W, b)), {
        "dA_prev[0]": np.array([-1.15171336, 0.06718465, -0.3204696, 2.09812712]),
        "db": np.array([[-0.14713786], [-0.11313155], [-0.13209101]]),
        "dW": np.array([[0.07313866, -0.0976715, -0.87585828, 0.73763362, 0.00785716],
                        [0.85508818, 0.37530413, -0.59912655, 0.71278189, -0.58931808],
                        [0.97913304, -0.24376494, -0.08839671, 0.55151192, -0.10290907]])}, "dZ (3, 4)")]

    np.random.seed(2)
    dA, A, W, b, Z = (np.random.randn(1, 2), np.random.randn(3, 2), np.random.randn(1, 3), np.random.randn(1, 1),
                      np.random.randn(1, 2))
    cases["linear_activation_backward"] = [
        ((dA, ((A, W, b), Z), "sigmoid"), {
            "dA_prev": np.array([[0.11017994, 0.01105339], [0.09466817, 0.00949723], [-0.05743092, -0.00576154]]),
            "dW": np.array([[0.10266786, 0.09778551, -0.01968084]]), "db": np.array([[-0.05729622]])}, "sigmoid"),
        ((dA, ((A, W, b), Z), "relu"), {
            "dA_prev": np.array([[0.44090989, 0.], [0.37883606, 0.], [-0.2298228, 0.]]),
            "dW": np.array([[0.44513824, 0.37371418, -0.10478989]]), "db": np.array([[-0.20837892]])}, "relu")]

    np.random.seed(3)
    AL, Y = np.random.randn(1, 2), np.array([[1, 0]])
    A1, W1, b1, Z1 = np.random.randn(4, 2), np.random.randn(3, 4), np.random.randn(3, 1), np.random.randn(3, 2)
    A2, W2, b2, Z2 = np.random.randn(3, 2), np.random.randn(1, 3), np.random.randn(1, 1), np.random.randn(1, 2)
    cases["L_model_backward"] = [((AL, Y, [((A1, W1, b1), Z1), ((A2, W2, b2), Z2)]), {
        "dW1": np.array([[0.41010002, 0.07807203, 0.13798444, 0.10502167], [0., 0., 0., 0.],
                         [0.05283652, 0.01005865, 0.01777766, 0.0135308]]),
        "db1": np.array([[-0.22007063], [0.], [-0.02835349]]),
        "dA1": np.array([[0.12913162, -0.44014127], [-0.14175655, 0.48317296], [0.01663708, -0.05670698]]),
        "dW2": np.array([[-0.39202432, -0.13325855, -0.04601089]]), "db2": np.array([[0.15187861]]),
        "dA0": np.array([[0., 0.52257901], [0., -0.3269206], [0., -0.32070404], [0., -0.74079187]])}, "2 layers")]

    np.random.seed(2)
    params = {"W1": np.random.randn(3, 4), "b1": np.random.randn(3, 1), "W2": np.random.randn(1, 3),
              "b2": np.random.randn(1, 1)}
    np.random.seed(3)
    grads = {"dW1": np.random.randn(3, 4), "db1": np.random.randn(3, 1), "dW2": np.random.randn(1, 3),
             "db2": np.random.randn(1, 1)}
    cases["update_parameters"] = [((params, grads, 0.1), {
        "W1": np.array([[-0.59562069, -0.09991781, -2.14584584, 1.82662008],
                        [-1.76569676, -0.80627147, 0.51115557, -1.18258802],
                        [-1.0535704, -0.86128581, 0.68284052, 2.20374577]]),
        "b1": np.array([[-0.04659241], [-1.28888275], [0.53405496]]),
        "W2": np.array([[-0.55569196, 0.0354055, 1.32964895]]), "b2": np.array([[-0.84610769]])}, "lr 0.1")]
    return cases


# ---- Deep network application (spec section 4) ----
def deep_application_cases():
    """The published test cases of the deep-network application: 2 iterations on 10 random examples.

    Returns: dict function name -> list of (args tuple, expected value, case name). The expected value is
    the flat dict of what the spec prints (8 decimals: compare with PUBLISHED_ATOL): "costs", whole
    parameters, and "W1[0, :3]", the first three entries of W1's first row.
    """
    np.random.seed(1)
    X, Y = np.random.randn(10, 10), np.random.randn(1, 10)
    two_layer = ((X, Y, (10, 4, 1), 0.0075, 2), {
        "costs": np.array([0.69315968]), "W2": np.array([[-0.00200283, -0.00888593, -0.00751122, 0.01688162]]),
        "b2": np.array([[-0.00689018]])}, "(10, 4, 1), 2 iterations")
    np.random.seed(1)
    X, Y = np.random.randn(10, 10), np.array([[1, 1, 1, 1, 0, 0, 0, 1, 1, 0]])
    deep = ((X, Y, (10, 5, 6, 1), 0.0075, 2), {
        "costs": np.array([0.70723944]), "W1[0, :3]": np.array([0.51384638, -0.19333098, -0.16705238]),
        "b3": np.array([[0.0013201]])}, "(10, 5, 6, 1), 2 iterations")
    return {"two_layer_model": [two_layer], "L_layer_model": [deep]}


# Published runs on the original cat files, 2500 iterations at learning rate 0.0075. The 2-layer costs are
# printed in full, the 4-layer ones to 6 decimals; the misclassified test images are indices of the test set.
DEEP_CAT_ITERATIONS, DEEP_CAT_LEARNING_RATE = 2500, 0.0075
DEEP_CAT_TWO_LAYER = {"layers": (12288, 7, 1), "costs": {0: 0.6930497356599888, 100: 0.6464320953428849},
                      "train": 1.0, "test": 0.72}
DEEP_CAT_L_LAYER = {"layers": (12288, 20, 7, 5, 1), "costs": {0: 0.771749, 100: 0.672053},
                    "train": 0.9856459330143539, "test": 0.8,
                    "misclassified": [5, 11, 13, 19, 28, 29, 34, 38, 44, 45]}
# The cost recorded at iteration 2400 of the same runs (the 2-layer one's last digits vary with the platform).
DEEP_CAT_TWO_LAYER["costs"][2400] = 0.048554785628770226
DEEP_CAT_L_LAYER["costs"][2400] = 0.092878
