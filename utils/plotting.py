"""Figures of the course: decision boundaries and cost curves (matplotlib)."""
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
