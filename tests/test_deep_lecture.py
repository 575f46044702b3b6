"""utils/deep_lecture.py: the computations behind the lecture on deep L-layer networks (notebooks/c1_05_*)."""
import matplotlib
import numpy as np
import pytest

from utils import deep_lecture, relu_mlp
from utils.planar_data import load_planar_dataset

matplotlib.use("Agg")

GRID = np.linspace(0.0, 1.0, 2 ** 10 + 1)[None, :]   # binary fractions: every sawtooth bend up to k = 10 is a sample


@pytest.mark.parametrize("dims, m", [([2, 5, 4, 3, 1], 7), ([6, 1], 1), ([3, 8, 1], 12)])
def test_the_network_has_the_shapes_the_rules_give(dims, m):
    rng = np.random.RandomState(0)
    X, Y = rng.randn(dims[0], m), (rng.rand(1, m) > 0.5).astype(float)
    shapes = deep_lecture.expected_shapes(dims, m)
    assert len(shapes) == 1 + 6 * (len(dims) - 1)
    assert shapes["W1"] == (dims[1], dims[0]) and shapes[f"b{len(dims) - 1}"] == (1, 1) and shapes["A0"] == (dims[0], m)
    arrays = deep_lecture.network_arrays(X, Y, relu_mlp.initialize_parameters(dims))
    assert set(arrays) == set(shapes)
    assert deep_lecture.shape_problems(arrays, shapes) == []


def test_shape_problems_name_each_mistake():
    shapes = deep_lecture.expected_shapes([2, 3, 1], 4)
    arrays = {name: np.zeros(shape) for name, shape in shapes.items()}
    arrays["W1"] = arrays["W1"].T
    arrays["b2"] = np.zeros(1)
    del arrays["dW2"]
    assert sorted(deep_lecture.shape_problems(arrays, shapes)) == [
        "W1 has shape (2, 3), expected (3, 2)", "b2 has shape (1,), expected (1, 1)",
        "dW2 is missing: expected shape (1, 3)"]


def test_linear_pieces_counts_bends():
    x = np.linspace(-1, 1, 201)
    assert deep_lecture.linear_pieces(x, 3 * x + 1) == 1
    assert deep_lecture.linear_pieces(x, np.abs(x)) == 2
    assert deep_lecture.linear_pieces(x, np.abs(x) + np.maximum(0, x - 0.5)) == 3
    assert deep_lecture.linear_pieces(x, np.abs(x - 0.0025)) == 3   # a bend between samples: one piece too many


@pytest.mark.parametrize("k", [1, 2, 5])
def test_k_small_layers_make_a_sawtooth_that_one_layer_needs_2_to_the_k_units_for(k):
    deep, shallow = deep_lecture.deep_sawtooth(k), deep_lecture.shallow_sawtooth(k)
    assert relu_mlp.num_layers(deep) == k + 1 and all(deep[f"W{l}"].shape[0] == 2 for l in range(1, k + 1))
    assert relu_mlp.num_layers(shallow) == 2 and shallow["W1"].shape == (2 ** k, 1)
    y = deep_lecture.linear_output(GRID, deep)
    assert deep_lecture.linear_pieces(GRID, y) == 2 ** k
    np.testing.assert_allclose(deep_lecture.linear_output(GRID, shallow), y, atol=1e-12)
    teeth = np.arange(2 ** k + 1) / 2 ** k   # 0 at the ends of each tooth, 1 at its top
    expected = np.where(np.arange(2 ** k + 1) % 2 == 0, 0.0, 1.0)
    np.testing.assert_allclose(deep_lecture.linear_output(teeth[None, :], deep)[0], expected, atol=1e-12)


def test_the_tent_composed_is_the_tent_applied_again():
    tent = lambda v: 2 * np.maximum(v, 0) - 4 * np.maximum(v - 0.5, 0)
    np.testing.assert_allclose(deep_lecture.linear_output(GRID, deep_lecture.deep_sawtooth(3)),
                               tent(tent(tent(GRID))), atol=1e-12)


@pytest.mark.parametrize("n_units", [1, 3, 6])
def test_one_hidden_layer_of_n_units_reaches_n_plus_1_pieces_and_no_more(n_units):
    assert deep_lecture.most_pieces_of_shallow_networks(n_units, trials=20, seed=1, grid=257) == n_units + 1


def test_log_uniform_gives_each_decade_its_share():
    values = deep_lecture.log_uniform(1e-4, 1, 4000, np.random.RandomState(0))
    assert values.min() >= 1e-4 and values.max() <= 1
    counts = np.histogram(values, bins=10.0 ** np.arange(-4, 1))[0]
    assert counts.min() > 0.2 * values.size   # uniform draws would put about 90 % in the last decade
    assert 0.2 * values.size < np.sum(values < 1e-2) < 0.8 * values.size


def test_flower_split_partitions_the_flower():
    X, Y = load_planar_dataset()
    X_train, Y_train, X_dev, Y_dev = deep_lecture.flower_split(n_dev=40, seed=3)
    assert X_train.shape == (2, 360) and Y_train.shape == (1, 360) and X_dev.shape == (2, 40) and Y_dev.shape == (1, 40)
    joined = np.hstack([X_train, X_dev])
    order = np.lexsort(joined)
    np.testing.assert_array_equal(joined[:, order], X[:, np.lexsort(X)])
    labels = {tuple(p): y for p, y in zip(X.T, Y[0])}
    assert all(labels[tuple(p)] == y for p, y in zip(np.hstack([X_train, X_dev]).T, np.hstack([Y_train, Y_dev])[0]))
    assert Y_train.dtype == np.float64


def test_learning_rate_trials_differ_only_by_the_rate():
    X_train, Y_train, X_dev, Y_dev = deep_lecture.flower_split(n_dev=100, seed=0)
    before = X_train.copy()
    trials = deep_lecture.learning_rate_trials(X_train, Y_train, X_dev, Y_dev, [2, 4, 1], [1e-4, 0.3, 1e4],
                                               num_iterations=60, record_every=20)
    assert [t["rate"] for t in trials] == [1e-4, 0.3, 1e4]
    assert len({t["costs"][0][1] for t in trials}) == 1           # the same start
    assert [i for i, _ in trials[0]["costs"]] == [0, 20, 40]
    assert trials[1]["final_cost"] < trials[0]["final_cost"] < trials[0]["costs"][0][1]
    assert trials[2]["final_cost"] == np.inf   # saturated sigmoids, confidently wrong
    for t in trials:
        assert 0 <= t["train_accuracy"] <= 1 and 0 <= t["dev_accuracy"] <= 1
    np.testing.assert_array_equal(X_train, before)


def test_the_building_blocks_drawing_has_a_forward_and_a_backward_block_per_layer():
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots()
    deep_lecture.draw_building_blocks(ax, L=4)
    texts = [t.get_text() for t in ax.texts]
    assert len(ax.patches) == 8
    assert sum(t.startswith("forward") for t in texts) == 4 and sum(t.startswith("backward") for t in texts) == 4
    assert sum(t.startswith("cache") for t in texts) == 4
    plt.close(fig)


def test_the_layer_product_drawing_has_one_cell_per_number():
    import matplotlib.pyplot as plt
    fig, ax = plt.subplots()
    boxes = deep_lecture.draw_layer_product(ax, n=3, n_prev=5, m=400, l=2, m_drawn=6)
    assert boxes == {"W": (3, 5), "A_prev": (5, 6), "b": (3, 1), "Z": (3, 6)}
    solid = [p for p in ax.patches if p.get_alpha() is None]
    assert len(solid) == 3 * 5 + 5 * 6 + 3 + 3 * 6 and len(ax.patches) - len(solid) == 3 * 5   # the bias copies
    texts = " ".join(t.get_text() for t in ax.texts)
    assert "(3, 5)" in texts and "(5, m = 400)" in texts and "(3, 1)" in texts and "$W^{[2]}$" in texts
    plt.close(fig)
    fig, ax = plt.subplots()
    assert deep_lecture.draw_layer_product(ax, n=2, n_prev=2, m=3)["Z"] == (2, 3)   # fewer examples than columns drawn
    plt.close(fig)
