"""The hidden tests, run inside the notebook's own kernel: for `nbgrader autograde` only.

This is the compatibility path (and the baseline of benchmarks/): the same cases,
references and comparisons as `python -m autograder grade`, but in the student's
kernel, where student code could interfere, exactly as with any nbgrader hidden
test. Grades that matter come from `python -m autograder grade`.
"""
import contextlib
import copy
import importlib
from pathlib import Path

import numpy as np

from autograder import wire
from autograder.assignment import load_assignment
from autograder.worker import strip_magics

_REFERENCES = {}


def _course_root():
    for folder in [Path.cwd(), *Path.cwd().parents]:
        if (folder / "nbgrader_config.py").is_file() and (folder / "source").is_dir():
            return folder
    return Path(__file__).resolve().parent.parent


def _reference_namespace(assignment):
    if assignment.name not in _REFERENCES:
        namespace = {"__name__": "__reference__"}
        for source in assignment.setup + list(assignment.answer_cells.values()):
            exec(compile(strip_magics(source), "<reference>", "exec"), namespace)
        _REFERENCES[assignment.name] = namespace
    return _REFERENCES[assignment.name]


def run_hidden_tests(assignment_name, test_id, namespace):
    """Raise AssertionError naming the first failing case of `test_id`; return quietly when all pass."""
    assignment = load_assignment(_course_root(), assignment_name)
    test = next(t for t in assignment.tests if t.id == test_id)
    reference = _reference_namespace(assignment)[test.function]
    student = namespace[test.function]
    hidden_total = sum(1 for c in test.cases if not c.visible)
    hidden_index = 0
    results = []
    for case in test.cases:
        hidden_index += not case.visible
        with _patched(case.patch, namespace, _reference_namespace(assignment)):
            problems, got = _judge(test, case, reference, student)
        if problems:
            raise AssertionError(f"{case.label(hidden_index, hidden_total)}: "
                                 + "; ".join(p.message for p in problems))
        results.append(got)
    across = test.judge_across(results)
    if across:
        raise AssertionError(across)


@contextlib.contextmanager
def _patched(patch, *namespaces):
    """Swap course fixtures into the namespaces for one case.

    The sandbox sends a fixture's module source to the student's process instead; here, under
    nbgrader autograde, the grader's package is importable in the kernel, so the module is imported.
    """
    saved = [dict(ns) for ns in namespaces]
    for name, target in patch:
        module_name, attr = target.split(":")
        for ns in namespaces:
            ns[name] = getattr(importlib.import_module(module_name), attr)
    try:
        yield
    finally:
        for ns, old in zip(namespaces, saved):
            for name, _ in patch:
                if name in old:
                    ns[name] = old[name]
                else:
                    ns.pop(name, None)


def _judge(test, case, reference, student):
    """(problems, decoded result) of the student's call against the reference on one case, both seeded alike."""
    if case.seed is not None:
        np.random.seed(case.seed)
    expected = wire.decode(wire.encode(reference(*copy.deepcopy(case.args))))
    if case.seed is not None:
        np.random.seed(case.seed)
    got = wire.decode(wire.encode(student(*copy.deepcopy(case.args))))
    return test.compare(got, expected, case.visible, case.args), got
