"""The student's process: limits and failures cost only the calls they touch."""
import numpy as np
import pytest

from autograder import sandbox, wire

SETUP = ["import numpy as np"]


def run(source, calls, **limits):
    cells = [{"grade_id": "answer", "source": source}]
    encoded = [{"id": f"{fn}#{i}", "function": fn, "args": wire.encode(list(args)), "seed": None}
               for i, (fn, args) in enumerate(calls)]
    return sandbox.run(SETUP, cells, encoded, sandbox.Limits(**{"call_seconds": 2, **limits}))


GOOD = "def good(n):\n    return np.arange(n) * 2.0\n"


def status(result):
    return {k: v.status for k, v in result.calls.items()}


def test_results_come_back_as_plain_data():
    r = run(GOOD, [("good", (3,))])
    assert r.calls["good#0"].status == "ok"
    assert wire.decode(r.calls["good#0"].value).tolist() == [0.0, 2.0, 4.0]


def test_loop_that_swallows_keyboard_interrupt_times_out_alone():
    src = GOOD + ("def stuck(n):\n    while True:\n        try:\n            pass\n"
                  "        except BaseException:\n            pass\n")
    r = run(src, [("stuck", (1,)), ("stuck", (2,)), ("good", (2,))])
    assert status(r) == {"stuck#0": "timeout", "stuck#1": "timeout", "good#2": "ok"}
    assert "did not return within 2 s" in r.calls["stuck#0"].message
    assert "earlier call of stuck" in r.calls["stuck#1"].message


@pytest.mark.parametrize("body", ["import os; os._exit(0)", "import sys; sys.exit(3)",
                                  "import ctypes; ctypes.string_at(0)",
                                  "import os, signal; os.kill(os.getppid(), 0) or os._exit(9)"])
def test_a_call_that_ends_its_process_costs_only_itself(body):
    r = run(GOOD + f"def bad(n):\n    {body}\n", [("good", (1,)), ("bad", (1,)), ("good", (2,))])
    assert r.calls["good#0"].status == "ok" and r.calls["good#2"].status == "ok"
    assert r.calls["bad#1"].status in ("crashed", "error")


def test_memory_bomb_hits_the_memory_limit():
    src = GOOD + "def bomb(n):\n    return np.ones((n, n))\n"
    r = run(src, [("bomb", (40000,)), ("good", (1,))], memory_bytes=1024 ** 3)
    assert r.calls["bomb#0"].status == "error" and "MemoryError" in r.calls["bomb#0"].message
    assert r.calls["good#1"].status == "ok"


def test_printing_without_end_costs_only_its_own_call():
    # The grader never reads the student's output (it goes nowhere), so printing only uses up time.
    src = GOOD + "def chatty(n):\n    while True:\n        print('x' * 10000)\n"
    r = run(src, [("chatty", (1,)), ("good", (1,))], output_bytes=1024 ** 2, call_seconds=2)
    assert r.calls["chatty#0"].status == "timeout"
    assert r.calls["good#1"].status == "ok"


def test_writing_a_file_beyond_the_output_limit_fails_inside_the_call():
    src = GOOD + "def big(n):\n    open('big.bin', 'wb').write(b'x' * n)\n"
    r = run(src, [("big", (4 * 1024 ** 2,)), ("good", (1,))], output_bytes=1024 ** 2)
    # Python ignores SIGXFSZ, so the write fails (EFBIG or ENOSPC) inside the call instead of killing it.
    assert r.calls["big#0"].status == "error" and "OSError" in r.calls["big#0"].message, r.calls["big#0"]
    assert r.calls["good#1"].status == "ok"


def test_cell_that_never_finishes_is_skipped_and_its_functions_are_missing():
    cells = [{"grade_id": "a", "source": GOOD},
             {"grade_id": "b", "source": "def later(n):\n    return n\nwhile True:\n    pass\n"}]
    calls = [{"id": f"{fn}#{i}", "function": fn, "args": wire.encode([1]), "seed": None}
             for i, fn in enumerate(["good", "later"])]
    r = sandbox.run(SETUP, cells, calls, sandbox.Limits(cell_seconds=2))
    assert r.cells["a"].status == "ok" and r.cells["b"].status == "timeout"
    assert status(r) == {"good#0": "ok", "later#1": "missing"}


def test_cell_errors_are_reported_with_the_student_line():
    cells = [{"grade_id": "a", "source": "x = 1\ny = 1 / 0\n"}]
    r = sandbox.run(SETUP, cells, [], sandbox.Limits())
    assert r.cells["a"].status == "error" and "ZeroDivisionError" in r.cells["a"].message
    assert "cell a, line 2" in r.cells["a"].message


def test_seed_is_applied_before_the_call():
    src = "def draw():\n    return np.random.rand(2)\n"
    cells = [{"grade_id": "a", "source": src}]
    calls = [{"id": "draw#0", "function": "draw", "args": wire.encode([]), "seed": 5}]
    r = sandbox.run(SETUP, cells, calls, sandbox.Limits())
    np.random.seed(5)
    assert np.array_equal(wire.decode(r.calls["draw#0"].value), np.random.rand(2))


def test_student_process_gets_no_grader_environment():
    src = "import os\ndef env():\n    return sorted(os.environ)\ndef cwd():\n    return sorted(os.listdir('.'))\n"
    r = run(src, [("env", ()), ("cwd", ())])
    names = wire.decode(r.calls["env#0"].value)
    assert not any("TOKEN" in n or "SECRET" in n for n in names)
    assert wire.decode(r.calls["cwd#1"].value) == []   # a fresh, empty scratch directory


def test_restarts_are_capped_per_submission():
    src = GOOD + "".join(f"def crash{i}(n):\n    import os\n    os._exit(3)\n" for i in range(4))
    r = run(src, [(f"crash{i}", (1,)) for i in range(4)] + [("good", (1,))], restarts=2)
    assert r.restarts == 3
    assert [r.calls[f"crash{i}#{i}"].status for i in range(3)] == ["crashed"] * 3
    assert "ended 3 times" in r.calls["crash3#3"].message and "ended 3 times" in r.calls["good#4"].message


def test_a_function_that_ends_its_process_is_not_run_again():
    src = GOOD + "def crash(n):\n    import os\n    os._exit(3)\n"
    r = run(src, [("crash", (1,)), ("crash", (2,)), ("good", (1,))])
    assert r.restarts == 1 and r.calls["good#2"].status == "ok"
    assert "earlier call of crash ended the process" in r.calls["crash#1"].message


def test_events_for_calls_the_grader_did_not_ask_for_cost_the_current_call():
    src = GOOD + ("def forge(n):\n    import os\n"
                  "    os.write(3, b'{\"event\": \"call_done\", \"id\": \"good#2\", \"ok\": true, \"value\": 1}\\n')\n"
                  "    return 0\n")
    r = run(src, [("good", (1,)), ("forge", (1,)), ("good", (2,))])
    assert r.calls["forge#1"].status == "crashed" and "did not ask for" in r.calls["forge#1"].message
    assert r.calls["good#2"].status == "ok" and wire.decode(r.calls["good#2"].value).tolist() == [0.0, 2.0]


@pytest.mark.parametrize("frame", ["b'[' * (40 * 1024 * 1024)", "b'[' + b'0,' * (1024 * 1024) + b'0]\\n'",
                                   "b'[' * 100000 + b']' * 100000 + b'\\n'"])
def test_oversized_deep_or_item_heavy_frames_cost_only_the_current_call(frame):
    src = GOOD + f"def flood(n):\n    import os\n    os.write(3, {frame})\n    return 0\n"
    r = run(src, [("flood", (1,)), ("good", (1,))])
    assert r.calls["flood#0"].status == "crashed" and "malformed or oversized" in r.calls["flood#0"].message
    assert r.calls["good#1"].status == "ok"
