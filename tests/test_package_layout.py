"""The grader's modules import one way: no circles, no test data in the product, judges apart from the sandbox.

Read from the import statements themselves (those inside functions too), so a lazy import that
closes a circle is caught as well. The flow the imports must show:
source notebook (notebook_io) -> declarations (declarations, assignment) -> sandbox (isolation,
sandbox, worker, wire) -> judges (judges/, grading) -> report (batch) -> gradebook and autograded notebooks (gradebook,
autograded) -> nbgrader's own commands (nbgrader_bridge) -> command line (cli).
"""
import ast

import pytest

from conftest import REPO

PACKAGES = ("autograder", "utils", "examples")


def _module_name(path):
    parts = list(path.relative_to(REPO).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path):
    """Modules of this repository that `path` imports (by name, as written, resolved to a known module)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return {name for name in found if name.split(".")[0] in PACKAGES}


@pytest.fixture(scope="module")
def graph():
    modules = {_module_name(p): p for pkg in PACKAGES for p in (REPO / pkg).rglob("*.py")}
    edges = {}
    for name, path in modules.items():
        targets = {t for t in _imports(path) if t in modules and t != name}
        edges[name] = targets - {p for p in (name.rsplit(".", 1)[0],) if p in PACKAGES}   # a package's __init__
    return edges


def _cycle(edges):
    """One import circle as a list of modules, or None."""
    state = {}

    def visit(node, path):
        state[node] = "open"
        for nxt in sorted(edges.get(node, ())):
            if state.get(nxt) == "open":
                return path[path.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt, path + [nxt])
                if found:
                    return found
        state[node] = "done"
        return None

    for start in sorted(edges):
        if start not in state:
            found = visit(start, [start])
            if found:
                return found
    return None


def test_no_import_circles(graph):
    assert _cycle(graph) is None, " -> ".join(_cycle(graph))


def test_the_cycle_finder_finds_a_circle():
    assert _cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert _cycle({"a": {"b"}, "b": set()}) is None


def _reach(edges, start):
    seen, todo = set(), [start]
    while todo:
        for nxt in edges.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def test_the_product_never_imports_test_data(graph):
    offenders = {m: sorted(t for t in ts if t.startswith("examples")) for m, ts in graph.items()
                 if not m.startswith("examples")}
    assert not {m: t for m, t in offenders.items() if t}


def test_course_code_never_imports_the_grader(graph):
    assert not {m: sorted(ts) for m, ts in graph.items()
                if m.startswith("utils") and any(t.startswith("autograder") for t in ts)}


def test_the_sandboxed_worker_stands_alone(graph):
    """The worker runs inside the sandbox with only wire.py and deferred_imports.py beside it."""
    assert _reach(graph, "autograder.worker") <= {"autograder.wire", "autograder.deferred_imports"}
    assert _reach(graph, "autograder.wire") == _reach(graph, "autograder.deferred_imports") == set()


def test_judges_and_declarations_do_not_reach_the_pipeline(graph):
    pipeline = {"autograder.sandbox", "autograder.isolation", "autograder.grading", "autograder.batch",
                "autograder.nbgrader_bridge", "autograder.cli"}
    for module in ("autograder.declarations", "autograder.judges.values", "autograder.judges.dropout",
                   "autograder.visible_check", "autograder.inkernel"):
        assert not _reach(graph, module) & pipeline, module


def test_each_stage_only_looks_back(graph):
    """A stage imports earlier stages only: the sandbox knows nothing of grades, the judge nothing of reports."""
    later = {
        "autograder.notebook_io": {"autograder.declarations", "autograder.sandbox", "autograder.grading",
                                   "autograder.batch", "autograder.nbgrader_bridge", "autograder.cli"},
        "autograder.sandbox": {"autograder.declarations", "autograder.assignment", "autograder.grading",
                               "autograder.batch", "autograder.nbgrader_bridge", "autograder.cli"},
        "autograder.grading": {"autograder.batch", "autograder.nbgrader_bridge", "autograder.cli"},
        "autograder.batch": {"autograder.cli"},
        "autograder.gradebook": {"autograder.batch", "autograder.nbgrader_bridge", "autograder.cli"},
        "autograder.autograded": {"autograder.batch", "autograder.nbgrader_bridge", "autograder.cli"},
        "autograder.feedback_markdown": {"autograder.autograded", "autograder.batch", "autograder.cli"},
        "autograder.nbgrader_bridge": {"autograder.batch", "autograder.cli"},
    }
    for module, forbidden in later.items():
        assert not _reach(graph, module) & forbidden, (module, sorted(_reach(graph, module) & forbidden))
