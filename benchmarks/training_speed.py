"""Training speed of the course's deep-network loops against a minimal vectorized numpy loop of the same network.

The course's loops are the deep-network application's own solution (two_layer_model and L_layer_model, read
from source/deep_network_application/, running on utils.deep_blocks: caches, dicts of parameters and
gradients, one function per block). The minimal loop below is what a numpy programmer writes for the same
network with no structure at all: lists of arrays, the sigmoid and the cross-entropy's gradient fused into
AL - Y, nothing kept that the next line does not use. Both train the published configurations on
12288-feature images (64x64x3, 209 examples) for --iterations steps at the published learning rate, from the
same initialization; the costs they record are checked to agree, so both did the same work. Runs alternate
(course, minimal, course, ...) in one process, with one BLAS thread, and the median of --repeats is reported.

Data: the original cat files when ../shared/original-course-data/ has them, else seeded random images of the
same shape (the speed of these loops does not depend on the pixel values).

    python benchmarks/training_speed.py [--repeats 3] [--iterations 2500] [--out docs/benchmarks.md]
"""
import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from autograder import inkernel  # noqa: E402
from autograder.assignment import read_source  # noqa: E402
from benchmarks.report import machine, write_section  # noqa: E402
from utils.image_data import ORIGINAL_FILES, load_dataset  # noqa: E402
from utils.published import DEEP_CAT_L_LAYER, DEEP_CAT_LEARNING_RATE, DEEP_CAT_TWO_LAYER  # noqa: E402

ORIGINAL_DATA = REPO.parent / "shared" / "original-course-data"
TARGET = 1.2


def training_data():
    """(X (12288, 209) in [0, 1], Y (1, 209) of 0/1, where the data came from)."""
    if all((ORIGINAL_DATA / name).is_file() for name in ORIGINAL_FILES):
        train_x, train_y = load_dataset(ORIGINAL_DATA)[:2]
        return train_x.reshape(train_x.shape[0], -1).T / 255, train_y.reshape(1, -1).astype(float), "the original cat files"
    rng = np.random.RandomState(0)
    return (rng.randint(0, 256, size=(12288, 209)) / 255, rng.randint(0, 2, size=(1, 209)).astype(float),
            "seeded random 64x64x3 images (the original cat files are not here)")


def minimal_loop(X, Y, layers, learning_rate, iterations, shallow, input_gradient=False):
    """Gradient descent on LINEAR->RELU x (L-1) -> LINEAR->SIGMOID with the cross-entropy cost.

    Inputs:
    - X: (n_x, m) inputs; Y: (1, m) labels; layers: [n_x, n_1, ..., 1].
    - shallow: True for the 2-layer model's initialization (randn * 0.01), else randn / sqrt(n_{l-1}).
    - input_gradient: also compute the cost's gradient with respect to X, which training never uses but
      the original course's loop computes (its linear_backward returns dA_prev for every layer, the first included).

    Returns:
    - costs: the cost every 100 steps, as the course's loops record it.
    """
    np.random.seed(1)
    W, b = [], []
    for fan_in, fan_out in zip(layers[:-1], layers[1:]):
        W.append(np.random.randn(fan_out, fan_in) * (0.01 if shallow else 1 / np.sqrt(fan_in)))
        b.append(np.zeros((fan_out, 1)))
    m, costs = X.shape[1], []
    for step in range(iterations):
        A = [X]
        for Wl, bl in zip(W[:-1], b[:-1]):
            A.append(np.maximum(Wl @ A[-1] + bl, 0))
        AL = 1 / (1 + np.exp(-(W[-1] @ A[-1] + b[-1])))
        if step % 100 == 0:
            costs.append(-np.mean(Y * np.log(AL) + (1 - Y) * np.log(1 - AL)))
        dZ = (AL - Y) / m
        for layer in range(len(W) - 1, -1, -1):
            dW, db = dZ @ A[layer].T, dZ.sum(axis=1, keepdims=True)
            if layer:
                dZ = (W[layer].T @ dZ) * (A[layer] > 0)
            elif input_gradient:
                dX = W[0].T @ dZ  # noqa: F841 (the work is the point)
            W[layer] -= learning_rate * dW
            b[layer] -= learning_rate * db
    return costs


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--iterations", type=int, default=2500)
    parser.add_argument("--out", help="write the results into this Markdown file's training-speed section")
    args = parser.parse_args()

    X, Y, data = training_data()
    solution = inkernel._reference_namespace(read_source(REPO, "deep_network_application"))
    models = [("2-layer", solution["two_layer_model"], DEEP_CAT_TWO_LAYER, True),
              ("4-layer", solution["L_layer_model"], DEEP_CAT_L_LAYER, False)]
    rows = []
    # One BLAS thread: on a small machine shared with anything else, threads waiting on each other make
    # the timings of both loops swing by more than the difference being measured.
    from threadpoolctl import threadpool_limits
    blas = threadpool_limits(1, user_api="blas")
    for name, course_loop, published, shallow in models:
        layers = list(published["layers"])
        times = {"course": [], "minimal": [], "minimal + dX": []}
        for _ in range(args.repeats):
            start = time.perf_counter()
            _, course_costs = course_loop(X, Y, layers, DEEP_CAT_LEARNING_RATE, args.iterations)
            times["course"].append(time.perf_counter() - start)
            for label, input_gradient in (("minimal", False), ("minimal + dX", True)):
                start = time.perf_counter()
                minimal_costs = minimal_loop(X, Y, layers, DEEP_CAT_LEARNING_RATE, args.iterations, shallow,
                                             input_gradient)
                times[label].append(time.perf_counter() - start)
            gap = np.max(np.abs(np.ravel(course_costs) - np.ravel(minimal_costs)) / np.abs(np.ravel(minimal_costs)))
            if not gap < 1e-6:
                raise RuntimeError(f"{name}: the two loops recorded different costs (largest relative gap {gap:.2e})")
        rows.append((name, layers, {k: statistics.median(v) for k, v in times.items()}, gap))
    blas.restore_original_limits()

    lines = ["| model | layers | course loop (`utils.deep_blocks`) | minimal numpy loop | ratio (target <= "
             f"{TARGET}x) | minimal loop that also computes dX | ratio to it | largest relative gap between the "
             "costs |", "|---|---|---|---|---|---|---|---|"]
    for name, layers, t, gap in rows:
        ratio = t["course"] / t["minimal"]
        verdict = "met" if ratio <= TARGET else "**missed**"
        lines.append(f"| {name} | {layers} | {t['course']:.2f} s | {t['minimal']:.2f} s | {ratio:.2f}x ({verdict}) | "
                     f"{t['minimal + dX']:.2f} s | {t['course'] / t['minimal + dX']:.2f}x | {gap:.1e} |")
    table = "\n".join(lines)
    print(table)
    print("data:", data)
    print("machine:", machine())
    if args.out:
        write_section(args.out, "training speed", (
            "## Training speed of the deep-network loops\n\n"
            f"Generated by `python benchmarks/training_speed.py --repeats {args.repeats} --iterations "
            f"{args.iterations} --out {args.out}`, all in one run. Median wall time of {args.iterations} "
            f"gradient-descent steps at learning rate {DEEP_CAT_LEARNING_RATE} on {data}, 209 examples of 12288 "
            "features. The course loop is the deep-network application's solution on the course's blocks; the "
            "minimal loop is plain numpy with no caches, dicts or functions per block. Both start from the same "
            "initialization and record the same costs; BLAS runs on one thread.\n\n"
            f"{table}\n\nMachine: {machine()}.\n"))


if __name__ == "__main__":
    main()
