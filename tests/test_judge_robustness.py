"""Hostile return values cost their own test a plain 0 with a message, never an internal error.

Every test of every assignment is judged (grading.judge, in this process) on a run in which
its calls returned something hostile and every other call returned the instructor's answer:
the hostile test must get 0 points with a short message, the others their full points.
The values are what a forged frame on the result pipe can hold, after JSON parsing.
"""
import copy
import json
import importlib

import numpy as np
import pytest

from autograder import grading, wire
from autograder.assignment import load_assignment
from autograder.sandbox import Outcome, RunResult
from autograder.declarations import Case
from autograder.declarations import Test as SuiteTest
from conftest import REPO, assignments

MAX_MESSAGE = 2500   # a feedback line, not a dump of what the student sent


def _runnable(source):
    return "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))


def _instructor_values(assignment):
    """{call id: encoded value} from the instructor's solution, called here as the worker would."""
    namespace = {"__name__": "__reference__"}
    for source in assignment.setup + list(assignment.answer_cells.values()):
        exec(compile(_runnable(source), "<reference>", "exec"), namespace)
    values = {}
    for test in assignment.tests:
        for case, call in zip(test.cases, [c for c in assignment.calls() if c["test"] == test.id]):
            saved = {name: namespace.get(name) for name, _ in case.patch}
            for name, target in case.patch:
                module, attr = target.split(":")
                namespace[name] = getattr(importlib.import_module(module), attr)
            if case.seed is not None:
                np.random.seed(case.seed)
            try:
                values[call["id"]] = wire.encode(namespace[test.function](*copy.deepcopy(case.args)))
            finally:
                namespace.update(saved)
    return values


@pytest.fixture(scope="module")
def courses():
    out = {}
    for name in assignments():
        assignment = load_assignment(REPO, name)
        honest = _instructor_values(assignment)
        refs = {cid: wire.decode(v) for cid, v in honest.items()}
        out[name] = (assignment, honest, refs)
    return out


def _judge(assignment, honest, refs, values):
    """The report's tests dict for a run whose calls returned `values` (call id -> wire data) or honest ones."""
    submission = grading.SubmissionNotebook([{"grade_id": gid, "source": ""} for gid in assignment.answer_cells])
    run = RunResult(cells={gid: Outcome("ok") for gid in assignment.answer_cells},
                    calls={cid: Outcome("ok", value=values.get(cid, v)) for cid, v in honest.items()})
    return grading.judge(assignment, submission, run, refs)


# --- Hostile wire data, as a forged frame can hold it -----------------------------------------

def _array(dtype, shape, data=""):
    return {"__ndarray__": {"dtype": dtype, "shape": shape, "data": data}}


def _nested(depth, leaf=None):
    value = leaf
    for _ in range(depth):
        value = [value]
    return value


RAW = {
    "int-beyond-python-conversion-limit": {"__int__": "9" * 1_000_000},
    "int-just-over-the-digit-cap": {"__int__": "9" * (wire.MAX_INT_DIGITS + 1)},
    "int-of-999-digits": {"__int__": "9" * 999},
    "int-with-underscores": {"__int__": "1_000"},
    "int-in-other-script": {"__int__": "\u0663"},
    "float-nan": {"__float__": "nan"},
    "float-inf": {"__float__": "-inf"},
    "float-overflowing-literal": {"__float__": "1e999999"},
    "float-infinity-word": {"__float__": "infinity"},
    "float-padded": {"__float__": " 1.0"},
    "float-huge-string": {"__float__": "1" * 100_000},
    "nesting-100000-deep": _nested(100_000),
    "nesting-just-too-deep": _nested(wire.MAX_DEPTH + 3),
    "dict-nested-deep": {"__dict__": {"W1": _nested(50_000, {"__int__": "1"})}},
    "shape-2-40-squared-short-data": _array("float64", [2 ** 40, 2 ** 40], "AAAA"),
    "shape-2-62-squared": _array("float64", [2 ** 62, 2 ** 62]),
    "shape-zero-times-2-62": _array("float64", [0, 2 ** 62]),
    "shape-zero-times-2-200": _array("uint8", [0, 2 ** 200]),
    "shape-negative": _array("float64", [-1, -1]),
    "shape-rank-64": _array("float64", [1] * 64, "AAAAAAAAAAA="),
    "shape-of-floats": _array("float64", [1.0], "AAAAAAAAAAA="),
    "shape-of-booleans": _array("float64", [True], "AAAAAAAAAAA="),
    "shape-not-a-list": _array("float64", "8", "AAAAAAAAAAA="),
    "dtype-object": _array("object", [1], "AAAAAAAAAAA="),
    "dtype-unhashable": _array(["float64"], [1], "AAAAAAAAAAA="),
    "dtype-big-endian-name": _array(">f8", [1], "AAAAAAAAAAA="),
    "data-not-base64": _array("float64", [2], "!" * 24),
    "data-too-short": _array("float64", [4, 4], "AAAA"),
    "data-not-a-string": _array("float64", [1], [0] * 8),
    "array-extra-field": {"__ndarray__": {"dtype": "float64", "shape": [], "data": "AAAAAAAAAAA=", "x": 1}},
    "bool-bytes-other-than-0-1": _array("bool", [2, 2], "AgICAg=="),
    "dict-with-200001-keys": {"__dict__": {f"k{i}": None for i in range(wire.MAX_ITEMS + 1)}},
    "list-of-200001-items": [None] * (wire.MAX_ITEMS + 1),
    "string-too-long": "x" * (wire.MAX_STRING_CHARS + 1),
    "dict-key-too-long": {"__dict__": {"W1" * 60_000: None}},
    "unsupported-with-nested-body": {"__unsupported__": _nested(10_000)},
    "unsupported": {"__unsupported__": "Anything"},
    "two-tags": {"__int__": "1", "__dict__": {}},
    "empty-object": {},
    "unknown-tag": {"__pickle__": "gASV"},
    "tag-names-as-keys": {"__dict__": {"__ndarray__": {"__int__": "1"}, "__int__": {"__float__": "nan"}}},
    "tuple-of-junk": {"__tuple__": [{"__int__": "7"}, _nested(40)]},
    "bare-json-number": 3.5,
    "bare-python-int": 10 ** 5000,
    "bytes": b"\x00" * 10,
    "python-object": object(),
}


# --- Decodable values of the wrong kind, made from the instructor's answer ------------------------

def _arrays_replaced(value, make):
    """The decoded value with every array (and every float, for scalar answers) replaced by make(x)."""
    if isinstance(value, np.ndarray) or isinstance(value, float):
        return make(np.asarray(value))
    if isinstance(value, dict):
        return {k: _arrays_replaced(v, make) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(_arrays_replaced(v, make) for v in value)
    return value


def _checkerboard(x, big):
    signs = np.where(np.indices(x.shape).sum(axis=0) % 2 == 0, 1.0, -1.0) if x.ndim else 1.0
    return np.full(x.shape, big) * signs


SHAPED = {
    "nan-everywhere": lambda x: np.full(x.shape, np.nan),
    "inf-everywhere": lambda x: np.full(x.shape, np.inf),
    "overflowing-1e308": lambda x: _checkerboard(x, 1e308),
    "bool-arrays": lambda x: np.ones(x.shape, dtype=bool),
    "int64-extremes": lambda x: np.full(x.shape, np.iinfo(np.int64).min, dtype=np.int64),
    "uint64-max": lambda x: np.full(x.shape, np.iinfo(np.uint64).max, dtype=np.uint64),
    "zero-dimensional": lambda x: np.array(7.0),
    "rank-32": lambda x: np.zeros((1,) * 32),
    "empty-of-same-rank": lambda x: np.zeros((0,) * max(x.ndim, 1)),
    "huge-python-int": lambda x: 10 ** 999,
    "unsupported": lambda x: wire.Unsupported("object"),
    "nested-lists-of-floats": lambda x: np.atleast_1d(x).tolist(),
}


def _shaped_values(values, make):
    return {cid: wire.encode(_arrays_replaced(wire.decode(v), make)) for cid, v in values.items()}


def _assert_costs_only_its_test(tests, assignment, test_id):
    for tid, entry in tests.items():
        if tid == test_id:
            assert entry["points"] == 0 and entry["status"] in ("failed", "error"), entry
            assert entry["message"] and len(entry["message"]) < MAX_MESSAGE, entry["message"][:3000]
            assert "Traceback" not in entry["message"]
        else:
            assert entry["status"] == "passed" and entry["points"] == assignment.points[tid], (tid, entry)


def _cases():
    return [pytest.param(a, t.id, id=f"{a}:{t.function}") for a in assignments()
            for t in load_assignment(REPO, a).tests]


def test_the_instructors_answers_pass_everything(courses):
    for assignment, honest, refs in courses.values():
        tests = _judge(assignment, honest, refs, {})
        assert all(t["status"] == "passed" for t in tests.values()), tests


@pytest.mark.parametrize("assignment_name, test_id", _cases())
def test_raw_hostile_data_costs_only_its_test(courses, assignment_name, test_id):
    assignment, honest, refs = courses[assignment_name]
    ids = [c["id"] for c in assignment.calls() if c["test"] == test_id]
    for scenario, data in RAW.items():
        tests = _judge(assignment, honest, refs, {cid: data for cid in ids})
        _assert_costs_only_its_test(tests, assignment, test_id)
        if scenario not in ("unsupported", "tag-names-as-keys", "float-nan", "float-inf", "int-of-999-digits"):
            assert "could not be judged" in tests[test_id]["message"], (scenario, tests[test_id])


@pytest.mark.parametrize("assignment_name, test_id", _cases())
def test_wrong_kinds_of_values_in_the_right_places_cost_only_their_test(courses, assignment_name, test_id):
    assignment, honest, refs = courses[assignment_name]
    mine = {c["id"]: honest[c["id"]] for c in assignment.calls() if c["test"] == test_id}
    applied = 0
    for scenario, make in SHAPED.items():
        shaped = _shaped_values(mine, make)
        if json.dumps(shaped, sort_keys=True) == json.dumps(mine, sort_keys=True):
            continue   # the results hold no array to replace (a tuple of sizes): the raw-data test covers them
        applied += 1
        tests = _judge(assignment, honest, refs, shaped)
        _assert_costs_only_its_test(tests, assignment, test_id)
        # These are data the grader can read: they are judged, with what is wrong said plainly
        # (lists of lists on the largest cases are too many items to read, and said so).
        message = tests[test_id]["message"]
        assert "could not be judged" not in message or "numbers belong in numpy arrays" in message, (scenario, message)
    if not applied:
        pytest.skip(f"{test_id}'s results hold no numpy array to replace")


def test_a_hostile_hidden_case_alone_still_costs_the_test(courses):
    assignment, honest, refs = courses["initialization"]
    test = assignment.tests[-1]
    hidden = [c["id"] for c, case in zip([c for c in assignment.calls() if c["test"] == test.id], test.cases)
              if not case.visible]
    tests = _judge(assignment, honest, refs, {hidden[-1]: RAW["shape-2-62-squared"]})
    _assert_costs_only_its_test(tests, assignment, test.id)
    message = tests[test.id]["message"]
    assert message.startswith(f"hidden case {len(hidden)} of {len(hidden)}: the returned value could not be judged")
    assert "array too large" in message and tests[test.id]["status"] == "failed"


def _one_test_assignment(compare):
    test = SuiteTest(id="test_f", function="f", cases=(Case(args=(), visible=True), Case(args=())), compare=compare)
    assignment = load_assignment(REPO, "initialization")
    assignment.tests, assignment.points, assignment.answer_cells = (test,), {"test_f": 2.0}, {"f": ""}
    return assignment


@pytest.mark.parametrize("raised, said", [
    (ValueError("operands could not be broadcast together with shapes (3,4) (5,6)"), "raised ValueError"),
    (RecursionError("maximum recursion depth exceeded"), "raised RecursionError"),
    (OverflowError("int too large to convert to float"), "raised OverflowError"),
    (TypeError("unhashable type: 'list'"), "raised TypeError"),
    (MemoryError(), "too large for the grader to compare"),
])
def test_a_comparison_that_raises_costs_the_test_and_shows_no_expected_shapes(raised, said):
    def compare(got, expected, reveal, args):
        raise raised
    assignment = _one_test_assignment(compare)
    honest = {"f#0": wire.encode(1.0), "f#1": wire.encode(1.0)}
    tests = _judge(assignment, honest, {"f#0": 1.0, "f#1": 1.0}, {})
    entry = tests["test_f"]
    assert entry["points"] == 0 and entry["status"] == "failed", entry
    assert said in entry["message"] and "(3,4)" not in entry["message"]
    assert "memory limit" not in entry["message"]   # the grader's memory, not the student's process's limit


def test_a_forged_frame_is_judged_like_any_returned_value(courses):
    """What the student's function wrote on the result pipe for its own call id is only data."""
    assignment, honest, refs = courses["initialization"]
    test = assignment.tests[-1]
    first = next(c["id"] for c in assignment.calls() if c["test"] == test.id)
    forged = {"event": "call_done", "id": first, "ok": True,
              "value": {"__dict__": {"W1": {"__int__": "1" * 1_000_000}, "points": {"__int__": "3"}}}}
    tests = _judge(assignment, honest, refs, {first: forged["value"]})
    _assert_costs_only_its_test(tests, assignment, test.id)
    assert "integer with more than 1000 digits" in tests[test.id]["message"]
    assert sum(t["points"] for t in tests.values()) == assignment.max_points - assignment.points[test.id]


def test_messages_about_keys_stay_short_however_many_keys_come_back(courses):
    assignment, honest, refs = courses["initialization"]
    test = assignment.tests[0]
    ids = [c["id"] for c in assignment.calls() if c["test"] == test.id]
    many = {"__dict__": {f"key{i}" * 30: None for i in range(50_000)}}
    tests = _judge(assignment, honest, refs, {cid: many for cid in ids})
    _assert_costs_only_its_test(tests, assignment, test.id)
    assert "and 49990 more" in tests[test.id]["message"]
