"""The image sets of the "is it X?" assignments: the shipped faces file, its story, and the original cat files."""
import h5py
import numpy as np
import pytest

from utils.image_data import (FACES_CLASSES, FACES_FILE, ORIGINAL_FILES, lfw_faces, load_dataset, load_image,
                              split_indices, write_faces)
from utils.published import LOGISTIC_CAT_ACCURACY, LOGISTIC_CAT_COSTS
from conftest import ORIGINAL_DATA, REPO


def _features(images):
    """(m, h, w[, c]) uint8 -> (h*w[*c], m) floats in [0, 1], as the assignment has the student do it."""
    return images.reshape(images.shape[0], -1).T / 255


def _logistic_regression(X, Y, learning_rate, iterations):
    """The assignment's own `model`, from the instructor's solution in its source notebook (one source of truth).

    Returns w (n, 1), b, and the cost every 100 iterations (iteration 0 included).
    """
    from autograder import inkernel
    from autograder.assignment import read_source
    model = inkernel._reference_namespace(read_source(REPO, "logistic_regression"))["model"]
    result = model(X, Y, X[:, :1], Y[:, :1], num_iterations=iterations, learning_rate=learning_rate)
    return result["w"], result["b"], [float(c) for c in result["costs"]]


def _scores(w, b, X, Y):
    """Percent of correct predictions, and the smallest distance of a score w.x + b from the threshold 0."""
    z = w.T @ X + b
    return 100 * np.mean((z > 0) == (Y == 1)), np.abs(z).min()


def test_shipped_faces_regenerate_identically(tmp_path):
    fresh = write_faces(tmp_path / "faces.h5")
    for shipped, regenerated in zip(load_dataset(), load_dataset(fresh)):
        assert shipped.dtype == regenerated.dtype and shipped.shape == regenerated.shape
        assert np.array_equal(shipped, regenerated)
    assert fresh.read_bytes() == FACES_FILE.read_bytes(), \
        "same values but other bytes: another h5py layout, or another scikit-image version (the file names it)?"


def test_shipped_faces_follow_the_original_schema():
    with h5py.File(FACES_FILE, "r") as f:
        assert list(f) == ["train_set_x", "train_set_y", "test_set_x", "test_set_y", "list_classes"]
        assert "lfw_subset" in f.attrs["source"] and f.attrs["generated_by"] == "utils.image_data.write_faces"
    train_x, train_y, test_x, test_y, classes = load_dataset()
    assert train_x.shape == (150, 25, 25) and test_x.shape == (50, 25, 25)
    assert train_x.dtype == test_x.dtype == np.uint8 and train_y.dtype == test_y.dtype == np.int64
    assert train_y.shape == (1, 150) and test_y.shape == (1, 50)
    assert classes.tolist() == list(FACES_CLASSES) == [b"non-face", b"face"]
    assert (train_y.sum(), test_y.sum()) == (75, 25), "the split is stratified: half of each set are faces"
    # every LFW image exactly once, with its own label
    images, labels = lfw_faces()
    together = np.concatenate([train_x, test_x]).reshape(200, -1)
    rows = {row.tobytes(): i for i, row in enumerate(images.reshape(200, -1))}
    found = [rows[row.tobytes()] for row in together]
    assert sorted(found) == list(range(200))
    assert np.array_equal(labels[found], np.concatenate([train_y[0], test_y[0]]))


def test_split_is_stratified_shuffled_and_seeded():
    labels = np.repeat([0, 1, 2], [10, 6, 8])
    train, test = split_indices(labels, 3, seed=4)
    assert np.bincount(labels[test]).tolist() == [3, 3, 3] and np.bincount(labels[train]).tolist() == [7, 3, 5]
    assert sorted(np.concatenate([train, test]).tolist()) == list(range(24))
    assert labels[train].tolist() != sorted(labels[train].tolist()), "training set left in class order"
    again = split_indices(labels, 3, seed=4)
    assert np.array_equal(again[0], train) and np.array_equal(again[1], test)


# Learning rates of the story check, 2000 iterations each; the train - test gap (points) was 9.3 to 10 at each
# of them, under the default CPU kernels and under scripts/test.sh's (numpy without AVX-512, OpenBLAS Haswell).
STORY_RATES = (0.005, 0.05, 0.5)
STORY_MIN_GAP = 8          # train - test accuracy, points: more than this
STORY_MIN_TEST = 85        # test accuracy, points: chance is 50 (balanced classes)
# Scores closer to the threshold than this could flip with the CPU's summation order; none is (smallest: 0.055).
SAFE_SCORE = 1e-3


@pytest.mark.numeric
@pytest.mark.parametrize("learning_rate", STORY_RATES)
def test_logistic_regression_on_the_faces_beats_chance_and_overfits(learning_rate):
    train_x, train_y, test_x, test_y, _ = load_dataset()
    w, b, costs = _logistic_regression(_features(train_x), train_y, learning_rate, 2000)
    train_acc, train_margin = _scores(w, b, _features(train_x), train_y)
    test_acc, test_margin = _scores(w, b, _features(test_x), test_y)
    assert costs[-1] < costs[0] == pytest.approx(np.log(2))
    assert test_acc > STORY_MIN_TEST and train_acc - test_acc > STORY_MIN_GAP, (train_acc, test_acc)
    assert min(train_margin, test_margin) > SAFE_SCORE


def _original_or_skip():
    if not all((ORIGINAL_DATA / name).is_file() for name in ORIGINAL_FILES):
        pytest.skip(f"{ORIGINAL_DATA} lacks {' or '.join(ORIGINAL_FILES)}: the original course data is not "
                    "shipped with this repository")
    return load_dataset(ORIGINAL_DATA)


def test_loader_reads_the_original_cat_files():
    train_x, train_y, test_x, test_y, classes = _original_or_skip()
    assert train_x.shape == (209, 64, 64, 3) and test_x.shape == (50, 64, 64, 3) and train_x.dtype == np.uint8
    assert train_y.shape == (1, 209) and test_y.shape == (1, 50) and train_y.dtype == np.int64
    assert classes.tolist() == [b"non-cat", b"cat"]
    assert (train_y.sum(), 209 - train_y.sum(), test_y.sum(), 50 - test_y.sum()) == (72, 137, 33, 17)
    assert train_x.reshape(209, -1).T[:5, 0].tolist() == [17, 31, 56, 22, 33]


def _cat_run(learning_rate, iterations):
    """Logistic regression on the original cat files: costs, train % and test %."""
    from threadpoolctl import threadpool_limits
    train_x, train_y, test_x, test_y, _ = _original_or_skip()
    with threadpool_limits(1, user_api="blas"):   # on 2 busy cores, BLAS threads waiting on each other take 4x longer
        w, b, costs = _logistic_regression(_features(train_x), train_y, learning_rate, iterations)
    return costs, _scores(w, b, _features(train_x), train_y), _scores(w, b, _features(test_x), test_y)


# Every score of these runs is at least 1.7e-3 away from the threshold (both CPU-kernel settings), so the
# accuracies are exact everywhere; the costs are compared at the published 6 decimals.
@pytest.mark.slow
@pytest.mark.numeric
def test_original_cat_files_reproduce_the_published_run():
    """The loader hands over what the original course trained on: its published costs and accuracies follow."""
    costs, (train_acc, train_margin), (test_acc, test_margin) = _cat_run(0.005, 2000)
    assert np.allclose(costs, LOGISTIC_CAT_COSTS, rtol=0, atol=5e-7)
    assert (train_acc, test_acc) == LOGISTIC_CAT_ACCURACY[0.005] and min(train_margin, test_margin) > SAFE_SCORE


@pytest.mark.slow
@pytest.mark.numeric
@pytest.mark.parametrize("learning_rate", [0.01, 0.001, 0.0001])
def test_original_cat_files_reproduce_the_learning_rate_table(learning_rate):
    _, (train_acc, train_margin), (test_acc, test_margin) = _cat_run(learning_rate, 1500)
    assert (train_acc, test_acc) == LOGISTIC_CAT_ACCURACY[learning_rate] and min(train_margin, test_margin) > SAFE_SCORE


def test_loader_reads_a_file_of_the_course_schema_and_names_missing_originals(tmp_path):
    with h5py.File(tmp_path / "tiny.h5", "w") as f:
        f["train_set_x"] = np.arange(2 * 3 * 3 * 3, dtype=np.uint8).reshape(2, 3, 3, 3)
        f["train_set_y"] = np.array([0, 1])
        f["test_set_x"] = np.zeros((1, 3, 3, 3), np.uint8)
        f["test_set_y"] = np.array([1])
        f["list_classes"] = np.array([b"no", b"yes"])
    train_x, train_y, test_x, test_y, classes = load_dataset(tmp_path / "tiny.h5")
    assert train_x.shape == (2, 3, 3, 3) and train_y.tolist() == [[0, 1]] and test_y.shape == (1, 1)
    assert classes.tolist() == [b"no", b"yes"]
    with pytest.raises(FileNotFoundError, match="train_catvnoncat.h5"):
        load_dataset(tmp_path)


def test_a_picture_of_ones_own_becomes_an_image_of_the_data_sets_shape(tmp_path):
    from PIL import Image
    picture = np.zeros((40, 80, 3), np.uint8)
    picture[:, 40:] = 255                     # left half black, right half white
    Image.fromarray(picture).save(tmp_path / "mine.png")
    grey = load_image(tmp_path / "mine.png", (25, 25))
    assert grey.shape == (25, 25) and grey.dtype == np.uint8
    assert grey[:, :10].max() == 0 and grey[:, -10:].min() == 255
    colour = load_image(tmp_path / "mine.png", (64, 64, 3))
    assert colour.shape == (64, 64, 3) and colour[0, -1].tolist() == [255, 255, 255]
    with pytest.raises(ValueError, match="shape must be"):
        load_image(tmp_path / "mine.png", (25, 25, 4))
