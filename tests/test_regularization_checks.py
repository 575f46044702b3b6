"""The Regularization notebook's visible checks, on the solution and on the scenario catalog."""
import numpy as np
import pytest

from examples.make_class import answer_code, solution_sources
from utils import relu_mlp
from autograder.visible_check import CheckFailed
from conftest import REPO, catalog, visible_check

# Mistakes the published case cannot show: the complement mask keeps 30% instead of 70%, and masks
# shared by examples or by the two layers, which only large inputs reveal; the hidden cases and the
# grader's randomness judge catch them (see test_grading and test_dropout_judge).
HIDDEN_ONLY = {"dropout-keeps-the-complement", "dropout-reuses-one-mask-for-every-example",
               "dropout-reuses-layer-1-mask-for-layer-2"}
# Answers that only run where the grader's own code is importable: in a notebook they raise at once.
DO_NOT_RUN = {"dropout-calls-course-helper"}


@pytest.fixture(scope="module")
def solution():
    return solution_sources(REPO / "source" / "regularization" / "regularization.ipynb")


def _function(code, name):
    namespace = {"np": np, "compute_loss": relu_mlp.compute_loss, "relu": relu_mlp.relu,
                 "sigmoid": relu_mlp.sigmoid}
    exec(code, namespace)
    return namespace[name]


@pytest.mark.parametrize("name", ["compute_cost_with_regularization", "backward_propagation_with_regularization",
                                  "forward_propagation_with_dropout", "backward_propagation_with_dropout"])
def test_solution_passes_and_says_so(solution, name, capsys):
    visible_check("regularization", name, _function(solution[name], name))
    out = capsys.readouterr().out
    assert "the published case matches" in out and "differ from the course" not in out


@pytest.mark.parametrize("scenario", sorted(catalog("regularization").VALID))
def test_valid_alternatives_pass(solution, scenario, capsys):
    entry = catalog("regularization").VALID[scenario]
    visible_check("regularization", entry[0], _function(answer_code(entry, solution, scenario), entry[0]))
    out = capsys.readouterr().out
    # Legacy np.random.binomial(1, p) happens to reproduce rand() < p; drawing D2 first does not.
    if scenario == "dropout-draws-both-masks-up-front":
        assert "Your masks differ from the course's draw order" in out


@pytest.mark.parametrize("scenario", sorted(set(catalog("regularization").WRONG) - HIDDEN_ONLY - DO_NOT_RUN))
def test_wrong_implementations_fail_with_a_named_problem(solution, scenario):
    entry = catalog("regularization").WRONG[scenario]
    with pytest.raises(CheckFailed) as info:
        visible_check("regularization", entry[0], _function(answer_code(entry, solution, scenario), entry[0]))
    message = str(info.value)
    assert entry[0] in message and "Hint:" in message


def test_cost_check_prints_error_size_next_to_tolerance(solution):
    entry = catalog("regularization").WRONG["l2-cost-without-the-half"]
    with pytest.raises(CheckFailed) as info:
        visible_check("regularization", entry[0], _function(answer_code(entry, solution, "x"), entry[0]))
    assert "off by 1.84e-01" in str(info.value) and "allowed 1.9e-07" in str(info.value)


def test_catalog_mutation_must_match_the_solution_exactly(solution):
    from examples.make_class import mutate
    with pytest.raises(ValueError, match="must occur exactly once"):
        mutate(solution["forward_propagation_with_dropout"], [("no such line", "x")], "broken")


def test_the_old_one_line_answer_no_longer_imports(solution):
    entry = catalog("regularization").WRONG["dropout-calls-course-helper"]
    with pytest.raises(CheckFailed, match=r"raised ImportError at line \d+ of your code(.|\n)*make_cache"):
        visible_check("regularization", entry[0], _function(answer_code(entry, solution, "x"), entry[0]))


@pytest.mark.parametrize("scenario, says", [
    ("dropout-same-mask-every-call", "do not depend on the random generator"),
    ("dropout-draws-no-random-number", "do not depend on the random generator"),
    ("dropout-ignores-np-random-seed", "gave different masks"),
])
def test_dropout_check_calls_again_under_other_seeds(solution, scenario, says):
    entry = catalog("regularization").WRONG[scenario]
    with pytest.raises(CheckFailed) as info:
        visible_check("regularization", entry[0], _function(answer_code(entry, solution, scenario), entry[0]))
    assert says in str(info.value)


def test_dropout_check_seeds_before_the_call(solution, capsys):
    """The published masks are the first draws after np.random.seed(1), whatever the generator held before."""
    np.random.seed(777)
    np.random.rand(50)
    name = "forward_propagation_with_dropout"
    visible_check("regularization", name, _function(solution[name], name))
    assert "the published case matches" in capsys.readouterr().out
