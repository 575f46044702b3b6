"""Functions declared with keeps_inputs: a call that changes its arguments in place fails, everywhere it is judged."""
import numpy as np
import pytest

from autograder import grading, isolation, sandbox, visible_check, wire
from autograder.declarations import GradedFunction
from autograder.judges.values import ArrayDict

PARAMS = {"W1": np.array([[1.0, 2.0]]), "b1": np.array([[0.5]])}
GRADS = {"dW1": np.array([[0.1, 0.2]]), "db1": np.array([[0.3]])}
PURE = ("def update(params, grads, rate):\n"
        "    return {k: v - rate * grads['d' + k] for k, v in params.items()}\n")
IN_PLACE = ("def update(params, grads, rate):\n"
            "    for k in params:\n"
            "        params[k] -= rate * grads['d' + k]\n"
            "    return params\n")


def _test(keeps_inputs=True):
    expected = {"W1": np.array([[0.9, 1.8]]), "b1": np.array([[0.2]])}
    declared = GradedFunction("update", ArrayDict(), hint="Look at what the function writes into.",
                              keeps_inputs=keeps_inputs)
    declared.published(PARAMS, GRADS, 1.0, expect=expected, name="one step")
    declared.hidden({"W1": np.ones((2, 3)), "b1": np.zeros((2, 1))},
                    {"dW1": np.ones((2, 3)), "db1": np.ones((2, 1))}, 0.5)
    return declared.test()


def _defined(source):
    namespace = {"np": np}
    exec(source, namespace)
    return namespace["update"]


def test_changed_arguments_sees_writes_into_arrays_dicts_and_lists_but_not_the_same_values_written_back():
    params, items = {"W": np.zeros(3)}, [1, 2]
    before = wire.encode([params, items, 3.0])
    assert wire.changed_arguments(before, [params, items, 3.0]) == []
    params["W"][1] = 0.0   # the same value: no change
    assert wire.changed_arguments(before, [params, items, 3.0]) == []
    params["W"][1] = 1.0
    items.append(3)
    assert wire.changed_arguments(before, [params, items, 3.0]) == [0, 1]
    params["extra"] = None
    assert wire.changed_arguments(before, [params, [1, 2], 3.0]) == [0]


def test_the_students_check_names_the_argument_changed_in_place():
    test = _test()
    visible_check.run(test, _defined(PURE))   # passes quietly apart from its summary
    with pytest.raises(visible_check.CheckFailed) as failed:
        visible_check.run(test, _defined(IN_PLACE))
    assert "changed its input 'params' in place" in str(failed.value)
    assert "Look at what the function writes into." in str(failed.value)
    # Without the declaration the same function passes: the values it returns are right.
    visible_check.run(_test(keeps_inputs=False), _defined(IN_PLACE))


def _graded(source, keeps_inputs=True):
    """The grader's verdict on `source`: its sandboxed run, judged against the pure solution's results."""
    test = _test(keeps_inputs)
    calls = [{"id": f"update#{i}", "function": "update", "args": wire.encode(list(case.args)), "seed": None,
              "patch": {}, "keeps_inputs": test.keeps_inputs} for i, case in enumerate(test.cases)]
    limits = sandbox.Limits()
    limits.sandbox = not isolation.check_available()
    run = sandbox.run(["import numpy as np"], [{"grade_id": "update", "source": source}], calls, limits)
    solution = _defined(PURE)
    refs = {c["id"]: wire.decode(wire.encode(solution(*case.args))) for c, case in zip(calls, test.cases)}
    return run, grading._judge_test(test, calls, {"update"}, run, refs, PURE)


def test_the_grader_fails_a_call_that_changed_its_input_and_names_it():
    run, (status, message) = _graded(IN_PLACE)
    assert [o.modified for o in run.calls.values()] == [(0,), (0,)]
    assert status == "failed"
    assert "2 of 2 cases wrong" in message and "changed its input 'params' in place" in message
    run, (status, _) = _graded(PURE)
    assert [o.modified for o in run.calls.values()] == [(), ()] and status == "passed"
    # Undeclared, the process is not even asked, and the right values pass.
    run, (status, _) = _graded(IN_PLACE, keeps_inputs=False)
    assert [o.modified for o in run.calls.values()] == [(), ()] and status == "passed"


def test_a_bogus_modified_list_from_the_students_process_is_bounded():
    outcome = sandbox._call_outcome({"ok": True, "value": None, "modified": ["0", -1, 2, 2, True, 10 ** 9] + [1] * 500})
    assert outcome.modified == (1, 2)
    assert sandbox._call_outcome({"ok": True, "value": None, "modified": "all"}).modified == ()


def test_nbgrader_autograde_judges_it_the_same_way_in_the_kernel():
    from autograder import inkernel
    test = _test()
    hidden = test.cases[-1]
    problems, _ = inkernel._judge(test, hidden, _defined(PURE), _defined(IN_PLACE))
    assert [p.kind for p in problems] == ["inputs"] and "'params'" in problems[0].message
    assert inkernel._judge(test, hidden, _defined(PURE), _defined(PURE))[0] == []
