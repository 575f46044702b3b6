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


def mutate(solution, replacements, label):
    """The instructor's answer with each (old, new) replacement applied exactly once."""
    for old, new in replacements:
        if solution.count(old) != 1:
            raise ValueError(f"scenario {label}: {old!r} must occur exactly once in the solution "
                             f"(found {solution.count(old)}); update the catalog after editing the solution")
        solution = solution.replace(old, new)
    return solution


def answer_code(entry, solution, label):
    """Code of a catalog entry (function, code string or list of (old, new) replacements)."""
    function, change = entry
    return change if isinstance(change, str) else mutate(solution[function], change, label)


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
        for label, entry in catalog.VALID.items():
            answers[entry[0]] = answer_code(entry, solution, label)   # the last alternative of each function wins
    elif scenario.startswith("only-"):
        wanted = scenario[len("only-"):]
        answers = {k: v for k, v in solution.items() if k.endswith("_" + wanted)}
    elif scenario == "not-json":
        text = json.dumps(notebook_with(release, solution), indent=1)
        return text[: len(text) // 2].encode("utf-8")
    elif scenario == "never-returns":
        answers = {**solution, catalog.NEVER_RETURNS[0]: answer_code(catalog.NEVER_RETURNS, solution, scenario)}
    elif scenario in catalog.WRONG or scenario in catalog.VALID:
        entry = {**catalog.WRONG, **catalog.VALID}[scenario]
        answers = {**solution, entry[0]: answer_code(entry, solution, scenario)}
    else:
        raise KeyError(f"unknown scenario {scenario!r}")
    return (json.dumps(notebook_with(release, answers), indent=1, ensure_ascii=False) + "\n").encode("utf-8")


def build_class(course_root, assignment, notebook, roster):
    """Write submitted/<student>/<assignment>/<notebook> for each student -> scenario of `roster`."""
    for student, scenario in roster.items():
        target = Path(course_root) / "submitted" / student / assignment / notebook
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(scenario_notebook(course_root, assignment, notebook, scenario))
