"""The planar classification notebook reproduces the original course's published results on the flower.

Read from the instructor notebook's own execution (tests/test_notebooks.py runs it once per session), so
the numbers checked are the ones a learner sees printed.
"""
import re

import pytest

from test_notebooks import executed, output_text
from utils.published import (PLANAR_BASELINE_ACCURACY, PLANAR_FLOWER_ACCURACY, PLANAR_FLOWER_COSTS,
                             PLANAR_SWEEP_ACCURACY)

SOURCE = "source/planar_classification/planar_classification.ipynb"


@pytest.fixture(scope="module")
def printed():
    from pathlib import Path
    return output_text(executed(Path(SOURCE)))


def _number_after(text, pattern):
    match = re.search(pattern + r"\s*(-?\d+(?:\.\d+)?)", text)
    assert match, f"the notebook no longer prints {pattern!r}"
    return float(match.group(1))


@pytest.mark.slow
@pytest.mark.numeric
def test_baseline_and_trained_network(printed):
    assert round(_number_after(printed, r"logistic regression:")) == PLANAR_BASELINE_ACCURACY
    assert _number_after(printed, r"accuracy on the flower:") == PLANAR_FLOWER_ACCURACY


@pytest.mark.slow
@pytest.mark.numeric
def test_costs_of_the_published_run(printed):
    for iteration, cost in PLANAR_FLOWER_COSTS.items():
        assert _number_after(printed, rf"[Cc]ost after iteration {iteration}\D*?") == pytest.approx(cost, abs=5e-7)


@pytest.mark.slow
@pytest.mark.numeric
def test_hidden_size_sweep(printed):
    for n_h, accuracy in PLANAR_SWEEP_ACCURACY.items():
        assert _number_after(printed, rf"\b{n_h} hidden units?: accuracy") == accuracy, n_h
