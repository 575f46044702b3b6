"""Red-team findings at the process level: what a graded report alone cannot show.

Each test runs a hostile answer cell in the real sandbox through autograder.sandbox.run.
The hostile process always lets go of its own accord after RELEASE seconds, so a
grader that is still stuck then finishes and cleans up, and the test fails instead
of hanging the test run.
"""
import os
import threading
import time
import uuid

import pytest

from autograder import cgroups, isolation, sandbox, wire

pytestmark = pytest.mark.skipif(isolation.check_available() is not None,
                                reason=f"the sandbox cannot run here: {isolation.check_available()}")

RELEASE = 60          # seconds after which the hostile process gives up
LIMITS = dict(call_seconds=3, cell_seconds=5, submission_seconds=15)
ALLOWED = 30          # the grader must be done well before RELEASE

# The worker's private copy of stdin (fd 10, worker.main) is replaced by a pipe nobody writes to:
# it then waits, idle, for a request that never comes, and never reads the grader's pipe again.
STOP_READING = r'''
import os, threading, time
_r, _w = os.pipe()
os.dup2(_r, 10)
def _release():
    time.sleep(%d)
    os.close(_w)          # the worker reads end of file, says "done" and exits
threading.Thread(target=_release, daemon=True).start()
''' % RELEASE

# The grader's request pipe, reopened for writing through /proc (the pipe is the grader's, the sandbox's
# uid is the grader's too) and filled, so that even the smallest request blocks the grader's write.
FILL_REQUEST_PIPE = r'''
import os
_fd = os.open("/proc/self/fd/0", os.O_WRONLY | os.O_NONBLOCK)
try:
    while True:
        os.write(_fd, b" " * 4096)
except BlockingIOError:
    pass
'''


def _run_in_thread(source, calls, **limits):
    out = {}

    def target():
        out["result"] = sandbox.run(["import numpy as np"], [{"grade_id": "a", "source": source}], calls,
                                    sandbox.Limits(**{**LIMITS, **limits}))
    start = time.monotonic()
    thread = threading.Thread(target=target, daemon=True)
    thread.start()
    thread.join(ALLOWED)
    took = time.monotonic() - start
    stuck = thread.is_alive()
    thread.join(RELEASE + 30)   # let a stuck grader finish (the process lets go) and clean up
    return stuck, took, out.get("result")


def test_a_worker_that_fills_its_request_pipe_does_not_hang_the_grader():
    """Found: Child.send writes without a deadline. With its pipe full and unread, the grader waits forever."""
    calls = [{"id": "f#0", "function": "f", "args": wire.encode([0]), "seed": None}]
    stuck, took, result = _run_in_thread(FILL_REQUEST_PIPE + STOP_READING + "def f(x):\n    return x\n", calls)
    assert not stuck, (f"the grader was still writing its request after {took:.0f} s "
                       f"(submission_seconds = {LIMITS['submission_seconds']})")
    assert result.calls["f#0"].status != "ok"


def test_a_worker_that_stops_reading_a_large_request_does_not_hang_the_grader():
    """Without /proc: a request larger than a pipe holds (regularization's calls are 300 kB) is enough."""
    big = wire.encode([[0.5] * 20_000])   # about 400 kB of JSON in the request
    calls = [{"id": f"f#{i}", "function": "f", "args": big, "seed": None} for i in range(2)]
    stuck, took, result = _run_in_thread(STOP_READING + "def f(x):\n    return len(x)\n", calls)
    assert not stuck, (f"the grader was still writing its request after {took:.0f} s "
                       f"(submission_seconds = {LIMITS['submission_seconds']})")
    assert all(o.status != "ok" for o in result.calls.values())


def test_the_sandbox_user_is_not_the_hosts_root():
    probe = r'''
import os
def probe():
    uid = os.getuid()
    found = {"host uid": None}
    for line in open("/proc/self/uid_map"):      # translate our uid into the host's
        inside, outside, count = map(int, line.split())
        if inside <= uid < inside + count:
            found["host uid"] = outside + uid - inside
    for path in ("/proc/sys/kernel/core_pattern", "/proc/sys/vm/panic_on_oom"):
        try:
            os.close(os.open(path, os.O_WRONLY))   # nothing is written
            found[path] = "writable"
        except OSError as exc:
            found[path] = type(exc).__name__
    try:
        os.close(os.open("/proc/self/fd/0", os.O_WRONLY | os.O_NONBLOCK))
        found["request pipe"] = "writable"
    except OSError as exc:
        found["request pipe"] = type(exc).__name__
    return found
'''
    calls = [{"id": "probe#0", "function": "probe", "args": wire.encode([]), "seed": None}]
    result = sandbox.run(["import numpy as np"], [{"grade_id": "a", "source": probe}], calls,
                         sandbox.Limits(call_seconds=20))
    found = wire.decode(result.calls["probe#0"].value)
    assert found["host uid"] not in (0, None), f"the sandbox's user is root outside: {found}"
    assert "writable" not in found.values(), found


def test_a_worker_that_clears_its_death_signal_does_not_outlive_its_run_without_a_cgroup(monkeypatch):
    """Hosts without a writable cgroup rely on --die-with-parent alone, which the student can undo."""
    marker = "rt" + uuid.uuid4().hex[:10]
    source = ("import ctypes, time\n"
              "def f():\n"
              "    libc = ctypes.CDLL(None)\n"
              f"    libc.prctl(15, {marker.encode()!r}, 0, 0, 0)   # PR_SET_NAME: how this test finds it\n"
              "    libc.prctl(1, 0, 0, 0, 0)                       # PR_SET_PDEATHSIG 0\n"
              f"    time.sleep({RELEASE})\n")
    monkeypatch.setattr(cgroups, "_plan", lambda: [])
    calls = [{"id": "f#0", "function": "f", "args": wire.encode([]), "seed": None}]
    result = sandbox.run(["import numpy as np"], [{"grade_id": "a", "source": source}], calls,
                         sandbox.Limits(**LIMITS))
    assert result.calls["f#0"].status == "timeout"
    time.sleep(1)
    left = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            state = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()[0]
            if open(f"/proc/{pid}/comm").read().strip() == marker and state != "Z":   # a zombie is dead
                left.append(int(pid))
        except OSError:
            continue
    for pid in left:   # ours alone: named by this test's marker
        os.kill(pid, 9)
    assert left == [], f"the student's process outlived its run (pids {left})"


# --- Second red team -------------------------------------------------------------------------------------

SHM_HOARD = r'''
import ctypes, resource
def hoard(mib):
    """System V shared memory, attached, touched and detached: it stays allocated, out of the address space."""
    libc = ctypes.CDLL(None, use_errno=True)
    libc.shmat.restype = ctypes.c_void_p
    libc.shmat.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_int]
    held = 0
    for _ in range(mib // 64):
        sid = libc.shmget(0, 64 << 20, 0o1600)      # IPC_PRIVATE, IPC_CREAT | 0600
        if sid < 0:
            break
        addr = libc.shmat(sid, None, 0)
        if addr is None or addr == ctypes.c_void_p(-1).value:
            break
        ctypes.memset(addr, 1, 64 << 20)            # the pages are really allocated now
        libc.shmdt(ctypes.c_void_p(addr))           # ... and no longer count against RLIMIT_AS
        held += 64
    return [held, resource.getrlimit(resource.RLIMIT_AS)[0] >> 20]
'''


def test_shared_memory_does_not_escape_the_memory_limit_without_a_cgroup(monkeypatch):
    """Found: shmget/shmat are not filtered. Without a writable cgroup (a non-root grader on a host that does
    not delegate memory), memory is bounded by RLIMIT_AS only, and a detached System V segment is outside
    the address space: the student holds any amount of the host's memory (here twice RLIMIT_AS) until its
    process ends, invisible to the OOM killer's per-process accounting. (Kept small: 256 MiB allowed.)"""
    monkeypatch.setattr(cgroups, "_plan", lambda: [])
    limit_mib = 256
    calls = [{"id": "hoard#0", "function": "hoard", "args": wire.encode([2 * limit_mib]), "seed": None}]
    result = sandbox.run(["import numpy as np"], [{"grade_id": "a", "source": SHM_HOARD}], calls,
                         sandbox.Limits(call_seconds=30, memory_bytes=limit_mib << 20))
    outcome = result.calls["hoard#0"]
    if outcome.status == "ok":
        held, rlimit_as = wire.decode(outcome.value)
        assert held <= limit_mib, (f"the student's process held {held} MiB of shared memory with "
                                   f"RLIMIT_AS = {rlimit_as} MiB and no cgroup")


def test_the_students_process_cannot_make_itself_dumpable():
    """Found: prctl(PR_SET_DUMPABLE, 1) is allowed. With kernel.core_pattern a pipe (apport, systemd-coredump),
    RLIMIT_CORE = 0 does not stop a core dump: the kernel runs the handler as the host's root on the student's
    memory image. The worker must stay non-dumpable and unable to change that."""
    probe = ("import ctypes\n"
             "def f():\n"
             "    libc = ctypes.CDLL(None)\n"
             "    before = libc.prctl(3, 0, 0, 0, 0)   # PR_GET_DUMPABLE\n"
             "    libc.prctl(4, 1, 0, 0, 0)            # PR_SET_DUMPABLE 1\n"
             "    return [before, libc.prctl(3, 0, 0, 0, 0)]\n")
    calls = [{"id": "f#0", "function": "f", "args": wire.encode([]), "seed": None}]
    result = sandbox.run(["import numpy as np"], [{"grade_id": "a", "source": probe}], calls,
                         sandbox.Limits(call_seconds=20))
    before, after = wire.decode(result.calls["f#0"].value)
    assert after == 0, f"the student's process is dumpable (before: {before}, after asking: {after})"


LOCK_SENDER = r'''
import fcntl, os, struct, time
def f():
    fd = os.open("/grader/wire.py", os.O_RDONLY)   # read-only, shared by every sandbox on the machine
    # An open-file-description read lock whose range carries a number of the sender's choosing.
    fcntl.fcntl(fd, 37, struct.pack("hhqqi4x", fcntl.F_RDLCK, 0, 10**9, 424242, 0))   # F_OFD_SETLK
    time.sleep(6)
    return 0
'''
LOCK_RECEIVER = r'''
import fcntl, os, struct, time
def f():
    fd = os.open("/grader/wire.py", os.O_RDONLY)
    for _ in range(40):
        got = fcntl.fcntl(fd, 36, struct.pack("hhqqi4x", fcntl.F_WRLCK, 0, 0, 0, 0))   # F_OFD_GETLK
        kind, _, start, length, _ = struct.unpack("hhqqi4x", got)
        if kind != fcntl.F_UNLCK:
            return length                       # what the other sandbox sent
        time.sleep(0.1)
    return -1
'''


def test_concurrent_sandboxes_cannot_talk_through_file_locks():
    """Found (low: collusion, which the threat model leaves out, but the namespaces are meant to separate
    concurrent workers): the grader runs two submissions (and the references) at once, and every sandbox binds
    the same host files read-only. File locks work on read-only files and are global: one sandbox locks a range
    of /grader/wire.py, another reads the range back with F_OFD_GETLK, so two students' processes graded at
    the same time pass each other data (here the number 424242)."""
    out = {}

    def run(name, source):
        calls = [{"id": "f#0", "function": "f", "args": wire.encode([]), "seed": None}]
        result = sandbox.run(["import numpy as np"], [{"grade_id": "a", "source": source}], calls,
                             sandbox.Limits(call_seconds=15))
        outcome = result.calls["f#0"]
        out[name] = wire.decode(outcome.value) if outcome.status == "ok" else outcome.status

    threads = [threading.Thread(target=run, args=a, daemon=True)
               for a in (("sender", LOCK_SENDER), ("receiver", LOCK_RECEIVER))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert out.get("receiver") != 424242, f"one sandbox read what another wrote into a lock: {out}"
