"""The check a student runs in a test cell: the published cases, a diagnosis when one is off.

Every published case is called as the grader calls it (same seed before the call, same
fixtures swapped in, a deep copy of the arguments), compared with its published expected
output by the test's judge, and either summarised (largest error next to the tolerance) or
reported as CheckFailed naming what is wrong: which key, which shape, how far off, the hint.
"""
import contextlib
import copy
import importlib
import inspect
import textwrap
import traceback
from dataclasses import replace
from pathlib import Path

import numpy as np

from autograder import wire

# nbgrader's Validate indents each line by 4 and cuts it at 87 characters; a notebook's output area fits about as
# much before the browser wraps a line, wherever it likes, even inside a number.
MESSAGE_WIDTH = 80


def short_lines(text):
    """The lines of `text`, each longer one wrapped at spaces to MESSAGE_WIDTH."""
    lines = []
    for line in text.splitlines() or [""]:
        if len(line) <= MESSAGE_WIDTH:
            lines.append(line)   # as is: array printouts align their columns with runs of spaces
            continue
        indent = line[:len(line) - len(line.lstrip())]
        # Never split inside a number such as 1.2e-07; a continued list item stays under its first line.
        lines += textwrap.wrap(line, MESSAGE_WIDTH, subsequent_indent=indent + "    ", break_long_words=False,
                               break_on_hyphens=False)
    return lines


class CheckFailed(AssertionError):
    """A visible check found a mistake; the message says which and how far off."""

    def _render_traceback_(self):
        # IPython shows these lines instead of a traceback, and so does the error output that nbgrader's Validate
        # prints: the traceback would only lead through this module and push the message below the fold.
        return short_lines(str(self))


@contextlib.contextmanager
def swapped(fn, patch):
    """Swap course fixtures ("module:attr") in for names the function looks up in its module's globals."""
    names = getattr(fn, "__globals__", None)
    if not patch or names is None:
        yield
        return
    saved = {name: names[name] for name, _ in patch if name in names}
    for name, target in patch:
        module, attr = target.split(":")
        names[name] = getattr(importlib.import_module(module), attr)
    try:
        yield
    finally:
        for name, _ in patch:
            if name in saved:
                names[name] = saved[name]
            else:
                names.pop(name, None)


def call(fn, name, case, test=None):
    """fn on a deep copy of the case's arguments, seeded and patched as the grader does.

    With a `test` that keeps its inputs, raises CheckFailed when the call changed an argument in place.
    """
    args = copy.deepcopy(case.args)
    before = wire.encode(list(args)) if test is not None and test.keeps_inputs else None
    with swapped(fn, case.patch):
        if case.seed is not None:
            np.random.seed(case.seed)
        try:
            result = fn(*args)
        except NotImplementedError:
            raise CheckFailed(f"{name} is not implemented yet: replace `raise NotImplementedError()` "
                              f"with your code.") from None
        except Exception as exc:   # the student's error, said in one place instead of a traceback through ours
            lines = [f"{name} raised {type(exc).__name__}{_where(exc)} on "
                     + (f"the published case {case.name}:" if case.name else "the published case:"),
                     f"  {str(exc)[:400]}"]
            if test is not None and test.hint:
                lines.append(f"  Hint: {test.hint}")
            raise CheckFailed("\n".join(lines)) from None
    if before is not None:
        changed = wire.changed_arguments(before, args)
        if changed:
            lines = [_header(test, case), f"  - {test.changed_message(changed, parameter_names(fn))}"]
            if test.hint:
                lines.append(f"  Hint: {test.hint}")
            raise CheckFailed("\n".join(lines))
    return result


def _where(exc):
    """ " at line N of your code" for the innermost frame of the student's (not a library's, not ours)."""
    ours = Path(__file__).resolve().parent
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        path = frame.filename
        if "site-packages" in path or path.startswith(str(ours)) or path.startswith("<frozen"):
            continue
        return f" at line {frame.lineno} of your code"
    return ""


def parameter_names(fn):
    """The positional parameter names of a student's function, or () when they cannot be read."""
    try:
        return tuple(p.name for p in inspect.signature(fn).parameters.values()
                     if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD))
    except (TypeError, ValueError):
        return ()


def _header(test, case):
    if case.name:
        return f"{test.function} does not match the published case {case.name}:"
    return f"{test.function}({', '.join(map(repr, case.args))}) does not match the expected output:"


def _shown_values(problems, expected, got):
    """Expected and returned arrays of the first key whose values are off, when both are small dicts of arrays."""
    key = next((p.key for p in problems if p.kind == "values"), None)
    if not key or not isinstance(expected, dict) or not isinstance(got, dict) or key not in expected:
        return []
    want, have = np.asarray(expected[key]), got.get(key)
    if want.size > 12 or not isinstance(have, np.ndarray):
        return []
    return [f"  expected {key} =\n{want}\n  got {key} =\n{have}"]


def run(test, fn):
    """Check `fn` on the test's published cases: print a summary, or raise CheckFailed at the first mistake."""
    worst, notes, tolerances, shapes_only, matched = 0.0, [], [], [], 0
    for case in test.published:
        judge = case.compare or test.compare
        got = call(fn, test.function, case, test)
        problems = judge(got, case.expect, True, case.args)
        note = ""
        if not problems and hasattr(judge, "notebook_problems"):
            problems, note = judge.notebook_problems(lambda seed: call(fn, test.function, replace(case, seed=seed)),
                                                     case, got)
        if problems:
            lines = [_header(test, case)] + [f"  - {p.message}" for p in problems]
            lines += _shown_values(problems, case.expect, got)
            if test.hint:
                lines.append(f"  Hint: {test.hint}")
            raise CheckFailed("\n".join(lines))
        if not (judge.rtol or judge.atol):   # a judge of structure only
            shapes_only.append(", ".join(map(repr, case.args)))
            continue
        matched += 1
        worst = max(worst, judge.error_size(got, case.expect))
        tolerance = f"{judge.rtol:.0e} relative, {judge.atol:.0e} absolute"
        if tolerance not in tolerances:
            tolerances.append(tolerance)
        if note and note not in notes:
            notes.append(note)
    text = f"{test.function}: " + ("the published case matches" if matched == 1 else f"{matched} published cases match")
    text += f"\n  largest relative error {worst:.1e}; tolerance {' or '.join(tolerances)}"
    text += "".join(f"\n  shapes for {args} are right too" for args in shapes_only)
    text += "".join(f"\n  {note}" for note in notes)
    print("\n".join(short_lines(text)))
