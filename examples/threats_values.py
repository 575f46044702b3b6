"""More hostile submissions of the Initialization assignment (merged into examples.threats.THREATS).

Same form as examples/threats.py: scenario -> (builder(root) -> {file name: bytes},
expected total or None, {test id: status other than passed}, text the report must contain).

These return values built to break the judge: integers too large to convert, nesting far
deeper than any answer, arrays of absurd shapes, keys of megabytes, NaN everywhere. Some go
through the worker's own encoding; the "forges-" ones skip it and write a raw frame on the
result pipe (file descriptor 3) claiming to be the result of their own first call, then end the
process so that the grader reads that frame. Each must cost its own test a plain 0 with a
message, and leave the other tests of the submission graded.
"""
ASSIGNMENT = "initialization"
HE, RANDOM, ZEROS = "initialize_parameters_he", "initialize_parameters_random", "initialize_parameters_zeros"
FULL = 8.0
POINTS = {HE: 3.0, RANDOM: 3.0, ZEROS: 2.0}
UNJUDGEABLE = "the returned value could not be judged"


def _with(root, function, body, header=""):
    from examples.threat_base import _with as with_answers
    return with_answers(root, **{function: f"{header}def {function}(layers_dims):\n{body}"})


def _first_call_id(root, function):
    from autograder.assignment import load_assignment
    return next(c["id"] for c in load_assignment(root, ASSIGNMENT).calls() if c["function"] == function)


def _forges(value_expression):
    """A builder whose HE writes a call_done frame with this value for its first call, then exits.

    value_expression: Python source evaluating to the bytes of the frame's "value" (raw JSON).
    """
    def build(root):
        head = f'{{"event": "call_done", "id": "{_first_call_id(root, HE)}", "ok": true, "value": '.encode()
        body = (f"    frame = {head!r} + {value_expression} + b'}}\\n'\n"
                "    while frame:   # a pipe takes large writes in pieces\n"
                "        frame = frame[os.write(3, frame):]\n"
                "    os._exit(0)\n")
        return _with(root, HE, body, header="import os\n\n")
    return build


def returns_an_int_too_large_to_write(root):
    return _with(root, HE, "    return {'W1': 10 ** 100000}\n")


def lifts_the_int_limit_and_returns_a_huge_int(root):
    return _with(root, HE, "    sys.set_int_max_str_digits(0)\n    return {'W1': 10 ** 20000, 'b1': 0}\n",
                 header="import sys\n\n")


def returns_nesting_100000_deep(root):
    return _with(root, ZEROS, "    value = {}\n    for _ in range(100000):\n        value = [value]\n    return value\n")


def returns_nan_everywhere(root):
    return _with(root, RANDOM, "    return {f'{k}{l}': np.full((layers_dims[l], layers_dims[l - 1] if k == 'W' else 1), "
                               "np.nan)\n            for l in range(1, len(layers_dims)) for k in 'Wb'}\n")


def returns_keys_of_megabytes(root):
    return _with(root, RANDOM, "    return {'W' * 200000 + str(i): 0.0 for i in range(20)}\n")


forges_a_million_digit_int = _forges("""b'{"__dict__": {"W1": {"__int__": "' + b'9' * 10 ** 6 + b'"}}}'""")
forges_an_absurd_array_shape = _forges(
    """b'{"__dict__": {"W1": {"__ndarray__": {"dtype": "float64", "shape": [1099511627776, 1099511627776], '"""
    """b'"data": "AAAA"}}, "b1": {"__ndarray__": {"dtype": "float64", "shape": [0, 4611686018427387904], '"""
    """b'"data": ""}}}}'""")
forges_nesting_100000_deep = _forges("b'[' * 100000 + b']' * 100000")


def _zero(function, status, text):
    """Expected outcome: only `function`'s test earns nothing."""
    return FULL - POINTS[function], {"test_" + function: status}, text


THREATS = {
    "returns-an-int-too-large-to-write": (returns_an_int_too_large_to_write,
                                          *_zero(HE, "error", "integer string conversion")),
    "lifts-the-int-limit-and-returns-a-huge-int": (lifts_the_int_limit_and_returns_a_huge_int,
                                                   *_zero(HE, "failed", "integer with more than 1000 digits")),
    "returns-nesting-100000-deep": (returns_nesting_100000_deep, *_zero(ZEROS, "failed", "returned a list")),
    "returns-nan-everywhere": (returns_nan_everywhere, *_zero(RANDOM, "failed", "nan or inf value(s)")),
    "returns-keys-of-megabytes": (returns_keys_of_megabytes,
                                  *_zero(RANDOM, "failed", "a dict key longer than 100000 characters")),
    "forges-a-million-digit-int": (forges_a_million_digit_int,
                                   *_zero(HE, "failed", "integer with more than 1000 digits")),
    "forges-an-absurd-array-shape": (forges_an_absurd_array_shape, *_zero(HE, "failed", "array too large")),
    # Refused while the frame is read (too deep to parse), before any value reaches the judge.
    "forges-nesting-100000-deep": (forges_nesting_100000_deep, *_zero(HE, "error", "")),
}
