"""How an assignment's hidden tests are described: graded calls and how to judge their results."""
from dataclasses import dataclass

from utils.compare import compare_array_dicts, compare_scalar


@dataclass(frozen=True)
class Case:
    """One call of a graded function.

    - args: positional arguments, plain data only (they cross the process boundary).
    - seed: value for np.random.seed just before the call (None: leave the generator alone);
      the reference is computed after the same seeding, so a function that forgets to seed
      itself, or depends on leftover global state, disagrees with it.
    - visible: the published case students already see; its messages may show shapes.
    """
    args: tuple
    seed: int | None = None
    visible: bool = False
    name: str = ""          # how a visible case is called in messages (default: its arguments)
    # (name, "module:attr") pairs swapped into the namespace for this call. The module is a grader-side,
    # self-contained fixture module (autograder/judges/gradcheck_fixtures.py): the student's process never
    # imports it; the sandbox sends its source with this call only.
    patch: tuple = ()

    def label(self, index, hidden_total):
        if self.visible:
            return f"published case {self.name or ', '.join(map(repr, self.args))}"
        return f"hidden case {index} of {hidden_total}"


@dataclass(frozen=True)
class Test:
    """A graded test: the nbgrader test cell `id` (its points come from the source notebook)."""
    id: str
    function: str
    cases: tuple
    compare: object        # callable(got, expected, reveal, args) -> list of utils.compare.Problem
    hint: str = ""
    answer_cell: str = ""  # grade_id of the answer cell that defines `function` (default: same name)
    # Judges what no single call shows (e.g. that dropout masks change with the seed):
    # callable(cases, results) -> list of Problem, given every case and its decoded result, in order.
    # Called only when every case passed on its own.
    across_cases: object = None

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


def array_dict_comparison(rtol=1e-7, atol=1e-12, keys=None):
    """A compare callable for functions that return a dict of arrays.

    keys: judge only these keys of the expected dict (None: all of them, and no others allowed).
    """
    def compare(got, expected, reveal, args):
        if keys is None:
            return compare_array_dicts(got, expected, rtol=rtol, atol=atol, reveal=reveal)
        if not isinstance(got, dict):
            return compare_array_dicts(got, {k: expected[k] for k in keys}, reveal=reveal)
        subset = {k: got[k] for k in keys if k in got}
        return compare_array_dicts(subset, {k: expected[k] for k in keys}, rtol=rtol, atol=atol, reveal=reveal)
    return compare


def scalar_comparison(key, rtol=1e-7, atol=1e-12):
    """A compare callable for functions that return one number."""
    def compare(got, expected, reveal, args):
        return compare_scalar(key, got, expected, rtol=rtol, atol=atol, reveal=reveal)
    return compare
