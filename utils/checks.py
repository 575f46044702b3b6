"""Visible checks that students run in their notebooks.

Each check calls the student's function on the course's small seeded cases,
compares with the published expected output and either prints what matched (with
the size of the error and the tolerance) or raises CheckFailed naming what is
wrong: which key, which shape, how far off, and a hint.
"""
import copy
import textwrap

import numpy as np

from utils import dropout_checks
from utils.compare import Problem, compare_array_dicts, compare_arrays, compare_scalar
from utils.published import (GRADCHECK_1D, GRADCHECK_BUGGY_DIFFERENCE, GRADCHECK_DIFFERENCE_RTOL,
                             GRADCHECK_FIXED_DIFFERENCE_RTOL,
                             GRADCHECK_FIXED_DIFFERENCE, GRADCHECK_TRUE_GRADIENTS, INITIALIZATION_CASES,
                             PUBLISHED_ATOL, PUBLISHED_RTOL, gradient_check_n_case, regularization_cases)

# Shown when values are off; shared with the grader's feedback. A hint points at where the mistake usually is,
# never at the finished answer: the check's own message already says which key is off and by how much.
HINTS = {
    "initialize_parameters_zeros": "Look at the shapes and the values: W{l} has a row per unit of layer l and a "
                                   "column per unit of layer l-1, b{l} is a 2-D column, and every entry is zero.",
    "initialize_parameters_random": "Look at the random draws: np.random.seed(3) stays at the top and runs once, "
                                    "the weights are drawn layer by layer from W1 on, each scaled by 10, and the "
                                    "biases take nothing from the generator.",
    "initialize_parameters_he": "Look at the scale factor: which layer's size it uses (the inputs to the layer) "
                                "and the constant on top (He's, not Xavier's). Seed and draw order are as in "
                                "initialize_parameters_random.",
    "compute_cost_with_regularization": "Look at what the penalty adds up (weights only, no biases) and at the "
                                        "factor in front of it: m counts the examples, the columns of Y.",
    "backward_propagation_with_regularization": "Look at the weight gradients: each dWl gains the derivative of "
                                                "the penalty with respect to Wl, and nothing else changes.",
    "forward_propagation_with_dropout": "Look at where the masks go and what follows them: hidden layers only, a "
                                        "mask per layer kept in the cache, survivors rescaled so the expected "
                                        "activation is unchanged. Draw with np.random and do not seed inside.",
    "backward_propagation_with_dropout": "Look at dA1 and dA2: the backward pass must silence the units the "
                                         "forward pass dropped (the cached masks, no new draws) and rescale them "
                                         "the same way.",
    "forward_propagation": "Check that you return the cost the docstring defines, a number, not its derivative.",
    "backward_propagation": "Differentiate J with respect to theta, not x: the result does not depend on theta.",
    "gradient_check": "Look at the two-sided difference (theta moved both ways, divided by the full width 2 * "
                      "epsilon) and at the relative difference: the norm of the error over the sum of both norms. "
                      "Call forward_propagation and backward_propagation, not formulas of your own.",
    "gradient_check_n": "Look at the loop: each index needs fresh copies of the parameter vector for its + and - "
                        "evaluations (a shift left in place moves every later one), and the relative difference is "
                        "taken over the whole vectors after the loop.",
    "backward_propagation_n_fixed": "Compare with the buggy backward_propagation_n line by line; the blocks your "
                                    "gradient check names are where to look. Every dW and db carries 1/m once.",
}

# A layer list no published case uses: shapes must follow from layers_dims, not be typed in.
_SHAPE_PROBE = [4, 3, 3, 1]


# nbgrader's Validate indents each line by 4 and cuts it at 87 characters; a notebook's output area fits about as
# much before the browser wraps a line, wherever it likes, even inside a number.
MESSAGE_WIDTH = 80


def short_lines(text):
    """The lines of `text`, each longer one wrapped at spaces to MESSAGE_WIDTH."""
    lines = []
    for line in text.splitlines() or [""]:
        if len(line) <= MESSAGE_WIDTH:
            lines.append(line)   # as is: array printouts align their columns with runs of spaces
            continue
        indent = line[:len(line) - len(line.lstrip())]
        # Never split inside a number such as 1.2e-07; a continued list item stays under its first line.
        lines += textwrap.wrap(line, MESSAGE_WIDTH, subsequent_indent=indent + "    ", break_long_words=False,
                               break_on_hyphens=False)
    return lines


def _say(text):
    print("\n".join(short_lines(text)))


class CheckFailed(AssertionError):
    """A visible check found a mistake; the message says which and how far off."""

    def _render_traceback_(self):
        # IPython shows these lines instead of a traceback, and so does the error output that nbgrader's Validate
        # prints: the traceback would only lead through this module and push the message below the fold.
        return short_lines(str(self))


def _call(fn, name, *args):
    try:
        return fn(*args)
    except NotImplementedError:
        raise CheckFailed(f"{name} is not implemented yet: replace `raise NotImplementedError()` "
                          f"with your code.") from None


def _max_rel_error(got, expected):
    worst = 0.0
    for key, want in expected.items():
        scale = np.maximum(np.abs(want), PUBLISHED_ATOL / PUBLISHED_RTOL)
        worst = max(worst, float(np.max(np.abs(got[key] - want) / scale)))
    return worst


def check_initializer(fn, name):
    """Check an initialization function against the published cases.

    Inputs:
    - fn: the student's function, layers_dims (list of int) -> dict of Wl, bl.
    - name: its name in the assignment, e.g. "initialize_parameters_he".

    Prints a one-line summary when every case matches; raises CheckFailed otherwise.
    """
    cases = INITIALIZATION_CASES[name]
    worst = 0.0
    for dims, expected in cases:
        # Disturb the global generator first: a correct function seeds itself.
        np.random.seed(12345)
        got = _call(fn, name, list(dims))
        problems = compare_array_dicts(got, expected, PUBLISHED_RTOL, PUBLISHED_ATOL, reveal=True)
        if problems:
            lines = [f"{name}({dims}) does not match the expected output:"]
            lines += [f"  - {p.message}" for p in problems]
            shown = next((p.key for p in problems if p.kind == "values"), None)
            if shown:
                lines.append(f"  expected {shown} =\n{expected[shown]}\n  got {shown} =\n{got[shown]}")
            lines.append(f"  Hint: {HINTS[name]}")
            raise CheckFailed("\n".join(lines))
        worst = max(worst, _max_rel_error(got, expected))
    got = _call(fn, name, list(_SHAPE_PROBE))
    shapes = {}
    for l in range(1, len(_SHAPE_PROBE)):
        shapes[f"W{l}"] = np.zeros((_SHAPE_PROBE[l], _SHAPE_PROBE[l - 1]))
        shapes[f"b{l}"] = np.zeros((_SHAPE_PROBE[l], 1))
    problems = [p for p in compare_array_dicts(got, shapes, reveal=True) if p.kind in ("type", "keys", "shape")]
    if problems:
        raise CheckFailed(f"{name}({_SHAPE_PROBE}) returns the wrong structure (shapes must follow "
                          f"from layers_dims):\n" + "\n".join(f"  - {p.message}" for p in problems))
    _say(f"{name}: {len(cases)} published case(s) match\n"
         f"  largest relative error {worst:.1e}, tolerance {PUBLISHED_RTOL:.0e}\n"
         f"  shapes for layers_dims={_SHAPE_PROBE} are right too")


def _dict_subset_problems(got, expected, rtol, atol, reveal=True):
    """Problems of the expected keys only (a gradient dict may hold more keys than are checked)."""
    if not isinstance(got, dict):
        return [Problem("", "type", f"returned a {type(got).__name__}, expected a dict of gradients")]
    missing = [k for k in expected if k not in got]
    problems = [Problem("", "keys", "missing key(s): " + ", ".join(repr(k) for k in missing))] if missing else []
    for key, want in expected.items():
        if key in got:
            problems.extend(compare_arrays(key, got[key], want, rtol, atol, reveal))
    return problems


DROPOUT_SEED = 1             # the published case: np.random.seed(1) right before the call
OTHER_DROPOUT_SEEDS = (2, 3, 4)


def _masks(result):
    _, cache, problems = dropout_checks.unpack(result)
    return None if problems else (cache["D1"], cache["D2"])


def _same_masks(first, second):
    return second is not None and all(np.array_equal(a, b) for a, b in zip(first, second))


def _mask_seed_problems(fn, name, args, result):
    """Masks must follow numpy's global generator: the same seed gives the same masks, other seeds others."""
    def masks_after(seed):
        np.random.seed(seed)
        return _masks(_call(fn, name, *copy.deepcopy(args)))

    mine = _masks(result)
    if not _same_masks(mine, masks_after(DROPOUT_SEED)):
        return [Problem("D1", "values", f"two calls after np.random.seed({DROPOUT_SEED}) gave different masks: draw "
                                        f"them with np.random (rand or binomial), which np.random.seed controls, "
                                        f"not with default_rng() or a generator seeded from the clock")]
    if all(_same_masks(mine, masks_after(seed)) for seed in OTHER_DROPOUT_SEEDS):
        units = sum(m.size for m in mine)
        return [Problem("D1", "values", f"after np.random.seed(s) for s = {DROPOUT_SEED}, "
                                        f"{', '.join(map(str, OTHER_DROPOUT_SEEDS))} all {units} mask entries come out "
                                        f"the same (random masks would differ somewhere, except with probability "
                                        f"below 1e-6): the masks do not depend on the random generator, as when "
                                        f"they follow a fixed pattern or np.random.seed is called inside the function")]
    return []


def check_regularization(fn, name):
    """Check one of the Regularization assignment's functions on its published test case.

    Inputs:
    - fn: the student's function; name: its name in the assignment.

    Prints what matched, with the error size and the tolerance; raises CheckFailed otherwise.
    """
    args, expected = regularization_cases()[name]
    np.random.seed(DROPOUT_SEED)   # the published dropout masks are the first draws after this seed
    got = _call(fn, name, *copy.deepcopy(args))
    note = ""
    if name == "compute_cost_with_regularization":
        problems = compare_scalar("cost", got, expected["cost"], PUBLISHED_RTOL, PUBLISHED_ATOL)
    elif name == "forward_propagation_with_dropout":
        X, parameters, keep_prob = args
        problems = dropout_checks.forward_problems(X, parameters, keep_prob, got)
        if not problems:
            problems = _mask_seed_problems(fn, name, args, got)
        if not problems:
            if dropout_checks.masks_match(got, expected):
                problems = dropout_checks.canonical_problems(got, expected, PUBLISHED_RTOL, PUBLISHED_ATOL, True)
            else:
                note = ("\n  Your masks differ from the course's draw order, so your numbers differ from the expected "
                        "output; every property of a correct inverted dropout holds, and that is what is graded.")
    else:
        problems = _dict_subset_problems(got, expected, PUBLISHED_RTOL, PUBLISHED_ATOL)
    if problems:
        lines = [f"{name} does not match the published test case:"]
        lines += [f"  - {p.message}" for p in problems]
        lines.append(f"  Hint: {HINTS[name]}")
        raise CheckFailed("\n".join(lines))
    _say(f"{name}: the published test case matches\n"
         f"  tolerance {PUBLISHED_RTOL:.0e} relative, {PUBLISHED_ATOL:.0e} absolute (the published values have "
         f"8 decimals){note}")


GRADIENT_KEYS = ("dW1", "db1", "dW2", "db2", "dW3", "db3")
ROUND_OFF = 1e-8   # a 1-D check of a correct derivative lands far below this; its exact digits are noise


def _raise_if(problems, name, context):
    if problems:
        lines = [f"{name} {context}:"] + [f"  - {p.message}" for p in problems] + [f"  Hint: {HINTS[name]}"]
        raise CheckFailed("\n".join(lines))


def check_gradient_checking(fn, name):
    """Check one of the Gradient Checking assignment's functions on the published cases.

    Inputs:
    - fn: the student's function; name: its name in the assignment.

    Prints what matched, with error sizes and tolerances; raises CheckFailed otherwise.
    """
    from utils import gradcheck_network

    if name in ("forward_propagation", "backward_propagation"):
        for (x, theta), want in GRADCHECK_1D[name].items():
            _raise_if(compare_scalar("J" if name == "forward_propagation" else "dtheta", _call(fn, name, x, theta),
                                     want, 1e-12, 0.0), name, f"(x={x}, theta={theta}) is wrong")
        _say(f"{name}: the published case(s) match exactly.")
        return
    if name == "gradient_check":
        # Judge the checker alone: while it runs, a cost of the check's own, J = x * theta^2 with its exact
        # derivative, stands in for your forward_propagation and backward_propagation, so a mistake in those
        # shows in their checks only. (Not the course's J = theta * x: this module must answer nothing.)
        stand_ins = {"forward_propagation": lambda x, theta: x * theta ** 2,
                     "backward_propagation": lambda x, theta: 2 * x * theta}
        module_globals = getattr(fn, "__globals__", {})
        saved = {k: module_globals[k] for k in stand_ins if k in module_globals}
        module_globals.update(stand_ins)
        try:
            for (x, theta), want in GRADCHECK_1D[name].items():
                got = _call(fn, name, x, theta)
                _raise_if(compare_scalar("difference", got, 0.0, 0.0, ROUND_OFF), name,
                          f"(x={x}, theta={theta}) does not agree with a correct derivative")
                _say(f"gradient_check(x={x}, theta={theta}): difference {float(got):.3e}, below the round-off "
                     f"level {ROUND_OFF:.0e}\n  (published, with J = theta * x: {want!r})")
        finally:
            for k in stand_ins:
                if k in saved:
                    module_globals[k] = saved[k]
                else:
                    module_globals.pop(k, None)
        _say("(Checked with J = x * theta^2 and its derivative in place of your two functions.)")
        return
    x, y, parameters = gradient_check_n_case()
    _, cache = gradcheck_network.forward_propagation_n(x, y, parameters)
    correct = GRADCHECK_TRUE_GRADIENTS
    if name == "gradient_check_n":
        for label, gradients, want, rtol in (
                ("the buggy backward_propagation_n", gradcheck_network.backward_propagation_n(x, y, cache),
                 GRADCHECK_BUGGY_DIFFERENCE, GRADCHECK_DIFFERENCE_RTOL),
                ("correct gradients", copy.deepcopy(correct), GRADCHECK_FIXED_DIFFERENCE,
                 GRADCHECK_FIXED_DIFFERENCE_RTOL)):
            got = _call(fn, name, copy.deepcopy(parameters), gradients, x, y)
            _raise_if(compare_scalar("difference", got, want, rtol, 0.0), name,
                      f"on the published case with {label} is wrong")
            _say(f"gradient_check_n with {label}: {float(got)!r}\n"
                 f"  published {want!r}, tolerance {rtol:.0e} relative")
        return
    if name == "backward_propagation_n_fixed":
        got = _call(fn, name, x, y, cache)
        expected = {k: correct[k] for k in GRADIENT_KEYS}
        problems = _dict_subset_problems(got, expected, 1e-7, 1e-12)
        _raise_if(problems, name, "still disagrees with the true gradients")
        _say(f"{name}: every dW and db matches the true gradients\n  tolerance 1e-07 relative")
        return
    raise KeyError(name)
