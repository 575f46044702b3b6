"""Every number a notebook's text states is one the notebook computes or sets, or is listed here with its source.

A number in a markdown cell passes when
- it is a single digit (a count or an ordinal: section 2, three layers, step 1);
- a code cell of the notebook writes it (a setting the text describes: layer sizes, iterations, rates, seeds);
- the executed notebook prints it, to the precision the text writes it (0.850 matches a printed 0.8500);
- or STATED_ELSEWHERE lists it for that notebook, saying where it comes from.
LaTeX formulas, inline code and fenced blocks are not read: the fenced blocks hold the original course's expected
outputs, which the check cells compare with the learner's results.
The notebooks are the executions of test_notebooks.py, not run a second time.
"""
import re

import pytest

from test_fidelity_regularization import STORY_MIN_GAIN, STORY_MIN_GAP
from test_notebooks import EXECUTED, executed, output_text

# Numbers the text may state without the notebook computing them, by notebook file name.
STATED_ELSEWHERE = {
    "gradient_checking.ipynb": {
        "14": "float64 carries about 16 significant digits; a two-sided difference loses two of them",
        "47": "parameters of the 4-5-3-1 network: 20 + 5 + 15 + 3 + 3 + 1",
    },
    "initialization.ipynb": {
        "2015": "year of He et al.'s paper",
        "0.5": "the sigmoid of 0: the output of a network whose weights are all zero",
    },
    "regularization.ipynb": {
        str(STORY_MIN_GAP): "the story's margin for the baseline's gap, asserted by test_fidelity_regularization",
        str(STORY_MIN_GAIN): "the story's margin for each remedy's test gain, asserted by test_fidelity_regularization",
    },
    "01_setting_up_an_ml_application.ipynb": {
        "60": "the 60/20/20 rule of thumb of the original course",
        "20": "the 60/20/20 rule of thumb of the original course",
        "98": "the 98/1/1 split of the original course's lecture",
        "15": "the original course's example of a 15% training error",
        "600": "the dev split's size, utils.lectures.moons_split's default n_dev",
    },
}

# A decimal number as text writes it: 0.945, 30,000, 1e-7; not part of a name (W1) or of a dotted version.
NUMBER = re.compile(r"(?<![\w.])-?\d+(?:,\d{3})*(?:\.\d+)?(?:[eE][-+]?\d+)?(?!\w|\.\d)")
NOT_READ = re.compile(r"```.*?```|\$\$.*?\$\$|\$[^$]*\$|`[^`]*`", re.S)


def _value(text):
    return float(text.replace(",", ""))


def _decimals(text):
    mantissa = re.split("[eE]", text)[0]
    return len(mantissa.split(".")[1]) if "." in mantissa else 0


def _printed(stated, printed_numbers):
    """True when some printed number, rounded to the decimals the text writes, is the stated number."""
    places = _decimals(stated)
    return any(_decimals(p) >= places and (places > 0 or _decimals(p) == 0)
               and round(_value(p), places) == _value(stated) for p in printed_numbers)


def unexplained_numbers(nb, allowed):
    """Numbers of the markdown cells that nothing in nb or in allowed accounts for, with their context."""
    code_values = {_value(t) for c in nb.cells if c.cell_type == "code" for t in NUMBER.findall(c.source)}
    printed = NUMBER.findall(output_text(nb))
    found = []
    for cell in nb.cells:
        if cell.cell_type != "markdown":
            continue
        text = NOT_READ.sub(" ", cell.source)
        for match in NUMBER.finditer(text):
            stated = match.group()
            if (re.fullmatch(r"\d", stated) or _value(stated) in code_values or stated in allowed
                    or _printed(stated, printed)):
                continue
            found.append(f"{stated!r} in ...{text[max(0, match.start() - 50):match.end() + 20]}...")
    return found


def test_the_rule_on_a_small_notebook():
    import nbformat.v4 as v4
    nb = v4.new_notebook(cells=[
        v4.new_markdown_cell("Train for 1,000 steps: accuracy 0.850, a gap of 13.5 points, $\\frac{1}{m}$, `W = 77`.\n"
                             "```\nA3 = [[0.36974721]]\n```\nSee section 2; published 42."),
        v4.new_code_cell("steps = 1000", outputs=[v4.new_output("stream", text="accuracy 0.8500, gap 0.13\n")]),
    ])
    problems = unexplained_numbers(nb, {"42": "published"})
    assert [p.split(" in ")[0] for p in problems] == ["'13.5'"]


@pytest.mark.slow
@pytest.mark.numeric
@pytest.mark.parametrize("path", EXECUTED, ids=str)
def test_notebook_text_states_only_numbers_it_computes(path):
    problems = unexplained_numbers(executed(path), STATED_ELSEWHERE.get(path.name, {}))
    assert not problems, (f"{path}: the text states numbers the notebook neither sets nor prints; print them, "
                          f"or list them in STATED_ELSEWHERE with their source:\n" + "\n".join(problems))
