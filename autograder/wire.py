"""Plain-data encoding between the student's process and the trusted grader.

Only None, bool, int, float, str, lists, tuples, str-keyed dicts and numpy arrays
of plain numeric or boolean dtypes cross the boundary, as JSON (never pickle).
`encode` runs in the student's process and is not trusted; `decode` runs in the
grader and rejects anything that is not exactly that data, within size limits.
"""
import base64
import math

import numpy as np

ALLOWED_DTYPES = {"bool", "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64",
                  "float16", "float32", "float64"}
MAX_DEPTH = 16
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


class Unsupported:
    """Stands for a value the student's process could not send as plain data."""

    def __init__(self, what):
        self.what = str(what)[:200]

    def __repr__(self):
        return f"<unsupported {self.what}>"


def decode(data, depth=0):
    """Inverse of `encode`, strict: raises WireError on anything else."""
    if depth > MAX_DEPTH + 1:
        raise WireError("nesting too deep")
    if data is None or isinstance(data, (bool, str)):
        return data
    if isinstance(data, list):
        return [decode(v, depth + 1) for v in data]
    if not isinstance(data, dict) or len(data) != 1:
        raise WireError(f"unexpected item of type {type(data).__name__}")
    (tag, body), = data.items()
    if tag == "__int__" and isinstance(body, str):
        try:
            return int(body)
        except ValueError:
            raise WireError("bad integer") from None
    if tag == "__float__" and isinstance(body, str):
        try:
            return float(body)
        except ValueError:
            raise WireError("bad float") from None
    if tag == "__tuple__" and isinstance(body, list):
        return tuple(decode(v, depth + 1) for v in body)
    if tag == "__dict__" and isinstance(body, dict):
        return {str(k): decode(v, depth + 1) for k, v in body.items()}
    if tag == "__unsupported__":
        return Unsupported(body)
    if tag == "__ndarray__" and isinstance(body, dict):
        return _decode_array(body)
    raise WireError(f"unknown tag {tag[:40]!r}")


def _decode_array(body):
    if set(body) != {"dtype", "shape", "data"}:
        raise WireError("array needs exactly dtype, shape and data")
    dtype, shape, data = body["dtype"], body["shape"], body["data"]
    if dtype not in ALLOWED_DTYPES:
        raise WireError(f"array dtype {str(dtype)[:20]!r} is not allowed")
    if (not isinstance(shape, list) or len(shape) > 32
            or not all(isinstance(n, int) and not isinstance(n, bool) and 0 <= n for n in shape)):
        raise WireError("bad array shape")
    if not isinstance(data, str):
        raise WireError("bad array data")
    dt = np.dtype(dtype).newbyteorder("<")
    nbytes = math.prod(shape) * dt.itemsize
    if nbytes > MAX_ARRAY_BYTES or len(data) > 4 * (MAX_ARRAY_BYTES // 3 + 3):
        raise WireError("array too large")
    try:
        raw = base64.b64decode(data.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError):
        raise WireError("array data is not base64") from None
    if len(raw) != nbytes:
        raise WireError("array data does not match its shape")
    return np.frombuffer(raw, dtype=dt).reshape(shape).astype(dt.newbyteorder("="))
