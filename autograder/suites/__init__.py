"""One module per assignment, named like the assignment, holding its hidden tests."""
import importlib
import re


def load_suite(assignment):
    """The suite module of `assignment` (NOTEBOOK, SETUP_CELLS, TESTS)."""
    if not re.fullmatch(r"[a-z][a-z0-9_]*", assignment):
        raise ValueError(f"not an assignment name: {assignment!r}")
    try:
        return importlib.import_module(f"autograder.suites.{assignment}")
    except ModuleNotFoundError:
        raise ValueError(f"no hidden-test suite for assignment {assignment!r} "
                         f"(expected autograder/suites/{assignment}.py)") from None
