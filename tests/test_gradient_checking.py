"""Gradient Checking: the solution reproduces the spec's numbers; the visible checks on the catalog."""
import re

import numpy as np
import pytest

from examples.make_class import answer_code, solution_sources
from utils import gradcheck_network, published
from autograder.visible_check import CheckFailed
from utils.param_vectors import dictionary_to_vector, gradients_to_vector, report_gradient_check, vector_to_dictionary
from conftest import REPO, catalog, visible_check

# Mistakes the published cases cannot show (a linear cost hides a one-sided difference; the hidden
# cases use a curved one and wrong derivatives).
HIDDEN_ONLY = {"gradcheck-1d-one-sided", "gradcheck-1d-divides-by-grad-only", "gradcheck-1d-absolute-difference"}
# One-line answers through course code that is no longer importable: they raise before any check.
DO_NOT_RUN = {"forward-calls-course-fixture", "backward-calls-course-fixture", "repair-calls-course-helper"}


@pytest.fixture(scope="module")
def solution():
    return solution_sources(REPO / "source" / "gradient_checking" / "gradient_checking.ipynb")


def _namespace(sources):
    ns = {"np": np, "forward_propagation_n": gradcheck_network.forward_propagation_n,
          "dictionary_to_vector": dictionary_to_vector, "vector_to_dictionary": vector_to_dictionary,
          "gradients_to_vector": gradients_to_vector, "report_gradient_check": report_gradient_check}
    for code in sources.values():
        exec(code, ns)
    return ns


def test_spec_values_reproduce(solution, capsys):
    ns = _namespace(solution)
    assert ns["forward_propagation"](2, 4) == 8 and ns["backward_propagation"](2, 4) == 2
    assert ns["gradient_check"](2, 4) == 2.919335883291695e-10
    assert ns["gradient_check"](3, 4) == 7.814075313343006e-11
    x, y, params = published.gradient_check_n_case()
    cost, cache = gradcheck_network.forward_propagation_n(x, y, params)
    assert cost == published.GRADCHECK_COST
    buggy = ns["gradient_check_n"](params, gradcheck_network.backward_propagation_n(x, y, cache), x, y, 1e-7)
    assert buggy == pytest.approx(published.GRADCHECK_BUGGY_DIFFERENCE, rel=published.GRADCHECK_DIFFERENCE_RTOL)
    fixed = ns["gradient_check_n"](params, ns["backward_propagation_n_fixed"](x, y, cache), x, y, 1e-7,
                                   print_msg=True)
    assert fixed == 1.1890913024229996e-07
    assert fixed < published.GRADCHECK_THRESHOLD < buggy
    assert "works" in capsys.readouterr().out


def test_check_names_the_buggy_blocks(solution, capsys):
    ns = _namespace(solution)
    x, y, params = published.gradient_check_n_case()
    _, cache = gradcheck_network.forward_propagation_n(x, y, params)
    ns["gradient_check_n"](params, gradcheck_network.backward_propagation_n(x, y, cache), x, y, print_msg=True)
    out = capsys.readouterr().out
    assert "There is a mistake" in out
    blocks = re.findall(r"\b(d[Wb]\d) \d", out.split("Largest disagreements, by parameter block: ")[1])
    assert set(blocks) == {"dW2", "db1"}, out


@pytest.mark.parametrize("name", ["forward_propagation", "backward_propagation", "gradient_check",
                                  "gradient_check_n", "backward_propagation_n_fixed"])
def test_visible_check_passes_the_solution(solution, name, capsys):
    visible_check("gradient_checking", name, _namespace(solution)[name])
    out = capsys.readouterr().out
    assert "match" in out or "published" in out


@pytest.mark.parametrize("scenario", sorted(set(catalog("gradient_checking").WRONG) - HIDDEN_ONLY - DO_NOT_RUN))
def test_visible_check_rejects_wrong_implementations(solution, scenario):
    entry = catalog("gradient_checking").WRONG[scenario]
    sources = {**solution, entry[0]: answer_code(entry, solution, scenario)}
    with pytest.raises(CheckFailed) as info:
        visible_check("gradient_checking", entry[0], _namespace(sources)[entry[0]])
    assert entry[0] in str(info.value) and "Hint:" in str(info.value)


@pytest.mark.parametrize("scenario", sorted(catalog("gradient_checking").VALID))
def test_visible_check_passes_valid_alternatives(solution, scenario):
    entry = catalog("gradient_checking").VALID[scenario]
    sources = {**solution, entry[0]: answer_code(entry, solution, scenario)}
    visible_check("gradient_checking", entry[0], _namespace(sources)[entry[0]])


@pytest.mark.parametrize("scenario", sorted(DO_NOT_RUN))
def test_course_code_that_answered_is_gone(solution, scenario):
    entry = catalog("gradient_checking").WRONG[scenario]
    sources = {**solution, entry[0]: answer_code(entry, solution, scenario)}
    with pytest.raises(CheckFailed, match=r"raised (ModuleNotFoundError|ImportError|AttributeError) at line \d+"):
        visible_check("gradient_checking", entry[0], _namespace(sources)[entry[0]])


def test_published_true_gradients_are_the_gradients_of_the_published_case():
    """The literals the visible checks use are the exact gradients (two-sided differences agree to 1e-7)."""
    x, y, params = published.gradient_check_n_case()
    theta, layout = dictionary_to_vector(params)
    grad = gradients_to_vector(published.GRADCHECK_TRUE_GRADIENTS, layout)
    approx = np.zeros_like(theta)
    for i in range(theta.shape[0]):
        plus, minus = theta.copy(), theta.copy()
        plus[i] += 1e-7
        minus[i] -= 1e-7
        approx[i] = (gradcheck_network.forward_propagation_n(x, y, vector_to_dictionary(plus, layout))[0]
                     - gradcheck_network.forward_propagation_n(x, y, vector_to_dictionary(minus, layout))[0]) / 2e-7
    difference = np.linalg.norm(grad - approx) / (np.linalg.norm(grad) + np.linalg.norm(approx))
    rtol = published.GRADCHECK_FIXED_DIFFERENCE_RTOL
    assert difference == pytest.approx(published.GRADCHECK_FIXED_DIFFERENCE, rel=rtol), \
        f"difference {difference:.6e}, published {published.GRADCHECK_FIXED_DIFFERENCE:.6e} (rtol {rtol:.0e})"
