"""What the grader knows about an assignment, read from the instructor's source notebook alone.

An assignment is `source/<name>/<name>.ipynb`. Its nbgrader cells say everything:
- read-only cells (locked, neither graded nor a solution) are the setup every run starts with;
- solution cells are the answer cells, and the instructor's code in them is the reference;
- autograded test cells carry the points and declare the graded functions
  (autograder/declarations.py), which this module collects by running the setup and test
  cells in this trusted process with checking switched off. No student code runs here.
"""
import os
from dataclasses import dataclass, replace
from pathlib import Path

from autograder import notebook_io
from autograder.declarations import collecting

_NAME_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789_")


class AssignmentError(Exception):
    """The instructor's side of an assignment is inconsistent; nothing can be graded."""


@dataclass
class Assignment:
    name: str
    notebook: str              # file name, e.g. "initialization.ipynb"
    source_path: Path
    tests: tuple               # declarations.Test objects, in notebook order
    points: dict               # test id -> max points (from the source notebook)
    answer_cells: dict         # grade_id -> instructor's solution source
    setup: list                # trusted setup sources (release cells run before the answers)

    @property
    def max_points(self):
        return sum(self.points.values())

    def calls(self):
        """Every graded call, as plain data for the sandbox: ids "<function>#<n>"."""
        from autograder import wire
        calls, n = [], 0
        for test in self.tests:
            for case in test.cases:
                calls.append({"id": f"{test.function}#{n}", "function": test.function,
                              "args": wire.encode(list(case.args)), "seed": case.seed,
                              "patch": {k: v for k, v in case.patch}, "test": test.id,
                              "keeps_inputs": test.keeps_inputs})
                n += 1
        return calls


def is_assignment_name(name):
    return bool(name) and name[0].isalpha() and set(name) <= _NAME_CHARS


def notebook_name(name):
    return f"{name}.ipynb"


def discover(course_root):
    """Names of the assignments in source/: every source/<name>/<name>.ipynb, sorted."""
    source = Path(course_root) / "source"
    if not source.is_dir():
        return []
    return sorted(p.name for p in source.iterdir()
                  if is_assignment_name(p.name) and (p / notebook_name(p.name)).is_file())


def read_source(course_root, name):
    """The nbgrader cells of source/<name>/<name>.ipynb (notebook_io.SourceCells), without running anything."""
    if not is_assignment_name(name):
        raise AssignmentError(f"not an assignment name: {name!r} (lower-case letters, digits and _)")
    path = Path(course_root) / "source" / name / notebook_name(name)
    if not path.is_file():
        known = ", ".join(discover(course_root)) or "none"
        raise AssignmentError(f"source notebook {path} not found (assignments in source/: {known})")
    try:
        cells = notebook_io.read_source_cells(path)
    except notebook_io.UnreadableNotebook as exc:
        raise AssignmentError(f"source notebook {exc}") from None
    return cells


def _collect_tests(source):
    """Run the setup and test cells with checking off; one declaration per test cell."""
    from autograder.deferred_imports import defer, undefer
    from autograder.worker import strip_magics
    os.environ.setdefault("MPLBACKEND", "Agg")   # a cell that does use pyplot finds no display here
    placed = defer()   # declarations never draw: the setup's pyplot import stays a name until something uses it
    try:
        return _declarations(source, strip_magics)
    finally:
        undefer(placed)


def _declarations(source, strip_magics):
    namespace = {"__name__": "__declarations__"}
    tests = []
    with collecting() as declared:
        for label, code in [("setup", c) for c in source.setup] + list(source.test_cells.items()):
            before = len(declared)
            try:
                exec(compile(strip_magics(code), f"<{source.source_path.name}: {label}>", "exec"), namespace)
            except Exception as exc:
                raise AssignmentError(f"{source.source_path.name}: cell {label!r} raised {type(exc).__name__}: {exc}") \
                    from exc
            made = declared[before:]
            if label == "setup":
                if made:
                    raise AssignmentError(f"{source.source_path.name}: a read-only setup cell declares a graded function")
                continue
            if len(made) != 1:
                raise AssignmentError(f"{source.source_path.name}: test cell {label!r} declares {len(made)} graded "
                                      f"functions; declare exactly one with graded(...)")
            tests.append(made[0].test(label))
    return tuple(tests)


_CACHE = {}


def load_assignment(course_root, name):
    """The assignment source/<name>/<name>.ipynb declares, checked for consistency."""
    source = read_source(course_root, name)
    stat = source.source_path.stat()
    key = (str(source.source_path.resolve()), stat.st_mtime_ns, stat.st_size)
    if key not in _CACHE:
        tests = _collect_tests(source)
        for test in tests:
            if test.cell not in source.answer_cells:
                raise AssignmentError(f"{test.id}: answer cell {test.cell!r} not found in {source.source_path.name}")
            if not test.cases:
                raise AssignmentError(f"{test.id}: declares no graded case")
        _CACHE[key] = Assignment(name=name, notebook=source.source_path.name, source_path=source.source_path, tests=tests,
                                 points=source.points, answer_cells=source.answer_cells, setup=source.setup)
    cached = _CACHE[key]   # a copy each time: callers may adjust their own
    return replace(cached, points=dict(cached.points), answer_cells=dict(cached.answer_cells), setup=list(cached.setup))
