"""The grader's dropout judges: random masks pass, structured or seed-blind masks fail, and nothing else decides."""
import numpy as np
import pytest

from autograder import inkernel
from autograder.judges import dropout
from autograder.assignment import load_assignment, read_source
from autograder.declarations import Case
from examples.make_class import answer_code, solution_sources
from conftest import REPO, catalog, declared_test

FWD = "forward_propagation_with_dropout"
TEST_ID = "test_forward_propagation_with_dropout"


def _result(D1, D2):
    """A (A3, cache) pair whose only meaningful entries are the masks (the judge reads nothing else)."""
    cache = [np.zeros((1, 1))] * 14
    cache[1], cache[6] = D1, D2
    return np.zeros((1, 1)), tuple(cache)


def _case(seed, args=("X", "params", 0.5)):
    return Case(args=args, seed=seed)


def _inputs(m=250, n=40, seed=0):
    rng = np.random.RandomState(seed)
    params = {"W1": rng.randn(n, 3), "b1": rng.randn(n, 1), "W2": rng.randn(n, n), "b2": rng.randn(n, 1),
              "W3": rng.randn(1, n), "b3": rng.randn(1, 1)}
    return rng.randn(3, m), params, 0.5


def _random_masks(rng, shape=(40, 250), p=0.5):
    return rng.rand(*shape) < p, rng.rand(*shape) < p


def test_independent_masks_pass_in_many_trials():
    """Correct masks never trip the judge (its bound is 1e-12 per family; 300 trials would show far less)."""
    rng = np.random.RandomState(2024)
    args = _inputs()
    for _ in range(300):
        cases = [_case(1, args), _case(2, args)]
        results = [_result(*_random_masks(rng)), _result(*_random_masks(rng))]
        assert dropout.randomness_problems(cases, results) == []


@pytest.mark.parametrize("units, keep_prob", [(10000, 0.5), (7200, 0.5), (60000, 0.7)])
def test_limits_are_informative_and_hold_their_false_alarm_bound(units, keep_prob):
    """The union bound over every lag, at the limit used, equals the stated false-alarm probability."""
    for terms in (1, 2):
        limit = dropout._limit(units, keep_prob, terms)
        assert limit < 0.25, f"limit {limit:.3f} for {units} units: the suite's masks are too small"
        c = max(keep_prob, 1 - keep_prob)
        entries = units * (2 if terms == 1 else 1)
        t = limit * units * keep_prob * (1 - keep_prob)
        bound = units * 2 * np.exp(-2 * t ** 2 / (entries * (terms * c) ** 2))
        assert bound == pytest.approx(dropout.FAMILY_FALSE_ALARM, rel=1e-6), f"bound {bound:.3e}"


def _problems_of(D1_of_call, seeds=(1, 2)):
    args = _inputs()
    return dropout.randomness_problems([_case(s, args) for s in seeds],
                                       [_result(*D1_of_call(s)) for s in seeds])


def test_masks_that_ignore_the_seed_fail():
    fixed = _random_masks(np.random.RandomState(0))
    problems = _problems_of(lambda seed: fixed)
    assert problems and "does not change with the random generator's state" in problems[0].message


def test_masks_that_shift_a_fixed_pattern_with_the_seed_fail():
    pattern = _random_masks(np.random.RandomState(0))
    problems = _problems_of(lambda seed: tuple(np.roll(m, 13 * seed) for m in pattern))
    assert problems and "shifted by" in problems[0].message


def test_unreproducible_masks_fail():
    rng = np.random.RandomState(5)
    problems = _problems_of(lambda seed: _random_masks(rng), seeds=(3, 3))
    assert problems and "same np.random.seed gave different masks" in problems[0].message


@pytest.mark.parametrize("make, says", [
    (lambda r: np.repeat(r.rand(40, 1) < 0.5, 250, axis=1), "examples 1 apart, for the same unit"),
    (lambda r: np.repeat(r.rand(1, 250) < 0.5, 40, axis=0), "units 1 apart, for the same example"),
    (lambda r: np.tile(r.rand(40, 7) < 0.5, (1, 36))[:, :250], "examples 7 apart"),
])
def test_structured_masks_fail_and_say_where(make, says):
    seeds = {}

    def masks(seed):
        rng = seeds.setdefault(seed, np.random.RandomState(seed))
        return make(rng), rng.rand(40, 250) < 0.5
    problems = _problems_of(masks)
    assert any(says in p.message and p.key == "D1" for p in problems), [p.message for p in problems]


def test_a_layer_that_reuses_the_other_layers_mask_fails():
    problems = _problems_of(lambda seed: (lambda D: (D, D))(np.random.RandomState(seed).rand(40, 250) < 0.5))
    assert any("repeats D1 of the same call" in p.message for p in problems)


@pytest.fixture(scope="module")
def solution():
    return solution_sources(REPO / "source" / "regularization" / "regularization.ipynb")


def _grade(code):
    """Run the hidden test of the dropout forward pass in-process on the instructor's other cells plus `code`."""
    namespace = {"__name__": "__main__"}
    for source in load_assignment(REPO, "regularization").setup:
        exec(compile(inkernel.strip_magics(source), "<setup>", "exec"), namespace)
    exec(code, namespace)
    inkernel.run_hidden_cases(declared_test("regularization", FWD), namespace, read_source(REPO, "regularization"))


@pytest.mark.parametrize("scenario", sorted(k for k, v in catalog("regularization").VALID.items() if v[0] == FWD))
def test_valid_ways_of_drawing_masks_pass_the_hidden_test(solution, scenario):
    entry = catalog("regularization").VALID[scenario]
    _grade(answer_code(entry, solution, scenario))


@pytest.mark.parametrize("scenario", ["dropout-draws-no-random-number", "dropout-same-mask-every-call",
                                      "dropout-reuses-layer-1-mask-for-layer-2", "dropout-ignores-np-random-seed"])
def test_randomness_mistakes_fail_the_hidden_test_only_across_calls(solution, scenario):
    entry = catalog("regularization").WRONG[scenario]
    with pytest.raises(AssertionError, match="every case passes on its own, but together"):
        _grade(answer_code(entry, solution, scenario))


def test_the_suite_repeats_inputs_under_several_seeds():
    test = next(t for t in load_assignment(REPO, "regularization").tests if t.id == TEST_ID)
    assert isinstance(test.compare, dropout.Forward) and test.across_cases == test.compare.across
    groups = {}
    for case in test.cases:
        if case.args[2] == 0.5 and case.args[0].size >= 500:
            groups.setdefault(dropout._inputs_key(case.args), []).append(case.seed)
    assert sorted(map(sorted, groups.values())) == [[11, 11, 12], [21, 22]]
