"""How long a student's process lives: warm ones wait ready in a pool, each serves one student, none outlives the grader."""
import os
import signal
import subprocess
import sys
import textwrap
import time
import uuid
from pathlib import Path

import pytest

from autograder import isolation, sandbox, wire

SETUP = ["import numpy as np", "SETUP_RAN = np.arange(3).sum()"]


def _calls(*specs):
    return [{"id": f"{fn}#{i}", "function": fn, "args": wire.encode(list(args)), "seed": None}
            for i, (fn, args) in enumerate(specs)]


def _cells(source):
    return [{"grade_id": "answer", "source": source}]


def _limits(**overrides):
    limits = sandbox.Limits(call_seconds=5)
    limits.sandbox = not isolation.check_available()
    for name, value in overrides.items():
        setattr(limits, name, value)
    return limits


def _alive(pid):
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:   # a zombie is dead for our purpose
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def _statuses(result):
    return {k: (v.status, wire.decode(v.value) if v.value is not None else v.message) for k, v in result.calls.items()}


def test_a_pooled_process_gives_the_same_outcomes_as_a_cold_one_and_has_run_the_setup():
    limits = _limits()
    source = "def seen():\n    return int(SETUP_RAN)\ndef crash():\n    import os; os._exit(3)\n"
    calls = _calls(("seen", ()), ("crash", ()), ("seen", ()))
    cold = sandbox.run(SETUP, _cells(source), calls, limits)
    with sandbox.WarmPool(SETUP, limits, size=2) as pool:
        warm = sandbox.run(SETUP, _cells(source), calls, limits, pool=pool)
    assert _statuses(warm) == _statuses(cold)
    assert _statuses(warm)["seen#0"] == ("ok", 3)
    assert warm.calls["crash#1"].status == "crashed" and warm.restarts == cold.restarts == 1
    assert warm.confinement == cold.confinement


def test_each_student_gets_a_process_of_their_own():
    """What one student leaves in memory or in /tmp is gone for the next, though both came from one pool."""
    limits = _limits()
    leave = ("import builtins, pathlib\nbuiltins.LEFT_BEHIND = 'a'\npathlib.Path('/tmp/left').write_text('a')\n"
             "def probe():\n    return 1\n")
    look = ("import builtins, pathlib\n"
            "def probe():\n    return [hasattr(builtins, 'LEFT_BEHIND'), pathlib.Path('/tmp/left').exists()]\n")
    with sandbox.WarmPool(SETUP, limits, size=1) as pool:
        first = sandbox.run(SETUP, _cells(leave), _calls(("probe", ())), limits, pool=pool)
        second = sandbox.run(SETUP, _cells(look), _calls(("probe", ())), limits, pool=pool)
    assert first.calls["probe#0"].status == "ok"
    assert wire.decode(second.calls["probe#0"].value) == [False, False]


def test_a_warm_process_that_died_while_waiting_is_not_charged_to_the_student():
    limits = _limits()
    with sandbox.WarmPool(SETUP, limits, size=1) as pool:
        deadline = time.monotonic() + 30
        while not pool._ready and time.monotonic() < deadline:
            time.sleep(0.05)
        waiting = pool._ready[0]
        assert waiting.started == "ok"
        os.killpg(waiting.proc.pid, signal.SIGKILL)   # its bubblewrap, as the next student finds it
        waiting.proc.wait()
        result = sandbox.run(SETUP, _cells("def f():\n    return 2\n"), _calls(("f", ())), limits, pool=pool)
    assert _statuses(result) == {"f#0": ("ok", 2)}
    assert result.restarts == 0


def test_a_setup_that_fails_fails_the_same_way_warm_or_cold():
    limits = _limits()
    setup = ["import numpy as np", "raise RuntimeError('the release is broken')"]
    calls = _calls(("f", ()))
    cold = sandbox.run(setup, _cells("def f():\n    return 1\n"), calls, limits)
    with sandbox.WarmPool(setup, limits, size=1) as pool:
        warm = sandbox.run(setup, _cells("def f():\n    return 1\n"), calls, limits, pool=pool)
    assert warm.cells["answer"].status == cold.cells["answer"].status == "crashed"
    assert warm.cells["answer"].message.startswith("setup failed")
    assert warm.calls["f#0"].status == cold.calls["f#0"].status


def test_closing_the_pool_leaves_no_process_behind():
    limits = _limits()
    pool = sandbox.WarmPool(SETUP, limits, size=2)
    deadline = time.monotonic() + 60
    while len(pool._ready) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    children = list(pool._ready)
    assert len(children) == 2 and all(c.started == "ok" for c in children)
    pids = [c.proc.pid for c in children]
    assert all(_alive(pid) for pid in pids)
    pool.close()
    assert not any(_alive(pid) for pid in pids)
    assert not any(t.is_alive() for t in pool._threads)
    assert pool.take(sandbox.RunResult(), timeout=0.1) is None


@pytest.mark.skipif(bool(isolation.check_available()), reason="the sandbox is not available on this machine")
def test_a_pooled_process_is_confined_before_the_student_arrives():
    """The warm process already runs under seccomp: the student's cells cannot start a program."""
    limits = _limits()
    source = "import subprocess\ndef spawn():\n    return subprocess.run(['/bin/true']).returncode\n"
    with sandbox.WarmPool(SETUP, limits, size=1) as pool:
        result = sandbox.run(SETUP, _cells(source), _calls(("spawn", ())), limits, pool=pool)
    assert result.calls["spawn#0"].status in ("error", "crashed")
    assert any("seccomp" in layer for layer in result.confinement)


def _named(marker):
    """Live processes whose name (PR_SET_NAME) is `marker`."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if Path(f"/proc/{pid}/comm").read_text().strip() == marker and _alive(int(pid)):
                found.append(int(pid))
        except OSError:
            continue
    return found


# What a student's code does to its own process before it sleeps: nothing; replace os._exit and os.kill;
# cancel the thread that watches the lifeline pipe (through ctypes: nothing in its own process is out of reach).
NEUTER = {
    "": "",
    "os-exit-replaced": "import os\nos._exit = os.kill = lambda *a: None\n",
    "lifeline-thread-cancelled": (
        "import ctypes, threading, time\n"
        "libc = ctypes.CDLL(None)\n"
        "libc.pthread_cancel.argtypes = [ctypes.c_ulong]\n"
        "for thread in threading.enumerate():\n"
        "    if thread is not threading.main_thread():\n"
        "        libc.pthread_cancel(thread.ident)\n"
        "time.sleep(0.2)\n"),
}


@pytest.mark.parametrize("warm, neuter", [(False, ""), (True, ""), (False, "os-exit-replaced"),
                                          (False, "lifeline-thread-cancelled")],
                         ids=["cold", "warm", "os-exit-replaced", "lifeline-thread-cancelled"])
def test_a_student_process_does_not_outlive_a_grader_killed_with_sigkill(tmp_path, warm, neuter):
    """The grader dies mid-call, with a student's process asleep (no CPU time, so no CPU limit ends it)."""
    marker = "lt" + uuid.uuid4().hex[:10]
    grader = tmp_path / "grader.py"
    grader.write_text(textwrap.dedent(f"""
        import sys
        sys.path.insert(0, {str(Path(__file__).resolve().parent.parent)!r})
        from autograder import isolation, sandbox, wire
        limits = sandbox.Limits(call_seconds=600, submission_seconds=600)
        limits.sandbox = not isolation.check_available()
        source = {NEUTER[neuter]!r} + ("import ctypes, time\\n"
                  "def f():\\n"
                  "    ctypes.CDLL(None).prctl(15, {marker.encode()!r}, 0, 0, 0)\\n"
                  "    time.sleep(600)\\n")
        calls = [{{"id": "f#0", "function": "f", "args": wire.encode([]), "seed": None}}]
        pool = sandbox.WarmPool(["import numpy as np"], limits, 1) if {warm!r} else None
        sandbox.run(["import numpy as np"], [{{"grade_id": "a", "source": source}}], calls, limits, pool=pool)
    """))
    proc = subprocess.Popen([sys.executable, str(grader)])
    try:
        deadline = time.monotonic() + 60
        while not _named(marker) and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.1)
        assert _named(marker), "the student's call never started"
    finally:
        proc.kill()
        proc.wait()
    deadline = time.monotonic() + 10
    while _named(marker) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = _named(marker)
    for pid in left:   # ours alone: named by this test's marker
        os.kill(pid, signal.SIGKILL)
    assert left == [], f"the student's process outlived the grader (pids {left})"


def test_a_pool_starts_no_more_processes_than_submissions_and_restarts_start_cold():
    limits = _limits()
    source = "def crash():\n    import os; os._exit(3)\ndef fine():\n    return 1\n"
    with sandbox.WarmPool(SETUP, limits, size=2, total=1) as pool:
        started = time.monotonic()
        result = sandbox.run(SETUP, _cells(source), _calls(("crash", ()), ("fine", ())), limits, pool=pool)
        elapsed = time.monotonic() - started
        assert not pool._ready and pool._starts_left == 0
    assert result.restarts == 1 and result.calls["fine#1"].status == "ok"
    # The pooled process's own exit status reached the grader: its bubblewrap outlived the filler thread
    # (bwrap dies with the thread that started it, and would then report SIGKILL for any crash).
    assert result.calls["crash#0"].message.endswith("the process exited with status 3"), result.calls["crash#0"]
    # The restart did not wait out a deadline for a process the pool would never start.
    assert elapsed < limits.cell_seconds


def test_the_lifeline_survives_landing_on_the_descriptor_the_result_pipe_moves_to(tmp_path):
    """A grader with threads reuses low descriptors: the lifeline may reach the worker as fd 3, where the
    worker moves its result pipe. It must still watch the lifeline, not die at start-up."""
    script = tmp_path / "grader.py"
    script.write_text(textwrap.dedent(f"""
        import os, sys
        sys.path.insert(0, {str(Path(__file__).resolve().parent.parent)!r})
        from autograder import isolation, sandbox, wire
        low, high = os.pipe(), os.pipe()
        os.close(low[0]); os.close(low[1])
        real, handed = os.pipe, []
        def pipe():   # the result pipe gets the high numbers, the lifeline the freed low ones
            if not handed:
                handed.append(high)
                return high
            return real()
        os.pipe = pipe
        limits = sandbox.Limits()
        limits.sandbox = not isolation.check_available()
        calls = [{{"id": "f#0", "function": "f", "args": wire.encode([]), "seed": None}}]
        result = sandbox.run(["import numpy as np"], [{{"grade_id": "a", "source": "def f():\\n    return 7\\n"}}],
                             calls, limits)
        os.pipe = real
        print(handed == [high] and low[0], result.calls["f#0"].status, wire.decode(result.calls["f#0"].value)
              if result.calls["f#0"].value is not None else result.calls["f#0"].message)
    """))
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["3", "ok", "7"], out.stdout


@pytest.mark.skipif(bool(isolation.check_available()), reason="the sandbox is not available on this machine")
def test_the_sandboxs_init_is_reaped_and_its_cpu_counted_by_the_grader(tmp_path):
    """bubblewrap exits without waiting for its init, which is orphaned: reparented to the grader (a child
    subreaper) and reaped there, it leaves no zombie where the grader is a container's PID 1, and the
    student's CPU time counts among the grader's children's (the benchmark's CPU figures read it)."""
    script = tmp_path / "grader.py"
    script.write_text(textwrap.dedent(f"""
        import os, resource, sys
        sys.path.insert(0, {str(Path(__file__).resolve().parent.parent)!r})
        from autograder import sandbox, wire
        def cpu():
            r = resource.getrusage(resource.RUSAGE_CHILDREN)
            return r.ru_utime + r.ru_stime
        source = ("import time\\n"
                  "def burn():\\n"
                  "    start = time.process_time()\\n"
                  "    while time.process_time() - start < 0.5:\\n"
                  "        pass\\n"
                  "    return 1\\n")
        calls = [{{"id": "burn#0", "function": "burn", "args": wire.encode([]), "seed": None}}]
        before = cpu()
        for _ in range(2):
            assert sandbox.run(["import numpy as np"], [{{"grade_id": "a", "source": source}}], calls,
                               sandbox.Limits()).calls["burn#0"].status == "ok"
        children = []
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                fields = open(f"/proc/{{pid}}/stat").read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == os.getpid():
                children.append(fields[0])
        print(round(cpu() - before, 1), children)
    """))
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    counted, children = out.stdout.split(" ", 1)
    assert float(counted) >= 1.0, out.stdout    # two calls of 0.5 s of CPU each, and more
    assert children.strip() == "[]", out.stdout   # no zombie, nothing left running
