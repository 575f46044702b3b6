"""Figures of the course: decision boundaries, cost curves and labelled images (matplotlib)."""
import matplotlib.pyplot as plt
import numpy as np

# Inches. The notebooks draw at 90 dpi, so this is 900 pixels: what a notebook column shows at full size on a
# laptop screen. A wider figure is shrunk to fit, and its labels with it.
NOTEBOOK_WIDTH = 10


def panels(rows, cols, height, **kwargs):
    """Subplots side by side that together fit the notebook's width.

    Inputs:
    - rows, cols: the grid; height: inches per row; kwargs: passed to plt.subplots (sharex, ...).

    Returns:
    - fig, axes as plt.subplots returns them.
    """
    return plt.subplots(rows, cols, figsize=(NOTEBOOK_WIDTH, height * rows), **kwargs)


def plot_decision_boundary(predict_fn, X, Y, ax=None, title=None, margin=0.5, resolution=300):
    """Colour the plane by the predicted label and scatter the data on top.

    Inputs:
    - predict_fn: callable taking points (2, k) and returning labels of shape (1, k) or (k,).
    - X: (2, m) points; Y: (1, m) labels in {0, 1}.
    - ax: matplotlib Axes to draw on (a new figure when None).
    - title: optional axes title.
    - margin: extra space around the data; resolution: grid points per axis.

    Returns:
    - ax: the Axes drawn on.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(4.5, 4))
    x_min, x_max = X[0].min() - margin, X[0].max() + margin
    y_min, y_max = X[1].min() - margin, X[1].max() + margin
    xx, yy = np.meshgrid(np.linspace(x_min, x_max, resolution), np.linspace(y_min, y_max, resolution))
    grid = np.vstack([xx.ravel(), yy.ravel()])
    zz = np.asarray(predict_fn(grid)).reshape(xx.shape)
    ax.contourf(xx, yy, zz, levels=[-0.5, 0.5, 1.5], colors=["#f4c7a1", "#a9cce3"], alpha=0.8)
    labels = np.asarray(Y).ravel()
    for value, colour, name in ((0, "#c0392b", "label 0"), (1, "#1f4e79", "label 1")):
        pts = X[:, labels == value]
        ax.scatter(pts[0], pts[1], s=12, c=colour, edgecolors="white", linewidths=0.4, label=name)
    ax.set_xlim(x_min, x_max)
    ax.set_ylim(y_min, y_max)
    ax.set_xlabel("$x_1$")
    ax.set_ylabel("$x_2$")
    if title:
        ax.set_title(title)
    ax.legend(loc="upper right", fontsize=8)
    return ax


def plot_costs(runs, ax=None, logy=False):
    """Cost against iteration for one or more training runs.

    Inputs:
    - runs: dict label -> list of (iteration, cost) pairs; infinite costs are skipped
      and marked in the legend.
    - ax: matplotlib Axes (a new figure when None); logy: log-scale the cost axis.

    Returns:
    - ax: the Axes drawn on.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 3.5))
    for label, costs in runs.items():
        its = np.array([c[0] for c in costs])
        vals = np.array([c[1] for c in costs], dtype=float)
        finite = np.isfinite(vals)
        note = "" if finite.all() else f" ({(~finite).sum()} infinite point(s) not drawn)"
        ax.plot(its[finite], vals[finite], marker="o", ms=3, label=label + note)
    ax.set_xlabel("iteration")
    ax.set_ylabel("cost")
    if logy:
        ax.set_yscale("log")
    ax.legend()
    ax.grid(alpha=0.3)
    return ax


def _class_name(classes, label):
    name = classes[int(label)]
    return name.decode() if isinstance(name, bytes) else str(name)


def plot_labelled_images(images, labels, classes, indices=None, predictions=None, cols=8):
    """A grid of images, each titled with its class (and, given predictions, the predicted class).

    Inputs:
    - images: (m, h, w) grey or (m, h, w, 3) colour images, uint8 in [0, 255] or floats in [0, 1].
    - labels: (1, m) or (m,) labels, classes[label] naming each.
    - classes: sequence of class names (str or bytes, as an HDF5 file's list_classes).
    - indices: which images to show, in order (all when None).
    - predictions: optional (1, m) or (m,) predicted labels (0/1, 0./1. or booleans); titles then
      read "predicted / true".
    - cols: images per row.

    Returns:
    - fig: the Figure; axes: (rows * cols,) array of Axes, those without an image switched off.
    """
    images = np.asarray(images)
    labels = np.asarray(labels).ravel()
    indices = np.arange(images.shape[0]) if indices is None else np.asarray(indices, dtype=int).ravel()
    cols = max(1, min(cols, indices.size))
    rows = max(1, -(-indices.size // cols))
    fig, axes = panels(rows, cols, NOTEBOOK_WIDTH / cols + 0.45, squeeze=False)
    axes = axes.ravel()
    grey = images.ndim == 3
    limits = {"vmin": 0, "vmax": 255 if images.dtype == np.uint8 else 1} if grey else {}
    for ax in axes:
        ax.axis("off")
    for ax, i in zip(axes, indices):
        ax.imshow(images[i], cmap="gray" if grey else None, **limits)
        title = _class_name(classes, labels[i])
        if predictions is not None:
            title = f"{_class_name(classes, np.asarray(predictions).ravel()[i])} / {title}"
        ax.set_title(f"#{i}: {title}", fontsize=8)
    if predictions is not None:
        fig.suptitle("predicted / true class", fontsize=9)
    return fig, axes


def plot_misclassified(images, labels, predictions, classes, max_images=10, cols=5):
    """The images whose predicted label differs from the true one, titled "predicted / true".

    Inputs:
    - images: (m, h, w[, 3]) images as for plot_labelled_images; labels, predictions: (1, m) or (m,).
    - classes: class names; max_images: how many of the misclassified images to draw at most (the first
      ones by index); cols: images per row.

    Returns:
    - fig: the Figure (a note saying so when nothing is misclassified);
    - indices: (k,) int indices of all misclassified images, in increasing order.
    """
    wrong = np.flatnonzero(np.asarray(labels).ravel() != np.asarray(predictions).ravel())
    if wrong.size == 0:
        fig, ax = panels(1, 1, 1)
        ax.axis("off")
        ax.text(0.5, 0.5, "no misclassified images", ha="center", va="center")
        return fig, wrong
    fig, _ = plot_labelled_images(images, labels, classes, wrong[:max_images], predictions, cols)
    if wrong.size > max_images:
        fig.suptitle(f"predicted / true class: the first {max_images} of {wrong.size} misclassified images",
                     fontsize=9)
    return fig, wrong
