"""Grade submissions: run the student's code in the sandbox, judge the data it returns here.

The judging half runs only in this (trusted) process: reference outputs are
computed from the instructor's solution, also in a sandboxed process, and never
sent to a student's process.
"""
import ast
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from autograder import notebook_io, sandbox, wire
from utils.compare import Problem

REFERENCE_SLACK = 5   # the instructor's solution gets this many times the students' deadlines


class ReferenceFailure(Exception):
    """The instructor's solution did not produce every reference output."""


class NotGraded(Exception):
    """A submission's run could not take place (the message says why): no grade, not a zero."""


def _run(assignment, cells, limits, runner=None):
    """Sandbox outcomes of every graded call; the worker gets only id, function, args and seed."""
    calls = [{k: c[k] for k in ("id", "function", "args", "seed", "patch", "keeps_inputs")} for c in assignment.calls()]
    return (runner or sandbox.run)(assignment.setup, cells, calls, limits)


def compute_references(assignment, limits):
    """Reference values for every graded call: {call id: decoded value}."""
    cells = [{"grade_id": gid, "source": src} for gid, src in assignment.answer_cells.items()]
    # The instructor's code is trusted and fast; its deadlines are generous so that a student's process
    # slowing the machine down (running beside it) cannot make it fail and stop the whole batch.
    generous = replace(limits, call_seconds=limits.call_seconds * REFERENCE_SLACK,
                       cell_seconds=limits.cell_seconds * REFERENCE_SLACK,
                       submission_seconds=limits.submission_seconds * REFERENCE_SLACK)
    run = _run(assignment, cells, generous)
    refs = {}
    for call in assignment.calls():
        outcome = run.calls[call["id"]]
        if outcome.status != "ok":
            raise ReferenceFailure(f"the instructor's solution failed on {call['id']} "
                                  f"({outcome.status}: {outcome.message})")
        refs[call["id"]] = wire.decode(outcome.value)
    return refs


@dataclass
class SubmissionNotebook:
    cells: list | None        # [{"grade_id", "source"}] answer cells found, or None when unreadable
    reason: str = ""          # why it could not be read
    notes: list = field(default_factory=list)   # worth telling the student; grading went on


def read_submission(path, assignment, max_bytes=None):
    """Read a submitted notebook without modifying it; never raises on bad content.

    Answer cells are found by their nbgrader grade_id. When one is missing (metadata edited or
    removed), a code cell defining the graded function by name stands in for it, with a note.
    Duplicated answer cells all run, in notebook order, as they would in Jupyter.
    """
    try:
        nb = notebook_io.read_submission(path, max_bytes)
    except notebook_io.UnreadableNotebook as exc:
        return SubmissionNotebook(None, str(exc))
    code_cells = [c for c in nb.cells if c.cell_type == "code"]
    found, notes = {}, list(nb.notes)
    for cell in code_cells:
        if cell.grade_id in assignment.answer_cells and cell.nbgrader.get("solution"):
            found.setdefault(cell.grade_id, []).append(cell.source)
    functions = {t.cell: t.function for t in assignment.tests}
    for gid in assignment.answer_cells:
        if gid in found or gid not in functions:
            continue
        pattern = re.compile(rf"^def {re.escape(functions[gid])}\s*\(", re.MULTILINE)
        matches = [c.source for c in code_cells if pattern.search(c.source)]
        if matches:
            found[gid] = matches[-1:]
            notes.append(f"answer cell {gid!r} was found by its function name: its nbgrader metadata was "
                         f"changed or removed")
    cells = []
    for gid, sources in found.items():
        if len(sources) > 1:
            notes.append(f"answer cell {gid!r} appears {len(sources)} times; all copies ran in order, "
                         f"so the last definition counts, as in Jupyter")
        for index, source in enumerate(sources):
            cells.append({"grade_id": gid if index == 0 else f"{gid}#copy{index}", "source": source})
    return SubmissionNotebook(cells, notes=notes)


def _explain_limit(message, limits):
    """Say which limit an error hit, in the terms of nbgrader_config.py."""
    if limits is None:
        return message
    if "MemoryError" in message:
        return f"{message} [memory limit: memory_bytes = {limits.memory_bytes / 1024 ** 3:g} GiB]"
    if "File too large" in message or "output size limit" in message:
        return f"{message} [output limit: output_bytes = {limits.output_bytes / 1024 ** 2:g} MiB]"
    if "CPU time limit" in message:
        return f"{message} [submission_seconds = {limits.submission_seconds:g}]"
    return message


def judge(assignment, submission, run, refs, limits=None):
    """Turn sandbox outcomes into the report's tests dict."""
    calls = assignment.calls()
    present = {c["grade_id"].split("#copy")[0] for c in submission.cells}
    tests = {}
    for test in assignment.tests:
        max_points = assignment.points[test.id]
        mine = [c for c in calls if c["test"] == test.id]
        status, message = _judge_test(test, mine, present, run, refs, assignment.answer_cells.get(test.cell))
        if status == "error":
            message = _explain_limit(message, limits)
        tests[test.id] = {"points": max_points if status == "passed" else 0.0, "max_points": max_points,
                          "status": status, "message": message}
    return tests


def _judge_test(test, calls, present, run, refs, answer_source=None):
    if test.cell not in present:
        return "missing", (f"the answer cell {test.cell!r} is not in the notebook (deleted, or its "
                           f"metadata changed); restore it from the release")
    cell = run.cells.get(test.cell)
    cell_note = ""
    if cell is not None and cell.status != "ok":
        cell_note = f"the answer cell {test.cell!r} failed when run ({cell.message}); "
    hidden_total = sum(1 for c in test.cases if not c.visible)
    parameters = _parameters(test.function, answer_source) if test.keeps_inputs else ()
    failures = []
    results = []
    hidden_index = 0
    for case, call in zip(test.cases, calls):
        if not case.visible:
            hidden_index += 1
        label = case.label(hidden_index, hidden_total)
        outcome = run.calls[call["id"]]
        if outcome.status == "missing":
            return "missing", cell_note + f"{test.function} is not defined"
        if outcome.status == "not_implemented":
            return "error", cell_note + f"{test.function} is not implemented yet (it raises NotImplementedError)"
        if outcome.status == "timeout":
            return "timeout", f"{label}: {test.function} {outcome.message}"
        if outcome.status in ("error", "crashed"):
            return "error", cell_note + f"{label}: {outcome.message}"
        got, why = _guarded(wire.decode, outcome.value)
        if not why:
            problems, why = _guarded(test.compare, got, refs[call["id"]], case.visible, case.args)
        if why:
            return "failed", f"{label}: the returned value could not be judged ({why}); it earns no points"
        if test.keeps_inputs and outcome.modified:
            problems = [Problem("", "inputs", test.changed_message(outcome.modified, parameters))] + problems
        if problems:
            failures.append((label, problems))
        results.append(got)
    across, why = ("", "") if failures else _guarded(test.judge_across, results)
    if why:
        return "failed", f"its results could not be judged together ({why}); they earn no points"
    if across:
        return "failed", across
    if not failures:
        return "passed", f"all {len(test.cases)} cases match"
    label, problems = failures[0]
    details = "; ".join(p.message for p in problems[:4])
    more = f" (and {len(problems) - 4} more problem(s))" if len(problems) > 4 else ""
    message = f"{len(failures)} of {len(test.cases)} cases wrong. First, {label}: {details}{more}"
    if test.hint:
        message += f". Hint: {test.hint}"
    return "failed", message


def _parameters(function, source):
    """Positional parameter names of `function` as the instructor's answer cell defines it (for messages)."""
    try:
        for node in ast.walk(ast.parse(source or "")):
            if isinstance(node, ast.FunctionDef) and node.name == function:
                return tuple(a.arg for a in node.args.posonlyargs + node.args.args)
    except SyntaxError:
        pass
    return ()


def _guarded(judging, *args):
    """(judging(*args), "") or (None, why it failed); never raises.

    Decoding and comparing work on what the student's process sent, which may break them in any
    way (a cap of wire.decode, numpy refusing a shape, the grader's own memory): that must cost
    the test it belongs to, not the submission.
    """
    try:
        return judging(*args), ""
    except wire.WireError as exc:
        return None, f"it is not plain data within the grader's limits: {exc}"
    except MemoryError:
        return None, "it is too large for the grader to compare"
    except Exception as exc:   # only the type: a message from numpy could show expected shapes of hidden cases
        return None, f"comparing it with the expected value raised {type(exc).__name__}"


def failed_entry(assignment, reason):
    return {"total": None, "max": assignment.max_points, "status": "failed", "reason": reason, "tests": {}}


def grade_notebook_file(assignment, path, refs, limits, notes=(), runner=None):
    """Grade one notebook file; returns the student's report entry.

    `refs` is the dict of reference values, or a callable returning it (so references can be
    computed while the first submissions run). `runner`, with sandbox.run's arguments and result,
    runs the sandbox elsewhere (`grade --dask`); it raises NotGraded when it cannot.
    """
    submission = read_submission(path, assignment, limits.notebook_bytes)
    if submission.cells is None:
        return failed_entry(assignment, submission.reason)
    try:
        run = _run(assignment, submission.cells, limits, runner)
    except NotGraded as exc:
        return failed_entry(assignment, str(exc))
    tests = judge(assignment, submission, run, refs() if callable(refs) else refs, limits)
    entry = {"total": sum(t["points"] for t in tests.values()), "max": assignment.max_points,
             "status": "graded", "tests": tests}
    if list(notes) + submission.notes:
        entry["notes"] = list(notes) + submission.notes
    return entry


def find_notebook(submission_dir, assignment):
    """(path, reason, notes): the notebook to grade in submitted/<student>/<assignment>/.

    The expected file name wins. Without it, a single other notebook is graded (students rename
    files by accident), with a note; several other notebooks are ambiguous and not graded.
    """
    folder = Path(submission_dir)
    if not folder.is_dir():
        return None, f"no submission folder for {assignment.name}", []
    notebooks = sorted(p for p in folder.iterdir() if p.suffix == ".ipynb" and p.is_file())
    expected = folder / assignment.notebook
    if expected.is_file():
        others = [p.name for p in notebooks if p != expected]
        notes = [f"other notebooks in the submission were not graded: {', '.join(others)}"] if others else []
        return expected, "", notes
    if len(notebooks) == 1:
        return notebooks[0], "", [f"graded {notebooks[0].name}: no {assignment.notebook} was submitted"]
    listing = ", ".join(p.name for p in sorted(folder.iterdir())) or "the folder is empty"
    if notebooks:
        return None, f"{assignment.notebook} not found and several other notebooks submitted ({listing})", []
    return None, f"{assignment.notebook} not found in the submission ({listing})", []
