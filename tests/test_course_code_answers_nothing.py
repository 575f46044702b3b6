"""No graded function's answer is one call of the course code that students can import (utils/).

For every graded test of every assignment, every callable that a utils module reachable from the
release's setup cell defines or re-exports (the modules mounted in that assignment's sandbox) is called on the inputs of each of the test's cases (the published ones and the
hidden ones), on every prefix of those inputs (a helper that ignores the last argument, such
as lambd, counts too) and on the inputs followed by np.random (a helper that wants a generator,
as the dropout cache builder did), after the same np.random.seed the grader sets. Its result
goes through the same wire round trip and the same comparison as a student's result, against the
instructor's solution. A helper that passes every case of a test would earn that test's points
in one line; so would one that passes the published case, unless the published answer is one of
the inputs itself (relu(x) "answers" dJ/dtheta = x for the published x > 0, and so does `return x`).
The test fails and names each such helper.

What this can prove: no single call of a shipped helper, with the graded function's own inputs
(or a prefix of them) in their order, returns that function's answer. What it cannot prove:
that no *composition* of helpers, or a helper called on inputs the student rearranges (a cache
unpacked into a parameter dict, a label vector reshaped), computes an answer. Those limits are
why the backward pass used for training takes parameters instead of a cache and lives outside
the Gradient Checking release's imports (see test_release_imports_leave_out_the_training_network),
why the 1-D fixtures and the dropout cache builder moved to autograder/judges/, and why the
sandbox mounts only the modules a release's setup cell imports. It also sees only module-level
names: code inside a function body is not reachable without calling that function.
"""
import ast
import contextlib
import copy
import importlib
import io
import os
import pkgutil
import signal
import warnings

import numpy as np
import pytest

import utils
from autograder import inkernel, wire
from autograder.visible_check import swapped
from autograder.assignment import load_assignment
from conftest import REPO, assignments

SECONDS_PER_CALL = 5


def _course_modules():
    return [importlib.import_module(f"utils.{m.name}") for m in pkgutil.iter_modules(utils.__path__)]


def _course_callables():
    """{qualified name: callable} of everything a utils module defines or re-exports from utils."""
    found, seen = {}, set()
    for module in _course_modules():
        for attr, value in vars(module).items():
            home = getattr(value, "__module__", "") or ""
            if callable(value) and home.startswith("utils") and id(value) not in seen:
                seen.add(id(value))
                found[f"{module.__name__}.{attr}"] = value
    return found


class _TooSlow(Exception):
    pass


@contextlib.contextmanager
def _deadline(seconds):
    def expire(*_):
        raise _TooSlow()
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _plain(value):
    """The value as the grader would receive it, or None when it could not cross the pipe."""
    try:
        return wire.decode(wire.encode(value))
    except Exception:
        return None


def _try(helper, args, seed):
    if seed is not None:
        np.random.seed(seed)
    try:
        with _deadline(SECONDS_PER_CALL), contextlib.redirect_stdout(io.StringIO()), np.errstate(all="ignore"), \
                warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return True, _plain(helper(*copy.deepcopy(args)))
    except Exception:   # most helpers reject a graded function's inputs: that is the expected outcome
        return False, None
    finally:
        import matplotlib.pyplot as plt
        plt.close("all")


def _answers(test, case, expected, got):
    try:
        return not test.compare(got, expected, case.visible, case.args)
    except Exception:
        return False


@pytest.fixture(scope="module")
def helpers():
    import matplotlib
    matplotlib.use("Agg")
    return _course_callables()


def test_the_audit_sees_the_helpers_it_is_about(helpers):
    """The enumeration reaches private helpers and re-exports, so a removed answer would be noticed here."""
    names = set(helpers)
    assert {"utils.relu_mlp.gradients", "utils.dropout_checks.forward_problems", "utils.activations.relu",
            "utils.gradcheck_network.backward_propagation_n", "utils.dropout_checks.masks_match"} <= names
    assert len(names) > 50


def _mounted(assignment, helpers):
    """The helpers of the utils modules the release's setup reaches: all its sandbox mounts."""
    reachable = _import_closure("\n".join(inkernel.strip_magics(s) for s in assignment.setup))
    return {name: h for name, h in helpers.items() if name.rsplit(".", 1)[0] in reachable}


def test_the_audit_of_an_assignment_sees_what_its_sandbox_mounts(helpers):
    mounted = _mounted(load_assignment(REPO, "regularization"), helpers)
    assert {"utils.relu_mlp.gradients", "utils.activations.relu", "utils.datasets.load_regularization_data"} <= set(mounted)
    assert not any(name.startswith("utils.gradcheck_network.") for name in mounted)


def _input_variants(args):
    """The case's inputs, each shorter prefix of them, and the inputs followed by numpy's generator."""
    return [args + (np.random,)] + [args[:count] for count in range(len(args), 0, -1)]


@pytest.mark.parametrize("assignment", assignments())
def test_no_course_helper_answers_a_graded_function(assignment, helpers, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)   # a helper that writes files writes them here
    graded = load_assignment(REPO, assignment)
    helpers = _mounted(graded, helpers)
    reference_ns = inkernel._reference_namespace(graded)
    answered = set()
    for test in graded.tests:
        reference = reference_ns[test.function]
        passes = {name: 0 for name in helpers}
        for case in test.cases:
            with swapped(reference, case.patch):
                if case.seed is not None:
                    np.random.seed(case.seed)
                expected = _plain(reference(*copy.deepcopy(case.args)))
            given = any(_answers(test, case, expected, _plain(a)) for a in case.args)
            for name, helper in helpers.items():
                for args in _input_variants(case.args):
                    ran, got = _try(helper, args, case.seed)
                    if ran and _answers(test, case, expected, got):
                        passes[name] += 1
                        if case.visible and not given:
                            answered.add(f"{name} answers the published case of {test.function}")
                        break
        answered.update(f"{name} answers every case of {test.function}"
                        for name, count in passes.items() if count == len(test.cases))
    assert not answered, ("course code that students can import answers graded functions:\n"
                          + "\n".join(sorted(answered)))


def _utils_imports(source):
    """utils modules a piece of code imports, directly (by a static reading of its import statements)."""
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] == "utils":
            found.add(node.module)
            found.update(f"utils.{a.name}" for a in node.names if node.module == "utils")
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == "utils")
    return {m for m in found if m != "utils"}


def _import_closure(source):
    """Every utils module reachable from `source` through import statements (also those inside functions)."""
    todo, seen = list(_utils_imports(source)), set()
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        path = REPO / (module.replace(".", os.sep) + ".py")
        todo += _utils_imports(path.read_text(encoding="utf-8"))
    return seen


@pytest.mark.parametrize("assignment", assignments())
def test_release_imports_leave_out_grader_code(assignment):
    """The setup cell reaches only utils modules, and none of them imports the grader's package."""
    setup = "\n".join(inkernel.strip_magics(s) for s in load_assignment(REPO, assignment).setup)
    for module in _import_closure(setup):
        text = (REPO / (module.replace(".", os.sep) + ".py")).read_text(encoding="utf-8")
        assert "autograder" not in {n.split(".")[0] for n in _imported_names(text)}, module


def _imported_names(source):
    names = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
        elif isinstance(node, ast.Import):
            names.update(a.name for a in node.names)
    return names


def test_release_imports_leave_out_the_training_network():
    """The Gradient Checking sandbox mounts its setup's imports only: no backward pass of the course network.

    utils.relu_mlp computes true gradients for training; composed with a rebuilt parameter dict it would
    give backward_propagation_n_fixed's answer, so that release must not reach it.
    """
    setup = "\n".join(inkernel.strip_magics(s) for s in load_assignment(REPO, "gradient_checking").setup)
    closure = _import_closure(setup)
    assert "utils.gradcheck_network" in closure and "utils.relu_mlp" not in closure, sorted(closure)


def test_fixtures_are_self_contained():
    """The sandbox sends a fixture module's source alone: it may import numpy (the worker has it loaded), nothing else."""
    targets = {target for a in assignments() for t in load_assignment(REPO, a).tests for c in t.cases
               for _, target in c.patch}
    modules = {target.split(":")[0] for target in targets}
    assert "autograder.judges.gradcheck_fixtures" in modules
    loaded = {}
    for module in modules:
        # utils.deep_layers is the home of the deep blocks: the application imports it, the step-by-step
        # assignment (where they are graded) never does (tests/test_deep_network_application.py checks that).
        assert module.startswith("autograder.judges.") or module == "utils.deep_layers", module
        source = (REPO / (module.replace(".", os.sep) + ".py")).read_text(encoding="utf-8")
        assert _imported_names(source) <= {"numpy"}, (module, _imported_names(source))
        loaded[module] = {}
        exec(compile(source, f"<fixture {module}>", "exec"), loaded[module])
    for target in targets:
        module, attr = target.split(":")
        assert callable(loaded[module][attr]), target


@pytest.mark.parametrize("assignment", assignments())
def test_no_fixture_answer_is_in_the_process_before_the_calls_of_the_function_it_answers(assignment):
    """Fixtures carry the course's answers: they enter the student's process last, one graded function at a
    time, in an order where a function's calls are over before any fixture answering it arrives (even as text
    left in memory). The sandbox's phases must include every call, and the order must exist."""
    from autograder import sandbox
    calls = load_assignment(REPO, assignment).calls()
    phases = sandbox.fixture_phases(calls)
    assert sorted(c["id"] for phase in phases for c in phase) == sorted(c["id"] for c in calls)
    assert not any(c.get("patch") for c in phases[0])
    arrived = set()
    for phase in phases:
        brought = set().union(*(sandbox.fixture_defines(t) for c in phase for t in c["patch"].values()))
        functions = {c["function"] for c in phase}
        assert not functions & (arrived | brought), (assignment, functions & (arrived | brought))
        arrived |= brought


def test_a_fixture_reaches_the_process_without_the_other_answers_of_its_module():
    import inspect
    from autograder import sandbox
    from utils import deep_layers
    sent = sandbox.fixture_source(inspect.getsource(deep_layers), "linear_activation_backward")
    namespace = {}
    exec(sent, namespace)
    assert {"linear_activation_backward", "linear_backward", "_sigmoid"} <= set(namespace)
    assert "linear_forward" not in namespace and "linear_activation_forward" not in namespace
    assert "def linear_activation_forward" not in sent


THIEF = '''import gc as _gc


def _borrow(name):
    """The course's answer, from a fixture's globals or from any fixture source text left in memory."""
    for obj in _gc.get_objects():
        if isinstance(obj, dict):
            found = obj.get(name)
            if getattr(getattr(found, "__code__", None), "co_filename", "").startswith("<fixture"):
                return found
            values = list(obj.values())
        elif isinstance(obj, (list, tuple)):
            values = obj
        else:
            continue
        for value in values:
            if isinstance(value, str) and f"def {name}(" in value and "_borrow" not in value:
                namespace = {}
                exec(value, namespace)
                return namespace[name]
    raise LookupError(name)


def linear_activation_forward(A_prev, W, b, activation):
    return _borrow("linear_activation_forward")(A_prev, W, b, activation)


def linear_activation_backward(dA, cache, activation):
    return _borrow("linear_activation_backward")(dA, cache, activation)
'''


def test_a_function_graded_with_fixtures_swapped_in_cannot_borrow_their_answers(tmp_path):
    """A student whose blocks look up the course's own answer in the process (through a swapped-in fixture's
    __globals__, or fixture source text left in memory) gets no points for them; the rest is graded as usual."""
    import json
    from autograder import grading
    from autograder.config import load_limits
    from examples.make_class import notebook_with, solution_sources
    name = "deep_network_step_by_step"
    assignment = load_assignment(REPO, name)
    answers = solution_sources(REPO / "source" / name / f"{name}.ipynb")
    answers["linear_activation_forward"] = THIEF
    answers["linear_activation_backward"] = "def linear_activation_backward(dA, cache, activation):\n    " \
        "return _borrow('linear_activation_backward')(dA, cache, activation)\n"
    release = json.loads((REPO / "release" / name / f"{name}.ipynb").read_text(encoding="utf-8"))
    path = tmp_path / f"{name}.ipynb"
    path.write_text(json.dumps(notebook_with(release, answers)), encoding="utf-8")
    limits = load_limits(REPO)
    entry = grading.grade_notebook_file(assignment, path, grading.compute_references(assignment, limits), limits)
    stolen = {f"test_{f}" for f in ("linear_activation_forward", "linear_activation_backward")}
    tests = entry["tests"]
    assert {t for t, v in tests.items() if v["status"] != "passed"} == stolen, \
        {t: v["message"] for t, v in tests.items() if v["status"] != "passed" or t in stolen}
    assert all("LookupError" in tests[t]["message"] for t in stolen), {t: tests[t]["message"] for t in stolen}
