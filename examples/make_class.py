"""Build submissions for a scenario from the release and the instructor's solution.

A submission is the release notebook with some answer cells filled in: with the
instructor's solution (markers removed), with a catalog entry, or left blank.
"""
import copy
import importlib
import json
from pathlib import Path

SOLUTION_MARKERS = ("### BEGIN SOLUTION", "### END SOLUTION")


def _source(cell):
    src = cell["source"]
    return "".join(src) if isinstance(src, list) else src


def solution_sources(source_nb_path):
    """grade_id -> the instructor's answer cell without the solution markers."""
    nb = json.loads(Path(source_nb_path).read_text(encoding="utf-8"))
    out = {}
    for cell in nb["cells"]:
        meta = cell["metadata"].get("nbgrader", {})
        if meta.get("solution"):
            lines = [ln for ln in _source(cell).splitlines() if ln.strip() not in SOLUTION_MARKERS]
            out[meta["grade_id"]] = "\n".join(lines) + "\n"
    return out


def notebook_with(release_nb, answers):
    """A copy of the release notebook (dict) with the given answer cells replaced."""
    nb = copy.deepcopy(release_nb)
    for cell in nb["cells"]:
        gid = cell["metadata"].get("nbgrader", {}).get("grade_id")
        if gid in answers:
            cell["source"] = answers[gid]
    return nb


def scenario_notebook(course_root, assignment, notebook, scenario):
    """Notebook bytes for a scenario name: "solution", "blank", "all-valid", "only-<fn>",
    "not-json", "never-returns", or a WRONG / VALID catalog key."""
    catalog = importlib.import_module(f"examples.{assignment}")
    root = Path(course_root)
    release = json.loads((root / "release" / assignment / notebook).read_text(encoding="utf-8"))
    solution = solution_sources(root / "source" / assignment / notebook)
    if scenario == "blank":
        answers = {}
    elif scenario == "solution":
        answers = solution
    elif scenario == "all-valid":
        answers = dict(solution)
        for fn, code in catalog.VALID.values():
            answers[fn] = code          # the last alternative of each function wins
    elif scenario.startswith("only-"):
        wanted = scenario[len("only-"):]
        answers = {k: v for k, v in solution.items() if k.endswith("_" + wanted)}
    elif scenario == "not-json":
        text = json.dumps(notebook_with(release, solution), indent=1)
        return text[: len(text) // 2].encode("utf-8")
    elif scenario == "never-returns":
        fn, code = catalog.NEVER_RETURNS
        answers = {**solution, fn: code}
    elif scenario in catalog.WRONG or scenario in catalog.VALID:
        fn, code = {**catalog.WRONG, **catalog.VALID}[scenario]
        answers = {**solution, fn: code}
    else:
        raise KeyError(f"unknown scenario {scenario!r}")
    return (json.dumps(notebook_with(release, answers), indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def build_class(course_root, assignment, notebook, roster):
    """Write submitted/<student>/<assignment>/<notebook> for each student -> scenario of `roster`."""
    for student, scenario in roster.items():
        target = Path(course_root) / "submitted" / student / assignment / notebook
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(scenario_notebook(course_root, assignment, notebook, scenario))
