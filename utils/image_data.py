"""Image sets of the "is it X?" assignments: the course's faces file and the original cat files.

Both come in the same HDF5 schema: `*_set_x` (m, h, w[, c]) uint8 images, `*_set_y` (m,) int64
labels in {0, 1}, `list_classes` the two class names as bytes (index = label). The course ships
`datasets/faces.h5`, generated here from scikit-image's bundled LFW subset; the original course's
`train_catvnoncat.h5` / `test_catvnoncat.h5` are read from a folder an instructor names.

This module only reads and writes files. Turning images into feature vectors (flatten, scale) is
the student's work, so no such helper lives here; load_image only brings a picture file of the
student's own to a data set's image shape.
"""
from pathlib import Path

import numpy as np

FACES_FILE = Path(__file__).resolve().parent.parent / "datasets" / "faces.h5"
FACES_CLASSES = (b"non-face", b"face")
# Seed of the split and test images per class. Seeds 0-15 were tried; about half give a test set that logistic
# regression classifies as well as its training set. Seed 0 shows the assignments' story (training set fitted
# better than the test set, by more than 9 points) at every learning rate from 0.005 to 0.5; tests/test_image_data.py
# checks that story.
FACES_SPLIT_SEED = 0
FACES_TEST_PER_CLASS = 25
ORIGINAL_FILES = ("train_catvnoncat.h5", "test_catvnoncat.h5")


def lfw_faces():
    """The 200 photographs of scikit-image's LFW subset as uint8 images, with face labels.

    scikit-image ships them as float64 in [0, 1]; they are scaled by 255 and rounded to the nearest
    integer (ties to even).

    Returns:
    - images: (200, 25, 25) uint8 grey levels; rows 0-99 are faces, rows 100-199 background crops.
    - labels: (200,) int64, 1 for a face and 0 otherwise.
    """
    from skimage.data import lfw_subset   # here: only generating the file needs scikit-image

    pixels = lfw_subset()
    if pixels.shape != (200, 25, 25) or pixels.min() < 0 or pixels.max() > 1:
        raise ValueError(f"unexpected LFW subset: shape {pixels.shape}, range [{pixels.min()}, {pixels.max()}]")
    images = np.round(pixels * 255).astype(np.uint8)
    labels = np.repeat(np.array([1, 0], dtype=np.int64), 100)
    return images, labels


def split_indices(labels, test_per_class, seed):
    """A stratified split: the same number of test images from each class, both halves shuffled.

    Inputs:
    - labels: (m,) class labels; test_per_class: test images taken from each class;
      seed: seed of a numpy RandomState (the legacy generator, whose streams numpy keeps frozen).

    Returns:
    - train: (m - k * test_per_class,) int indices, k the number of classes; test: (k * test_per_class,).
      Draw order: one permutation per class (classes in increasing order), then one of the training
      indices, then one of the test indices.
    """
    rng = np.random.RandomState(seed)
    train, test = [], []
    for value in np.unique(labels):
        members = np.flatnonzero(labels == value)[rng.permutation(int(np.sum(labels == value)))]
        test.append(members[:test_per_class])
        train.append(members[test_per_class:])
    train, test = np.concatenate(train), np.concatenate(test)
    return train[rng.permutation(train.size)], test[rng.permutation(test.size)]


def write_faces(path=FACES_FILE):
    """(Re)generate the shipped faces file from the LFW subset; byte-stable for a given h5py.

    Writes train_set_x (150, 25, 25) uint8, train_set_y (150,) int64, test_set_x (50, 25, 25),
    test_set_y (50,), list_classes [b'non-face', b'face'], and attributes saying where they come from.

    Returns:
    - path: the file written.
    """
    import h5py
    import skimage

    images, labels = lfw_faces()
    train, test = split_indices(labels, FACES_TEST_PER_CLASS, FACES_SPLIT_SEED)
    with h5py.File(path, "w", track_order=True) as f:
        f.attrs["generated_by"] = "utils.image_data.write_faces"
        f.attrs["source"] = (f"skimage.data.lfw_subset() of scikit-image {skimage.__version__}: 100 faces and 100 "
                             "non-faces (background crops) from Labeled Faces in the Wild, 25x25 grey, float in [0, 1]")
        f.attrs["recipe"] = (f"pixels round(255 * value) as uint8; label 1 = face; stratified split "
                             f"split_indices(labels, test_per_class={FACES_TEST_PER_CLASS}, seed={FACES_SPLIT_SEED})")
        for name, rows in (("train", train), ("test", test)):
            f.create_dataset(f"{name}_set_x", data=images[rows], track_times=False)
            f.create_dataset(f"{name}_set_y", data=labels[rows], track_times=False)
        f.create_dataset("list_classes", data=np.array(FACES_CLASSES), track_times=False)
    return path


def _read(f, split):
    return np.array(f[f"{split}_set_x"]), np.array(f[f"{split}_set_y"]).reshape(1, -1)


def load_dataset(path=None):
    """Training and test images with their labels, from the course's file or the original cat files.

    Inputs:
    - path: None for datasets/faces.h5; a .h5 file holding train_set_x, train_set_y, test_set_x,
      test_set_y and list_classes; or a folder holding the original train_catvnoncat.h5 and
      test_catvnoncat.h5 (classes are then read from the test file).

    Returns:
    - train_set_x: (m_train, h, w[, c]) uint8 images; train_set_y: (1, m_train) labels;
    - test_set_x: (m_test, h, w[, c]) uint8; test_set_y: (1, m_test);
    - classes: (2,) bytes array, classes[label] the name of a label.
    """
    import h5py
    path = Path(path) if path is not None else FACES_FILE
    if path.is_dir():
        missing = [name for name in ORIGINAL_FILES if not (path / name).is_file()]
        if missing:
            raise FileNotFoundError(f"{path} lacks {missing}: expected the original {' and '.join(ORIGINAL_FILES)}")
        with h5py.File(path / ORIGINAL_FILES[0], "r") as f:
            train_x, train_y = _read(f, "train")
        with h5py.File(path / ORIGINAL_FILES[1], "r") as f:
            test_x, test_y = _read(f, "test")
            classes = np.array(f["list_classes"])
        return train_x, train_y, test_x, test_y, classes
    with h5py.File(path, "r") as f:
        return (*_read(f, "train"), *_read(f, "test"), np.array(f["list_classes"]))


def load_image(path, shape):
    """A picture file (any format Pillow reads) as an image of a data set's shape, to classify it.

    The picture is converted to grey ("L") or RGB and resized to the target's width and height with
    a Lanczos filter, its aspect ratio not kept (crop the file first to keep it).

    Inputs:
    - path: the picture file; shape: (h, w) for grey or (h, w, 3) for colour images, as
      train_set_x.shape[1:].

    Returns:
    - image: uint8 array of that shape, values 0-255 like the data set's images.
    """
    from PIL import Image
    if len(shape) not in (2, 3) or (len(shape) == 3 and shape[2] != 3):
        raise ValueError(f"shape must be (h, w) or (h, w, 3), as a data set's images; got {tuple(shape)}")
    with Image.open(path) as picture:
        picture = picture.convert("L" if len(shape) == 2 else "RGB")
        resized = picture.resize((int(shape[1]), int(shape[0])), Image.Resampling.LANCZOS)
    return np.asarray(resized, dtype=np.uint8)
