"""Figures of labelled and misclassified images, drawn headless (Agg)."""
import io

import matplotlib
import numpy as np
import pytest

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402  (after the backend is chosen)

from utils.plotting import NOTEBOOK_WIDTH, plot_labelled_images, plot_misclassified  # noqa: E402

CLASSES = np.array([b"non-face", b"face"])


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def _images(m, colour=False):
    rng = np.random.RandomState(0)
    return rng.randint(0, 256, size=(m, 6, 5, 3) if colour else (m, 6, 5)).astype(np.uint8)


def _titles(axes):
    return [ax.get_title() for ax in axes if ax.images]


def _renders(fig):
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue().startswith(b"\x89PNG")


def test_labelled_images_fill_a_grid_of_the_notebook_width():
    labels = np.array([[1, 0, 1, 1, 0, 0, 1]])
    fig, axes = plot_labelled_images(_images(7), labels, CLASSES, indices=[6, 1, 0], cols=2)
    assert axes.size == 4 and fig.get_size_inches()[0] == NOTEBOOK_WIDTH
    assert _titles(axes) == ["#6: face", "#1: non-face", "#0: face"]
    assert not axes[3].axison and _renders(fig)
    assert axes[0].images[0].get_cmap().name == "gray" and axes[0].images[0].get_clim() == (0, 255)


def test_labelled_images_show_colour_images_and_predictions_with_str_classes():
    fig, axes = plot_labelled_images(_images(3, colour=True), [0, 1, 1], ["cat?", "cat"], predictions=[[1., 1., 0.]])
    assert _titles(axes) == ["#0: cat / cat?", "#1: cat / cat", "#2: cat? / cat"]
    assert axes[0].images[0].get_array().shape == (6, 5, 3) and _renders(fig)


def test_misclassified_images_are_found_capped_and_titled():
    labels = np.array([[1, 0, 1, 1, 0, 0, 1]])
    predictions = np.array([[True, True, False, True, True, False, False]])
    fig, wrong = plot_misclassified(_images(7), labels, predictions, CLASSES, max_images=3)
    assert wrong.tolist() == [1, 2, 4, 6]
    assert _titles(fig.axes) == ["#1: face / non-face", "#2: non-face / face", "#4: face / non-face"]
    assert "first 3 of 4" in fig._suptitle.get_text() and _renders(fig)


def test_no_misclassified_image_gives_a_note():
    fig, wrong = plot_misclassified(_images(2), [[0, 1]], [[0., 1.]], CLASSES)
    assert wrong.size == 0 and "no misclassified images" in fig.axes[0].texts[0].get_text() and _renders(fig)
