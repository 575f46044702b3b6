"""utils/foundations.py: the computations behind the Course 1 lectures (notebooks/c1_*.ipynb)."""
import numpy as np
import pytest

from utils import foundations
from utils.planar_data import load_planar_dataset


def test_chain_rule_graph_agrees_with_nudging():
    values, chain = foundations.chain_rule_graph(5.0, 3.0, 2.0)
    assert values == {"u": 6.0, "v": 11.0, "J": 33.0}
    assert chain == {"dJ/dv": 3.0, "dJ/du": 3.0, "dJ/da": 3.0, "dJ/db": 6.0, "dJ/dc": 9.0}
    nudged = foundations.nudged_derivatives(lambda a, b, c: 3 * (a + b * c), {"a": 5.0, "b": 3.0, "c": 2.0})
    for name in "abc":
        assert nudged[name] == pytest.approx(chain[f"dJ/d{name}"], abs=1e-6)


def test_time_both_returns_both_results():
    x = np.arange(1000.0)
    loop_s, vec_s, loop_r, vec_r = foundations.time_both(lambda: sum(v * v for v in x), lambda: x @ x, repeats=2)
    assert loop_s > 0 and vec_s > 0 and loop_r == pytest.approx(vec_r)


def test_a_linear_hidden_layer_gives_a_plane():
    """With no non-linearity the output is affine in the input: its second differences vanish."""
    t = np.linspace(-3, 3, 7)
    points = np.vstack([t, 0.5 * t])
    z = foundations.random_network_surface(points, "linear")
    assert z.shape == (7,) and np.allclose(np.diff(z, 2), 0)
    for activation in ("tanh", "relu", "leaky_relu"):
        assert not np.allclose(np.diff(foundations.random_network_surface(points, activation), 2), 0)


def test_a_non_linear_hidden_layer_fits_the_flower_and_a_linear_one_does_not():
    X, Y = load_planar_dataset()
    _, linear = foundations.fit_mlp(X, Y, "identity")
    predict, tanh = foundations.fit_mlp(X, Y, "tanh")
    assert linear < 0.6 < 0.85 < tanh
    assert predict(X[:, :5]).shape == (5,)


@pytest.mark.parametrize("start, distinct", [("zeros", 1), ("constant", 1), ("random", 8)])
def test_equal_starts_keep_hidden_units_equal(start, distinct):
    X, Y = load_planar_dataset()
    snapshots, params, accuracy = foundations.symmetry_run(X, Y.astype(float), start, n_h=8,
                                                           num_iterations=300, every=100)
    assert snapshots.shape == (4, 8, 2)
    assert foundations.distinct_units(snapshots[-1]) == distinct
    if start == "zeros":   # ReLU'(0) = 0 and A1 = 0: the hidden layer never moves
        assert not snapshots.any() and not params["W2"].any()
    if start == "constant":
        assert not np.allclose(snapshots[-1], snapshots[0])   # they move, but together
    assert 0 <= accuracy <= 1


def test_distinct_units_and_bad_start():
    assert foundations.distinct_units(np.array([[1.0, 2.0], [1.0, 2.0], [0.0, 1.0]])) == 2
    with pytest.raises(ValueError):
        foundations.symmetry_run(np.zeros((2, 3)), np.zeros((1, 3)), "ones")


def test_draw_network_places_every_unit():
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    _, ax = plt.subplots()
    positions = foundations.draw_network(ax, [4, 3, 1], [["a", "b", "c", "d"], None, ["y"]])
    assert [p.shape for p in positions] == [(4, 2), (3, 2), (1, 2)]
    assert len(ax.patches) == 8 and len(ax.lines) == 4 * 3 + 3 * 1
    plt.close("all")
