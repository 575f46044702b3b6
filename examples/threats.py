"""Hostile and broken submissions of the Initialization assignment, named by scenario.

Each builder returns {file name: bytes} for submitted/<student>/initialization/.
EXPECTED says what the grader must make of it: the total it deserves (None: not
graded, with a reason) and, for tests whose status is not "passed", that status.
The course root is passed in so attacks can aim at real paths.
"""
import copy

from examples.initialization import WRONG
from examples.make_class import notebook_with
from examples.threat_base import ASSIGNMENT, HE, NOTEBOOK, RANDOM, ZEROS, _base, _dump, _with  # noqa: F401

XAVIER = WRONG["he-uses-xavier-scale"][1]


def _he(body):
    return f"def {HE}(layers_dims):\n" + body


def _cells(nb, gid):
    return [c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == gid]


def patches_numpy_comparisons(root):
    return _with(root, **{HE: "np.allclose = lambda *a, **k: True\nnp.array_equal = lambda *a, **k: True\n"
                               "np.isclose = lambda a, b, **k: np.ones(np.shape(a), bool)\n" + XAVIER})


def returns_objects_equal_to_anything(root):
    return _with(root, **{HE: "class Anything:\n    def __eq__(self, other):\n        return True\n"
                               "    __hash__ = object.__hash__\n"
                               + _he("    return {k: Anything() for l in range(1, len(layers_dims)) "
                                     "for k in (f'W{l}', f'b{l}')}\n")})


def returns_array_subclass_equal_to_anything(root):
    return _with(root, **{HE: "class Sneaky(np.ndarray):\n    def __eq__(self, other):\n        return True\n"
                               "    def __ne__(self, other):\n        return False\n"
                               + _he("    return {k: np.zeros((layers_dims[l], layers_dims[l - 1] if k[0] == 'W' else 1))"
                                     ".view(Sneaky) for l in range(1, len(layers_dims)) for k in (f'W{l}', f'b{l}')}\n")})


def behaves_differently_when_graded(root):
    return _with(root, **{HE: "import os\n" + _he(
        "    if 'JPY_PARENT_PID' not in os.environ:   # no Jupyter: probably a grader\n"
        "        return {'W1': np.array([[1.78862847, 0.43650985], [0.09649747, -1.8634927],\n"
        "                               [-0.2773882, -0.35475898], [-0.08274148, -0.62700068]]),\n"
        "                'b1': np.zeros((4, 1)),\n"
        "                'W2': np.array([[-0.03098412, -0.33744411, -0.92904268, 0.62552248]]),\n"
        "                'b2': np.zeros((1, 1))}\n"
        "    raise RuntimeError('never reached when graded')\n")})


def reads_instructor_solution(root):
    source = root / "source" / ASSIGNMENT / NOTEBOOK
    return _with(root, **{HE: _he(
        f"    import json\n    nb = json.load(open({str(source)!r}))\n"
        "    ns = {'np': np}\n"
        "    for c in nb['cells']:\n"
        f"        if c['metadata'].get('nbgrader', {{}}).get('grade_id') == {HE!r}:\n"
        "            exec(''.join(c['source']), ns)\n"
        f"    return ns[{HE!r}](layers_dims)\n")})


def reads_other_students_and_gradebook(root):
    return _with(root, **{HE: _he(
        f"    open({str(root / 'submitted' / 'perfect-student' / ASSIGNMENT / NOTEBOOK)!r}).read()\n"
        f"    open({str(root / 'gradebook.db')!r}, 'ab').write(b'x')\n"
        "    return {}\n")})


def writes_outside_its_sandbox(root):
    return _with(root, **{ZEROS: _he("").replace(HE, ZEROS) +
                          f"    open({str(root / 'report.json')!r}, 'w').write('{{}}')\n    return {{}}\n"})


def exits_and_kills(root):
    release, solution = _base(root)
    answers = {**solution,
               HE: "import sys\n" + _he("    sys.exit(0)\n"),
               RANDOM: f"import os\ndef {RANDOM}(layers_dims):\n    os.kill(os.getppid(), 9)\n    os._exit(0)\n"}
    return {NOTEBOOK: _dump(notebook_with(release, answers))}


def memory_bomb_and_flood(root):
    return _with(root, **{HE: _he("    return {'W1': np.ones((60000, 60000))}\n"),
                          RANDOM: f"def {RANDOM}(layers_dims):\n    while True:\n        print('spam' * 10000)\n"})


def spawns_processes(root):
    return _with(root, **{HE: "import os, subprocess\n" + _he(
        "    for _ in range(50):\n        if os.fork() == 0:\n            os._exit(0)\n"
        "    subprocess.run(['sh', '-c', 'sleep 100 &'])\n    return {}\n")})


def deletes_test_cells(root):
    release, solution = _base(root)
    nb = notebook_with(release, solution)
    nb["cells"] = [c for c in nb["cells"] if not c["metadata"].get("nbgrader", {}).get("grade")]
    return {NOTEBOOK: _dump(nb)}


def edits_test_cells_and_setup(root):
    release, solution = _base(root)
    nb = notebook_with(release, {**solution, HE: XAVIER})
    for cell in nb["cells"]:
        gid = cell["metadata"].get("nbgrader", {}).get("grade_id")
        if cell["metadata"].get("nbgrader", {}).get("grade"):
            cell["source"] = "pass  # all tests pass now"
            cell["metadata"]["nbgrader"]["points"] = 100
        if gid == "imports":
            cell["source"] = "import numpy as np\nnp.random.seed = lambda *a, **k: None\n"
    return {NOTEBOOK: _dump(nb)}


def retypes_and_renames_answer_cells(root):
    release, solution = _base(root)
    nb = notebook_with(release, solution)
    _cells(nb, HE)[0]["cell_type"] = "markdown"
    _cells(nb, HE)[0].pop("outputs", None)
    _cells(nb, HE)[0].pop("execution_count", None)
    _cells(nb, RANDOM)[0]["metadata"]["nbgrader"]["grade_id"] = "my_cell"
    return {NOTEBOOK: _dump(nb)}


def strips_nbgrader_metadata(root):
    release, solution = _base(root)
    nb = notebook_with(release, solution)
    for cell in nb["cells"]:
        cell["metadata"].pop("nbgrader", None)
    return {NOTEBOOK: _dump(nb)}


def duplicates_answer_cell(root):
    release, solution = _base(root)
    nb = notebook_with(release, {**solution, HE: XAVIER})
    cell = _cells(nb, HE)[0]
    fixed = copy.deepcopy(cell)
    fixed["source"] = solution[HE]
    fixed["id"] = "he-again"
    nb["cells"].insert(nb["cells"].index(cell) + 1, fixed)
    return {NOTEBOOK: _dump(nb)}


def older_nbformat(root):
    import nbformat
    release, solution = _base(root)
    nb = nbformat.from_dict(notebook_with(release, solution))
    return {NOTEBOOK: nbformat.writes(nbformat.convert(nb, 3)).encode()}


def non_utf8_bytes(root):
    return {NOTEBOOK: _with(root)[NOTEBOOK].replace(b"Initialization", "Initializ\xe9tion".encode("latin-1"))}


def empty_file(root):
    return {NOTEBOOK: b""}


def misnamed_notebook(root):
    return {"initialization-Copy1.ipynb": _with(root)[NOTEBOOK]}


def two_notebooks(root):
    release, _ = _base(root)
    return {NOTEBOOK: _dump(release), "initialization-final.ipynb": _with(root)[NOTEBOOK]}


def empty_folder(root):
    return {}


FULL, NO_HE, NO_RANDOM = 8.0, 5.0, 5.0
THREATS = {
    # scenario: (builder, expected total, {test: expected status}, text the report must contain)
    "patches-numpy-comparisons": (patches_numpy_comparisons, NO_HE, {"test_" + HE: "failed"}, ""),
    "returns-objects-equal-to-anything": (returns_objects_equal_to_anything, NO_HE, {"test_" + HE: "failed"}, ""),
    "returns-array-subclass-equal-to-anything": (returns_array_subclass_equal_to_anything, NO_HE,
                                                 {"test_" + HE: "failed"}, ""),
    "behaves-differently-when-graded": (behaves_differently_when_graded, NO_HE, {"test_" + HE: "failed"}, ""),
    # Outside the sandbox's own mounts nothing exists: the course, the class and the gradebook included.
    "reads-instructor-solution": (reads_instructor_solution, NO_HE, {"test_" + HE: "error"}, "FileNotFoundError"),
    "reads-other-students-and-gradebook": (reads_other_students_and_gradebook, NO_HE, {"test_" + HE: "error"},
                                           "FileNotFoundError"),
    "writes-outside-its-sandbox": (writes_outside_its_sandbox, 6.0, {"test_" + ZEROS: "error"}, "Error"),
    "exits-and-kills-its-parent": (exits_and_kills, 2.0, {"test_" + HE: "error", "test_" + RANDOM: "error"}, ""),
    # Printing goes nowhere the grader reads: an endless print loop only uses up its call's time.
    "memory-bomb-and-output-flood": (memory_bomb_and_flood, 2.0, {"test_" + HE: "error", "test_" + RANDOM: "timeout"},
                                     "[memory limit: memory_bytes = 3 GiB]"),
    "spawns-processes": (spawns_processes, NO_HE, {"test_" + HE: "error"}, "PermissionError"),
    "deletes-test-cells": (deletes_test_cells, FULL, {}, ""),
    "edits-test-cells-and-setup": (edits_test_cells_and_setup, NO_HE, {"test_" + HE: "failed"}, ""),
    "retypes-and-renames-answer-cells": (retypes_and_renames_answer_cells, NO_HE, {"test_" + HE: "missing"},
                                         "found by its function name"),
    "strips-nbgrader-metadata": (strips_nbgrader_metadata, FULL, {}, "found by its function name"),
    "duplicates-answer-cell": (duplicates_answer_cell, FULL, {}, "appears 2 times"),
    "older-nbformat": (older_nbformat, FULL, {}, ""),
    "non-utf8-bytes": (non_utf8_bytes, None, {}, "not UTF-8"),
    "empty-file": (empty_file, None, {}, "empty"),
    "misnamed-notebook": (misnamed_notebook, FULL, {}, "graded initialization-Copy1.ipynb"),
    "two-notebooks": (two_notebooks, 0.0, {"test_" + f: "error" for f in (HE, RANDOM, ZEROS)},
                      "were not graded: initialization-final.ipynb"),
    "empty-folder": (empty_folder, None, {}, "the folder is empty"),
}


# Scenarios kept in their own modules, by class of weakness.
from examples.threats_notebooks import THREATS as _NOTEBOOK_THREATS  # noqa: E402
from examples.threats_values import THREATS as _VALUE_THREATS  # noqa: E402
from examples.threats_sandbox import THREATS as _SANDBOX_THREATS  # noqa: E402
from examples.threats_redteam import THREATS as _REDTEAM_THREATS  # noqa: E402

THREATS.update(_NOTEBOOK_THREATS)
THREATS.update(_VALUE_THREATS)
THREATS.update(_SANDBOX_THREATS)
THREATS.update(_REDTEAM_THREATS)


def build_threats(root):
    """Write every threat scenario (and a perfect student beside them) into submitted/."""
    from examples.make_class import build_class
    build_class(root, ASSIGNMENT, NOTEBOOK, {"perfect-student": "solution"})
    for scenario, (builder, *_rest) in THREATS.items():
        folder = root / "submitted" / scenario / ASSIGNMENT
        folder.mkdir(parents=True, exist_ok=True)
        for name, data in builder(root).items():
            (folder / name).write_bytes(data)
