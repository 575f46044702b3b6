"""Graded functions, declared once, in the test cells of an assignment's source notebook.

A test cell (an nbgrader "autograded tests" cell, which carries the points) declares one graded
function: how its results are judged, a hint, the published case(s) a student sees, and, inside
nbgrader's hidden-test markers, the hidden cases:

    from autograder.declarations import graded
    from autograder.judges.values import Scalar

    test = graded("compute_cost", compare=Scalar("cost"), hint="Look at the factor in front of the sum.")
    test.published(A3, Y, 0.1, expect=1.7864859451590758)
    ### BEGIN HIDDEN TESTS
    test.hidden(A3_other, Y_other, 0.7)
    ### END HIDDEN TESTS
    test.check()

Three readers, one declaration:
- the student's kernel (release notebook, `nbgrader validate`): `check()` runs the published cases
  and prints or raises the diagnosis (autograder/visible_check.py);
- `nbgrader autograde` (the source's hidden cases are back in the cell): `check()` runs the hidden
  cases too, against the instructor's solution, in the student's kernel (autograder/inkernel.py);
- the process-isolated grader reads the source notebook in its own, trusted process
  (autograder/assignment.py): inside `collecting()`, `graded()` records the declaration and
  `check()` does nothing, so no student code runs there.
"""
import contextlib
import sys
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Case:
    """One call of a graded function.

    - args: positional arguments, plain data only (they cross the process boundary).
    - seed: value for np.random.seed just before the call (None: leave the generator alone);
      the reference is computed after the same seeding, so a function that forgets to seed
      itself, or depends on leftover global state, disagrees with it.
    - visible: the published case students already see; its messages may show shapes and values.
    - name: how a published case is called in messages (default: its arguments).
    - patch: (name, "module:attr") pairs swapped into the student's namespace for this call. The module
      is a grader-side, self-contained fixture module (autograder/judges/gradcheck_fixtures.py): the
      sandboxed process never imports it; the sandbox sends its source with this call only.
    - expect: the published expected output (published cases only; hidden cases are judged against
      the instructor's solution).
    - compare: how the notebook compares this case with `expect`, when not as the test compares
      (published literals carry 8 decimals, for example).
    - graded: False for a published case the notebook checks but the grader does not count.
    """
    args: tuple
    seed: int | None = None
    visible: bool = False
    name: str = ""
    patch: tuple = ()
    expect: object = field(default=None, compare=False, repr=False)
    compare: object = field(default=None, compare=False, repr=False)
    graded: bool = True

    def label(self, index, hidden_total):
        if self.visible:
            return f"published case {self.name or ', '.join(map(repr, self.args))}"
        return f"hidden case {index} of {hidden_total}"


@dataclass(frozen=True)
class Test:
    """A graded test: the nbgrader test cell `id` (its points come from that cell's metadata)."""
    id: str
    function: str
    cases: tuple           # the graded calls, published ones first
    compare: object        # callable(got, expected, reveal, args) -> list of utils.compare.Problem
    hint: str = ""
    answer_cell: str = ""  # grade_id of the answer cell that defines `function` (default: same name)
    # Judges what no single call shows (e.g. that dropout masks change with the seed):
    # callable(cases, results) -> list of Problem, given every case and its decoded result, in order.
    # Called only when every case passed on its own.
    across_cases: object = None
    published: tuple = ()  # every published case, including those the grader does not count
    keeps_inputs: bool = False   # a call that changes its arguments in place fails, whatever it returns

    def changed_message(self, positions, parameters=()):
        """What to tell a student whose call changed the arguments at `positions` in place.

        parameters: the function's positional parameter names, when known, to name the arguments.
        """
        which = ", ".join(repr(parameters[i]) if i < len(parameters) else f"argument {i + 1}" for i in positions)
        return (f"{self.function} changed its input {which} in place; it must leave its arguments as they were "
                f"and return new values")

    @property
    def cell(self):
        return self.answer_cell or self.function

    def judge_across(self, results):
        """What across_cases finds in the decoded results of all cases (in order), as a message; "" if nothing."""
        problems = self.across_cases(self.cases, results) if self.across_cases is not None else []
        if not problems:
            return ""
        message = (f"every case passes on its own, but together its {len(self.cases)} calls show: "
                   + "; ".join(p.message for p in problems[:4]))
        return message + (f". Hint: {self.hint}" if self.hint else "")


class DeclarationError(Exception):
    """A test cell declares something the grader cannot use."""


class GradedFunction:
    """What a test cell builds: call published(), hidden(), then check()."""

    def __init__(self, function, compare, hint="", answer_cell="", namespace=None, keeps_inputs=False):
        if not isinstance(function, str) or not function.isidentifier():
            raise DeclarationError(f"graded() takes the function's name as a string, got {function!r}")
        if not callable(compare):
            raise DeclarationError(f"{function}: compare must be a judge such as Scalar(...) or ArrayDict(...)")
        self.function, self.compare, self.hint, self.answer_cell = function, compare, hint, answer_cell
        self.keeps_inputs = bool(keeps_inputs)
        self._namespace = namespace
        self._cases = []

    def published(self, *args, expect, seed=None, name="", patch=(), compare=None, graded=True):
        """A case students see, with its published expected output."""
        self._cases.append(Case(args=tuple(args), seed=seed, visible=True, name=name, patch=tuple(patch),
                                expect=expect, compare=compare, graded=graded))
        return self

    def hidden(self, *args, seed=None, patch=()):
        """A case students do not see; judged against the instructor's solution."""
        self._cases.append(Case(args=tuple(args), seed=seed, patch=tuple(patch)))
        return self

    def test(self, test_id=""):
        """The declaration as the grader uses it."""
        cases = tuple(c for c in self._cases if c.graded)
        return Test(id=test_id or f"test_{self.function}", function=self.function,
                    cases=tuple(c for c in cases if c.visible) + tuple(c for c in cases if not c.visible),
                    compare=self.compare, hint=self.hint, answer_cell=self.answer_cell,
                    across_cases=getattr(self.compare, "across", None),
                    published=tuple(c for c in self._cases if c.visible), keeps_inputs=self.keeps_inputs)

    def check(self):
        """In a notebook: check the student's function on the published cases, then on any hidden ones."""
        if _collector is not None:
            return
        from autograder import inkernel, visible_check
        namespace = self._namespace if self._namespace is not None else {}
        if self.function not in namespace:
            raise visible_check.CheckFailed(f"{self.function} is not defined: run the cell that defines it first.")
        test = self.test()
        visible_check.run(test, namespace[self.function])
        if any(not c.visible for c in test.cases):
            inkernel.run_hidden_cases(test, namespace)


_collector = None   # while the grader reads a source notebook: the declarations made so far


def graded(function, *, compare, hint="", answer_cell="", keeps_inputs=False):
    """Declare the graded function named `function` (see the module's docstring).

    - compare: a judge of one result against the expected one (autograder/judges/).
    - hint: where to look when it is wrong; shown with every failure, never the answer.
    - answer_cell: grade_id of the answer cell defining it, when not the function's name.
    - keeps_inputs: the function must not change its arguments in place (an update that returns new
      parameters): every case checks the arguments after the call, as the student's check does.
    """
    namespace = sys._getframe(1).f_globals   # the notebook's namespace, where the student's function lives
    declaration = GradedFunction(function, compare, hint, answer_cell, namespace, keeps_inputs)
    if _collector is not None:
        _collector.append(declaration)
    return declaration


@contextlib.contextmanager
def collecting():
    """Record graded() declarations instead of checking: yields the list they are appended to."""
    global _collector
    previous, _collector = _collector, []
    try:
        yield _collector
    finally:
        _collector = previous
