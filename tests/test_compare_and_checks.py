"""utils/compare.py and the learner-facing checks: messages name what is wrong and how far off."""
import re

import numpy as np
import pytest

from autograder.visible_check import CheckFailed
from utils.compare import compare_array_dicts
from utils.numerics import best_scale, rel_error
from examples.make_class import solution_sources
from conftest import REPO, catalog, visible_check


def _ns(code):
    namespace = {"np": np}
    exec(code, namespace)
    return namespace


@pytest.fixture(scope="module")
def solutions():
    return solution_sources(REPO / "source" / "initialization" / "initialization.ipynb")


def test_rel_error_and_best_scale():
    assert rel_error(np.zeros(3), np.zeros(3)) == 0.0
    assert rel_error([1.0, 2.0], [1.0, 2.0 + 4e-9]) == pytest.approx(1e-9, rel=1e-3)
    with pytest.raises(ValueError, match="equal shapes"):
        rel_error(np.zeros(2), np.zeros(3))
    assert best_scale(np.array([2.0, 4.0]), np.array([1.0, 2.0])) == pytest.approx(2.0)
    assert best_scale(np.ones(2), np.zeros(2)) is None


def test_compare_names_missing_and_extra_keys_and_shapes():
    expected = {"W1": np.zeros((2, 3)), "b1": np.zeros((2, 1))}
    problems = compare_array_dicts({"W1": np.zeros((3, 2)), "W0": np.zeros(1)}, expected)
    text = " | ".join(p.message for p in problems)
    assert "missing key(s): 'b1'" in text and "unexpected key(s): 'W0'" in text
    assert "'W1' has shape (3, 2); expected (2, 3)" in text


def test_compare_hidden_mode_never_shows_expected_shape_or_values():
    expected = {"W1": np.full((7, 5), 0.123456), "b1": np.zeros((7, 1))}
    got = {"W1": np.full((7, 4), 0.5), "b1": np.zeros(7)}
    text = " | ".join(p.message for p in compare_array_dicts(got, expected, reveal=False))
    assert "(7, 5)" not in text and "(7, 1)" not in text and "0.123" not in text
    assert "'W1' has shape (7, 4); the expected shape differs along axis 1" in text
    assert "'b1' has shape (7,); expected an array with 2 dimensions" in text


def test_compare_reports_error_size_and_scale_factor():
    expected = {"W": np.array([[1.0, -2.0], [0.5, 4.0]])}
    problems = compare_array_dicts({"W": expected["W"] * np.sqrt(0.5)}, expected, reveal=True)
    assert len(problems) == 1
    msg = problems[0].message
    assert "largest error 1.17e+00 at W[1, 1]" in msg and "0.7071 times the expected" in msg


def test_hidden_mode_gives_no_error_sizes_or_positions():
    expected = {"W": np.array([[1.0, -2.0], [0.5, 4.0]])}
    msg = compare_array_dicts({"W": expected["W"] + np.array([[0, 0], [0, 0.25]])}, expected, reveal=False)[0].message
    assert msg == "'W' differs: 1 of 4 entries are off by more than the tolerance (relative 1e-07)"
    from utils.compare import compare_scalar
    msg = compare_scalar("cost", 1.25, 1.5, reveal=False)[0].message
    assert "1.5" not in msg and "0.25" not in msg and "2.5e-01" not in msg and "is 1.25" in msg


def test_compare_rejects_non_arrays_and_nan():
    expected = {"W": np.ones((1, 2))}
    assert compare_array_dicts([1, 2], expected)[0].kind == "type"
    assert compare_array_dicts({"W": [[1.0, 1.0]]}, expected)[0].kind == "type"
    assert compare_array_dicts({"W": np.array([[1.0, np.nan]])}, expected)[0].kind == "nonfinite"
    assert compare_array_dicts({"W": np.ones((1, 2))}, expected) == []


@pytest.mark.parametrize("name", ["initialize_parameters_zeros", "initialize_parameters_random",
                                  "initialize_parameters_he"])
def test_visible_check_passes_the_solution(name, solutions, capsys):
    visible_check("initialization", name, _ns(solutions[name])[name])
    out = capsys.readouterr().out
    assert re.search(r"(the published case matches|\d published cases match)", out) and "tolerance 1e-07" in out
    assert "shapes for [4, 3, 3, 1] are right too" in out


@pytest.mark.parametrize("scenario", sorted(catalog("initialization").WRONG))
def test_visible_check_rejects_each_wrong_implementation(scenario):
    function, code = catalog("initialization").WRONG[scenario]
    with pytest.raises(CheckFailed) as info:
        visible_check("initialization", function, _ns(code)[function])
    message = str(info.value)
    assert function in message
    assert any(word in message for word in ("'W", "'b", "missing key", "shapes must follow"))


def test_visible_check_says_not_implemented_for_the_stub():
    def initialize_parameters_he(layers_dims):
        raise NotImplementedError()
    with pytest.raises(CheckFailed, match="not implemented yet"):
        visible_check("initialization", "initialize_parameters_he", initialize_parameters_he)


def test_visible_check_prints_error_size_next_to_tolerance_for_xavier():
    function, code = catalog("initialization").WRONG["he-uses-xavier-scale"]
    with pytest.raises(CheckFailed) as info:
        visible_check("initialization", function, _ns(code)[function])
    text = str(info.value)
    assert "largest error 5.46e-01" in text and "allowed there" in text and "0.7071 times" in text


def test_a_ratio_is_named_only_across_several_nonzero_entries_and_zeros_are_said_plainly():
    from utils.compare import compare_arrays
    expected = np.array([[1.0, 2.0, 3.0]])
    (tripled,) = compare_arrays("dW", 3 * expected, expected, rtol=1e-7, atol=1e-12, reveal=True)
    assert "every entry is 3 times the expected one" in tripled.message
    (single,) = compare_arrays("db", np.array([[4.0]]), np.array([[1.0]]), rtol=1e-7, atol=1e-12, reveal=True)
    assert "times the expected" not in single.message
    (zeros,) = compare_arrays("dA", np.zeros((1, 3)), expected, rtol=1e-7, atol=1e-12, reveal=True)
    assert "all of them are zero" in zeros.message and "times" not in zeros.message
    (typed,) = compare_arrays("b1", 3, expected, rtol=1e-7, atol=1e-12, reveal=True)
    assert "'b1' is an int, expected a numpy array" in typed.message


def test_an_error_in_the_students_function_is_one_message_with_the_line_and_the_hint():
    from autograder.declarations import GradedFunction
    from autograder.judges.values import Scalar
    from autograder.visible_check import CheckFailed, run
    test = GradedFunction("cost", Scalar("cost"), hint="Look at the shapes you multiply.")
    test.published(np.ones((2, 3)), expect=1.0, name="ones")
    namespace = {"np": np}
    exec(compile("def cost(A):\n    total = 0.0\n    return float(A @ A)\n", "/tmp/student-cell.py", "exec"), namespace)
    with pytest.raises(CheckFailed) as failed:
        run(test.test(), namespace["cost"])
    text = str(failed.value)
    assert text.startswith("cost raised ValueError at line 3 of your code on the published case ones:")
    assert "matmul" in text and "Hint: Look at the shapes you multiply." in text
