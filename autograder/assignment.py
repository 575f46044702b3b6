"""What the grader knows about an assignment, read from the instructor's source notebook."""
from dataclasses import dataclass
from pathlib import Path

from autograder import notebook_io
from autograder.suites import load_suite


class AssignmentError(Exception):
    """The instructor's side of an assignment is inconsistent; nothing can be graded."""


@dataclass
class Assignment:
    name: str
    notebook: str              # file name, e.g. "initialization.ipynb"
    source_path: Path
    tests: tuple               # suite Test objects, in notebook order
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
                              "patch": {k: v for k, v in case.patch}, "test": test.id})
                n += 1
        return calls


def load_assignment(course_root, name):
    """Read source/<name>/<notebook> and match its nbgrader cells with the hidden-test suite."""
    suite = load_suite(name)
    path = Path(course_root) / "source" / name / suite.NOTEBOOK
    if not path.is_file():
        raise AssignmentError(f"source notebook {path} not found")
    try:
        nb = notebook_io.read_trusted(path)
    except notebook_io.UnreadableNotebook as exc:
        raise AssignmentError(f"source notebook {exc}") from None
    points, answers, setup = {}, {}, {}
    for cell in nb.cells:
        meta, gid = cell.nbgrader, cell.grade_id
        if meta.get("grade") and not meta.get("solution"):
            points[gid] = float(meta.get("points", 0))
        if meta.get("solution") and cell.cell_type == "code":
            answers[gid] = cell.source
        if gid in suite.SETUP_CELLS:
            setup[gid] = cell.source
    suite_ids = [t.id for t in suite.TESTS]
    if sorted(suite_ids) != sorted(points):
        raise AssignmentError(f"test cells of {path.name} ({sorted(points)}) and hidden-test suite "
                              f"({sorted(suite_ids)}) disagree")
    for test in suite.TESTS:
        if test.cell not in answers:
            raise AssignmentError(f"{test.id}: answer cell {test.cell!r} not found in {path.name}")
    missing_setup = [g for g in suite.SETUP_CELLS if g not in setup]
    if missing_setup:
        raise AssignmentError(f"setup cell(s) {missing_setup} not found in {path.name}")
    return Assignment(name=name, notebook=suite.NOTEBOOK, source_path=path, tests=tuple(suite.TESTS),
                      points=points, answer_cells=answers, setup=[setup[g] for g in suite.SETUP_CELLS])
