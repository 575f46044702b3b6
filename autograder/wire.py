"""Plain-data encoding between the student's process and the trusted grader.

Only None, bool, int, float, str, lists, tuples, str-keyed dicts and numpy arrays
of plain numeric or boolean dtypes cross the boundary, as JSON (never pickle).
`encode` runs in the student's process and is not trusted; `decode` runs in the
grader and rejects anything that is not exactly that data, within hard caps.

What `decode` accepts (anything else raises WireError with the reason):
- nesting at most MAX_DEPTH containers deep (plus encode's marker for deeper values);
- at most MAX_ITEMS items in one value, counting every scalar, container and array;
- at most MAX_VALUE_BYTES of array data and string characters in one value;
- strings and dict keys of at most MAX_STRING_CHARS characters;
- integers written as encode writes them (str(int)), at most MAX_INT_DIGITS digits:
  far below Python's int/str conversion limit, and larger than any float;
- floats written as encode writes them (repr(float)), so "nan", "inf" and "-inf" are
  accepted (a numerical result may legitimately overflow; the comparison reports it)
  but "1e999999", "infinity", " 1.5", "1_0" or "-nan" are not;
- arrays of ALLOWED_DTYPES with at most MAX_ARRAY_NDIM dimensions, every dimension and
  the number of elements at most MAX_ARRAY_ELEMENTS, at most MAX_ARRAY_BYTES of data,
  base64 data of exactly the length the shape needs, booleans stored as bytes 0 or 1.
"""
import base64
import math

import numpy as np

ALLOWED_DTYPES = {"bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
                  "float16", "float32", "float64"}
MAX_DEPTH = 16
MAX_ITEMS = 200_000
MAX_VALUE_BYTES = 128 * 1024 * 1024
MAX_STRING_CHARS = 100_000
MAX_INT_DIGITS = 1_000
MAX_FLOAT_CHARS = 32      # repr(float) never needs more than 24
MAX_ARRAY_NDIM = 32
MAX_ARRAY_ELEMENTS = 2 ** 24
MAX_ARRAY_BYTES = 64 * 1024 * 1024


class WireError(ValueError):
    """The data from the student's process is not valid plain data."""


def encode(value, depth=0):
    """Turn a return value into JSON-compatible plain data (lossless for supported types)."""
    if depth > MAX_DEPTH:
        return {"__unsupported__": "nesting too deep"}
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, (int, np.integer)) and not isinstance(value, np.bool_):
        return {"__int__": str(int(value))}
    if isinstance(value, (float, np.floating)):
        return {"__float__": repr(float(value))}
    if isinstance(value, np.bool_):
        return bool(value)
    if isinstance(value, np.ndarray):
        arr = np.ascontiguousarray(np.asarray(value))
        if arr.dtype.name not in ALLOWED_DTYPES:
            return {"__unsupported__": f"numpy array of dtype {arr.dtype}"}
        arr = arr.astype(arr.dtype.newbyteorder("<"), copy=False)
        return {"__ndarray__": {"dtype": arr.dtype.name, "shape": list(arr.shape),
                                "data": base64.b64encode(arr.tobytes()).decode("ascii")}}
    if isinstance(value, (list, tuple)):
        items = [encode(v, depth + 1) for v in value]
        return {"__tuple__": items} if isinstance(value, tuple) else items
    if isinstance(value, dict):
        if not all(isinstance(k, str) for k in value):
            return {"__unsupported__": "dict with non-string keys"}
        return {"__dict__": {k: encode(v, depth + 1) for k, v in value.items()}}
    return {"__unsupported__": type(value).__name__}


def changed_arguments(before, args):
    """Positions of the arguments that differ from `before`, the encoded list they were decoded from.

    For functions that must leave their inputs alone (a parameter update that returns new arrays):
    called after the function returned, it finds writes into the caller's arrays, dicts and lists.
    Equality is of the encoded bytes, so writing back the very same values is not a change.
    """
    return [i for i, (old, new) in enumerate(zip(before, encode(list(args)))) if old != new]


class Unsupported:
    """Stands for a value the student's process could not send as plain data."""

    def __init__(self, what):
        self.what = str(what)[:200]

    def __repr__(self):
        return f"<unsupported {self.what}>"


def decode(data):
    """Inverse of `encode`, strict and bounded: raises WireError on anything else."""
    return _Decoder().decode(data, 0)


class _Decoder:
    """One value's decoding; the counters make the caps hold for the value as a whole."""

    def __init__(self):
        self.items = 0
        self.bytes = 0

    def _count(self, items, nbytes=0):
        self.items += items
        self.bytes += nbytes
        self._room(0)

    def _room(self, items):
        """Raise when `items` more items, or the data counted so far, would exceed the caps."""
        if self.items + items > MAX_ITEMS:
            raise WireError(f"more than {MAX_ITEMS} items in one value (numbers belong in numpy arrays, "
                            f"not in lists)")
        if self.bytes > MAX_VALUE_BYTES:
            raise WireError(f"more than {MAX_VALUE_BYTES // 2 ** 20} MiB of data in one value")

    def _string(self, s, what):
        if len(s) > MAX_STRING_CHARS:
            raise WireError(f"{what} longer than {MAX_STRING_CHARS} characters")
        self._count(0, len(s))
        return s

    def decode(self, data, depth):
        if depth > MAX_DEPTH + 1:
            raise WireError(f"nesting deeper than {MAX_DEPTH} levels")
        self._count(1)
        if data is None or isinstance(data, bool):
            return data
        if isinstance(data, str):
            return self._string(data, "a string")
        if isinstance(data, list):
            return self._list(data, depth)
        if not isinstance(data, dict) or len(data) != 1:
            raise WireError(f"unexpected item of type {type(data).__name__}")
        (tag, body), = data.items()
        if tag == "__int__" and isinstance(body, str):
            return _integer(body)
        if tag == "__float__" and isinstance(body, str):
            return _float(body)
        if tag == "__tuple__" and isinstance(body, list):
            return tuple(self._list(body, depth))
        if tag == "__dict__" and isinstance(body, dict):
            self._room(len(body))
            out = {}
            for key, value in body.items():
                if not isinstance(key, str):
                    raise WireError("dict key that is not a string")
                out[self._string(key, "a dict key")] = self.decode(value, depth + 1)
            return out
        if tag == "__unsupported__" and isinstance(body, str):
            return Unsupported(self._string(body, "a description"))
        if tag == "__ndarray__" and isinstance(body, dict):
            return self._array(body)
        raise WireError(f"unknown tag {_shown(tag)} or a body of the wrong type")

    def _list(self, items, depth):
        self._room(len(items))
        return [self.decode(v, depth + 1) for v in items]

    def _array(self, body):
        if set(body) != {"dtype", "shape", "data"}:
            raise WireError("array needs exactly dtype, shape and data")
        dtype, shape, data = body["dtype"], body["shape"], body["data"]
        if not isinstance(dtype, str) or dtype not in ALLOWED_DTYPES:
            raise WireError(f"array dtype {_shown(dtype)} is not allowed")
        if (not isinstance(shape, list) or len(shape) > MAX_ARRAY_NDIM
                or not all(type(n) is int and 0 <= n for n in shape)):
            raise WireError(f"bad array shape (a list of at most {MAX_ARRAY_NDIM} non-negative integers)")
        if not isinstance(data, str):
            raise WireError("bad array data")
        dt = np.dtype(dtype).newbyteorder("<")
        # Each dimension on its own too: [0, 2**62] has no elements, yet numpy has no array of that shape.
        elements = math.prod(shape) if all(n <= MAX_ARRAY_ELEMENTS for n in shape) else math.inf
        nbytes = elements * dt.itemsize
        if elements > MAX_ARRAY_ELEMENTS or nbytes > MAX_ARRAY_BYTES:
            raise WireError(f"array too large (at most {MAX_ARRAY_ELEMENTS} elements and "
                            f"{MAX_ARRAY_BYTES // 2 ** 20} MiB)")
        if len(data) != 4 * ((nbytes + 2) // 3):   # what b64encode writes for nbytes, padding included
            raise WireError("array data does not match its shape")
        self._count(0, nbytes)
        try:
            raw = base64.b64decode(data.encode("ascii"), validate=True)
        except (ValueError, UnicodeEncodeError):
            raise WireError("array data is not base64") from None
        if len(raw) != nbytes:
            raise WireError("array data does not match its shape")
        if dtype == "bool" and raw.translate(None, b"\x00\x01"):
            raise WireError("boolean array holding bytes other than 0 and 1")
        return np.frombuffer(raw, dtype=dt).reshape(shape).astype(dt.newbyteorder("="))


def _shown(x):
    """A student's item in a message: short, and never str() of something that could raise."""
    return repr(x[:40]) if isinstance(x, str) else f"of type {type(x).__name__}"


def _integer(body):
    if len(body) - body.startswith("-") > MAX_INT_DIGITS:
        raise WireError(f"integer with more than {MAX_INT_DIGITS} digits")
    try:
        value = int(body)
    except ValueError:
        raise WireError("bad integer") from None
    if str(value) != body:   # int() also takes "+1", " 1", "1_0" and other scripts' digits
        raise WireError("bad integer (not written as str(int) writes it)")
    return value


def _float(body):
    if len(body) > MAX_FLOAT_CHARS:
        raise WireError("bad float (too long)")
    try:
        value = float(body)
    except ValueError:
        raise WireError("bad float") from None
    if repr(value) != body:   # so "1e999999" and "infinity" cannot stand in for what encode sends
        raise WireError("bad float (not written as repr(float) writes it)")
    return value
