"""The hidden cases, run inside the notebook's own kernel: for `nbgrader autograde` and for the source notebook.

This is the compatibility path (and the baseline of benchmarks/): the same cases,
references and judges as `python -m autograder grade`, but in the student's kernel,
where student code could interfere, exactly as with any nbgrader hidden test. Grades
that matter come from `python -m autograder grade`.
"""
import copy
from pathlib import Path

from autograder import notebook_io, wire
from autograder.visible_check import parameter_names, swapped
from autograder.worker import strip_magics
from utils.compare import Problem

_REFERENCES = {}


def _reference_namespace(source):
    """The instructor's setup and answer cells, run once per kernel."""
    key = str(source.source_path)
    if key not in _REFERENCES:
        namespace = {"__name__": "__reference__"}
        for code in source.setup + list(source.answer_cells.values()):
            exec(compile(strip_magics(code), "<reference>", "exec"), namespace)
        _REFERENCES[key] = namespace
    return _REFERENCES[key]


def _source_here():
    """The source notebook of the assignment this kernel works in (nbgrader runs it in .../<assignment>/)."""
    folder = Path.cwd()
    root = notebook_io.find_course_root(folder)
    if root is None:
        raise RuntimeError(f"no course root (nbgrader_config.py beside source/) at or above {folder}")
    return notebook_io.read_source_cells(root / "source" / folder.name / f"{folder.name}.ipynb")


def run_hidden_cases(test, namespace, source=None):
    """Raise AssertionError naming the first failing case of `test`; return quietly when all pass."""
    reference_ns = _reference_namespace(source or _source_here())
    reference, student = reference_ns[test.function], namespace[test.function]
    hidden_total = sum(1 for c in test.cases if not c.visible)
    hidden_index = 0
    results = []
    for case in test.cases:
        hidden_index += not case.visible
        problems, got = _judge(test, case, reference, student)
        if problems:
            raise AssertionError(f"{case.label(hidden_index, hidden_total)}: "
                                 + "; ".join(p.message for p in problems))
        results.append(got)
    across = test.judge_across(results)
    if across:
        raise AssertionError(across)


def _judge(test, case, reference, student):
    """(problems, decoded result) of the student's call against the reference on one case, both seeded alike."""
    import numpy as np
    results, changed = [], []
    for fn in (reference, student):
        args = copy.deepcopy(case.args)
        before = wire.encode(list(args)) if test.keeps_inputs and fn is student else None
        with swapped(fn, case.patch):
            if case.seed is not None:
                np.random.seed(case.seed)
            results.append(wire.decode(wire.encode(fn(*args))))
        if before is not None:
            changed = wire.changed_arguments(before, args)
    expected, got = results
    problems = test.compare(got, expected, case.visible, case.args)
    if changed:
        problems = [Problem("", "inputs", test.changed_message(changed, parameter_names(student)))] + problems
    return problems, got
