"""utils/lectures.py: the numbers the lecture notebooks state come out of these functions."""
import numpy as np
import pytest

from utils import lectures


def test_split_sizes():
    assert lectures.split_sizes(10000, (0.6, 0.2, 0.2)) == (6000, 2000, 2000)
    assert lectures.split_sizes(1_000_000, (0.98, 0.01, 0.01)) == (980000, 10000, 10000)


@pytest.mark.parametrize("train, dev, verdict", [(0.01, 0.11, "high variance"), (0.15, 0.16, "high bias"),
                                                 (0.15, 0.30, "high bias and high variance"),
                                                 (0.005, 0.01, "low bias and low variance")])
def test_the_four_cases_of_the_lecture(train, dev, verdict):
    assert lectures.diagnose(train, dev, bayes_error=0.0) == verdict


def test_two_sided_difference_of_the_cube():
    f, df = (lambda t: t ** 3), (lambda t: 3 * t ** 2)
    one, two = lectures.difference_errors(f, df, 1.0, [0.01])
    assert two[0] == pytest.approx(1e-4, rel=1e-6)       # 3.0001 against 3
    assert one[0] == pytest.approx(0.0301, rel=1e-6)
    one, two = lectures.difference_errors(f, df, 1.0, [1e-2, 1e-3])
    assert one[0] / one[1] == pytest.approx(10, rel=0.05) and two[0] / two[1] == pytest.approx(100, rel=0.05)


def test_signal_propagation_scales():
    act_he, grad_he = lectures.signal_propagation(30, 100, lambda n: np.sqrt(2 / n), "relu")
    act_one, _ = lectures.signal_propagation(30, 100, lambda n: 1.0, "relu")
    act_small, _ = lectures.signal_propagation(30, 100, lambda n: np.sqrt(1 / n), "relu")
    assert 0.3 < act_he[-1] / act_he[0] < 3 and 0.3 < grad_he[0] / grad_he[-1] < 3
    assert act_one[-1] > 1e10 * act_one[0]
    assert act_small[-1] < 1e-2 * act_small[0]


def test_normalizing_speeds_up_gradient_descent():
    rng = np.random.RandomState(0)
    X = np.c_[rng.uniform(0, 1, 200), rng.uniform(0, 100, 200)]
    y = X @ np.array([2.0, 0.03]) + 0.1 * rng.randn(200)
    Xc = X - X.mean(0)
    yc = y - y.mean()
    Xn = Xc / X.std(0)
    raw, ok_raw = lectures.least_squares_descent(Xc, yc, lectures.largest_stable_rate(Xc), max_steps=20000)
    norm, ok_norm = lectures.least_squares_descent(Xn, yc, lectures.largest_stable_rate(Xn), max_steps=20000)
    assert ok_norm and len(norm) < len(raw) / 10


def test_early_stopping_curves_have_a_dev_minimum():
    from utils.datasets import load_regularization_data
    X, Y, Xd, Yd = load_regularization_data()
    its, tr, dv = lectures.early_stopping_curves((X, Y), (Xd, Yd), [2, 20, 3, 1], 0.3, 2000, 200)
    assert its.shape == tr.shape == dv.shape == (11,)
    assert tr[-1] < tr[0] and np.all((0 <= dv) & (dv <= 1))


def test_capacity_sweep_shows_underfitting_then_overfitting():
    rows = lectures.polynomial_capacity_sweep(*lectures.moons_split(seed=0), degrees=(1, 3, 12))
    (_, tr1, dv1), (_, tr3, dv3), (_, tr12, dv12) = rows
    assert dv3 < dv1 and dv3 < dv12 and tr12 < tr3 < tr1


def test_signal_table_lines_fit_the_output_area():
    """Lecture 4 prints this table: a line wider than the output area would wrap inside a number."""
    results = {(activation, name): lectures.signal_propagation(10, 20, scale, activation)
               for activation in ("relu", "tanh")
               for name, scale in (("scale 1", lambda n: 1.0), ("Xavier sqrt(1/n)", lambda n: np.sqrt(1 / n)))}
    lines = lectures.signal_table(results).splitlines()
    assert len(lines) == 2 + len(results) and max(map(len, lines)) <= 72
    assert lines[1].split() == ["activation", "weights", "layer", "1", "layer", "10", "layer", "10", "layer", "1"]
    act, grad = results["relu", "scale 1"]
    assert lines[2].split()[-4:] == [f"{act[0]:.2e}", f"{act[-1]:.2e}", f"{grad[-1]:.2e}", f"{grad[0]:.2e}"]
