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


# --- Hard caps: each violation is a WireError naming what was exceeded ------------------------------

def _array(dtype, shape, data=""):
    return {"__ndarray__": {"dtype": dtype, "shape": shape, "data": data}}


def _nested(depth, leaf=None):
    for _ in range(depth):
        leaf = [leaf]
    return leaf


@pytest.mark.parametrize("data, why", [
    ({"__int__": "9" * 1_000_000}, "more than 1000 digits"),           # Python's own limit would say 4300
    ({"__int__": "-" + "9" * 1001}, "more than 1000 digits"),
    ({"__int__": "+1"}, "not written as str"),
    ({"__int__": "1_000"}, "not written as str"),
    ({"__int__": " 1"}, "not written as str"),
    ({"__int__": "007"}, "not written as str"),
    ({"__int__": "-0"}, "not written as str"),
    ({"__int__": "\u0661\u0662"}, "not written as str"),                # Arabic-Indic digits, which int() takes
    ({"__int__": "1e3"}, "bad integer"),
    ({"__float__": "1e999999"}, "not written as repr"),
    ({"__float__": "infinity"}, "not written as repr"),
    ({"__float__": "-nan"}, "not written as repr"),
    ({"__float__": "1.50"}, "not written as repr"),
    ({"__float__": "0x1p3"}, "bad float"),
    ({"__float__": "1" * 400}, "too long"),
    (_nested(wire.MAX_DEPTH + 3), "nesting deeper than 16"),
    (_nested(100_000), "nesting deeper than 16"),
    ({"__dict__": {"a": {"__tuple__": _nested(30)}}}, "nesting deeper"),
    ([None] * (wire.MAX_ITEMS + 1), "more than 200000 items"),
    ({"__dict__": {str(i): None for i in range(wire.MAX_ITEMS + 1)}}, "more than 200000 items"),
    ([[None] * 1000] * 250, "more than 200000 items"),                   # the count is for the whole value
    ("x" * (wire.MAX_STRING_CHARS + 1), "a string longer than 100000"),
    ({"__dict__": {"k" * (wire.MAX_STRING_CHARS + 1): None}}, "a dict key longer"),
    (["x" * wire.MAX_STRING_CHARS] * 1400, "MiB of data in one value"),
    ({"__unsupported__": ["nested", {"a": 1}]}, "unknown tag '__unsupported__' or a body of the wrong type"),
    ({"__dict__": []}, "body of the wrong type"),
    ({}, "unexpected item of type dict"),
    (10 ** 5000, "unexpected item of type int"),
    (b"bytes", "unexpected item of type bytes"),
    (_array("float64", [2 ** 40, 2 ** 40], "AAAA"), "array too large"),
    (_array("float64", [2 ** 62, 2 ** 62]), "array too large"),
    (_array("float64", [0, 2 ** 62]), "array too large"),           # no elements, yet no numpy array has it
    (_array("uint8", [0, 10 ** 100]), "array too large"),
    (_array("uint8", [wire.MAX_ARRAY_ELEMENTS + 1]), "array too large"),
    (_array("float64", [wire.MAX_ARRAY_BYTES // 8 + 1]), "array too large"),
    (_array("float64", [1] * 33), "at most 32"),
    (_array("float64", [1.0]), "bad array shape"),
    (_array("float64", [True]), "bad array shape"),
    (_array("float64", "8"), "bad array shape"),
    (_array(["float64"], [1]), "is not allowed"),
    (_array(">f8", [1]), "is not allowed"),
    (_array("float64", [1], [0] * 8), "bad array data"),
    (_array("float64", [4], "AAAA"), "does not match its shape"),
    (_array("float64", [1], "AAAAAAAAAAA=" + "A" * 10 ** 6), "does not match its shape"),
    (_array("float64", [2], "!" * 24), "not base64"),
    (_array("float64", [1], "\u00e9" * 12), "not base64"),
    (_array("bool", [2, 2], base64.b64encode(b"\x00\x01\x02\x01").decode()), "bytes other than 0 and 1"),
], ids=lambda v: v if isinstance(v, str) and len(v) < 60 else "data")   # str() of some data would raise
def test_decode_enforces_hard_caps(data, why):
    with pytest.raises(wire.WireError, match=why.replace("(", r"\(").replace("+", r"\+")):
        wire.decode(data)


def test_values_at_the_caps_still_cross():
    deepest = _nested(wire.MAX_DEPTH, 1.5)
    assert roundtrip(deepest) == deepest
    too_deep = roundtrip(_nested(wire.MAX_DEPTH + 5, 1.5))
    for _ in range(wire.MAX_DEPTH + 1):
        too_deep = too_deep[0]
    assert isinstance(too_deep, wire.Unsupported) and too_deep.what == "nesting too deep"
    big = 10 ** (wire.MAX_INT_DIGITS - 1)
    assert roundtrip([big, -big]) == [big, -big]
    assert roundtrip([None] * (wire.MAX_ITEMS - 1)) == [None] * (wire.MAX_ITEMS - 1)
    largest = np.zeros(wire.MAX_ARRAY_BYTES // 8)
    assert roundtrip(largest).shape == largest.shape


def test_nan_and_inf_cross_as_encode_writes_them():
    back = roundtrip([float("nan"), float("-inf"), np.float32("inf"), np.array([np.nan, -0.0])])
    assert np.isnan(back[0]) and back[1] == -np.inf and back[2] == np.inf
    assert np.isnan(back[3][0]) and np.signbit(back[3][1])


def test_zero_size_and_zero_dimensional_arrays_cross():
    for value in (np.zeros((0, 3)), np.zeros((3, 0, 2), dtype=np.int8), np.zeros(0, dtype=bool)):
        back = roundtrip(value)
        assert back.shape == value.shape and back.dtype == value.dtype and np.array_equal(back, value)
    # encode sends a 0-d array as shape [1] (np.ascontiguousarray); decode still reads shape [] as 0-d
    scalar = wire.decode(_array("float64", [], base64.b64encode(np.float64(2.5).tobytes()).decode()))
    assert scalar.shape == () and scalar == 2.5


def test_dict_keys_named_like_tags_are_plain_keys():
    value = {"__int__": 1, "__ndarray__": "x", "__dict__": {"__tuple__": (1,)}}
    assert roundtrip(value) == value


def test_decoded_arrays_are_writable_copies_in_native_byte_order():
    back = roundtrip(np.arange(4, dtype=">i4"))
    back[0] = 9
    assert back.dtype == np.dtype("int32") and back.dtype.isnative and back.tolist() == [9, 1, 2, 3]
