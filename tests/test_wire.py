"""The plain-data format between the student's process and the grader."""
import base64
import json

import numpy as np
import pytest

from autograder import wire


def roundtrip(value):
    return wire.decode(json.loads(json.dumps(wire.encode(value))))


def test_roundtrip_keeps_types_values_and_dtypes():
    value = {"W1": np.arange(6, dtype=np.float64).reshape(2, 3) / 7, "mask": np.array([[True, False]]),
             "n": 3, "x": float("inf"), "t": (1, "a", None), "l": [np.int64(2), np.float32(0.5)]}
    back = roundtrip(value)
    assert back["W1"].dtype == np.float64 and np.array_equal(back["W1"], value["W1"])
    assert back["mask"].dtype == np.bool_ and back["mask"].tolist() == [[True, False]]
    assert back["n"] == 3 and back["x"] == float("inf") and back["t"] == (1, "a", None)
    assert back["l"] == [2, 0.5]


def test_array_subclass_arrives_as_a_plain_array():
    class Sneaky(np.ndarray):
        def __eq__(self, other):
            return True
    value = np.zeros(3).view(Sneaky)
    back = roundtrip(value)
    assert type(back) is np.ndarray
    assert not np.array_equal(back, np.ones(3))


def test_objects_that_claim_equality_become_unsupported():
    class EqualsAnything:
        def __eq__(self, other):
            return True
    back = roundtrip({"W1": EqualsAnything()})
    assert isinstance(back["W1"], wire.Unsupported) and back["W1"] != np.zeros(1).tolist()
    assert isinstance(roundtrip(np.array([object()], dtype=object)), wire.Unsupported)


@pytest.mark.parametrize("data, why", [
    ({"__ndarray__": {"dtype": "object", "shape": [1], "data": ""}}, "not allowed"),
    ({"__ndarray__": {"dtype": "float64", "shape": [2], "data": base64.b64encode(b"x" * 8).decode()}},
     "does not match"),
    ({"__ndarray__": {"dtype": "float64", "shape": [10 ** 9], "data": ""}}, "too large"),
    ({"__ndarray__": {"dtype": "float64", "shape": [-1], "data": ""}}, "bad array shape"),
    ({"__pickle__": "gASV"}, "unknown tag"),
    ({"__int__": "12", "__float__": "1"}, "unexpected item"),
    (3.5, "unexpected item"),
])
def test_decode_rejects_anything_but_plain_data(data, why):
    with pytest.raises(wire.WireError, match=why):
        wire.decode(data)
