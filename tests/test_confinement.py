"""The student's process is sandboxed: no course files, no network, no new processes, no privileges.

Each test runs a small answer cell in the real sandbox and asks it to try; the
grader learns the outcome only as returned data, or as the process being killed.
"""
import os
import platform
import socket
import sys

import pytest

from autograder import isolation, sandbox, wire
from conftest import REPO

pytestmark = pytest.mark.skipif(isolation.check_available() is not None,
                                reason=f"the sandbox cannot run here: {isolation.check_available()}")

PROBES = r'''
import ctypes, mmap, os, socket, subprocess

libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long

def machine_code(code):
    """Run raw x86-64 machine code and return what it leaves in rax."""
    buf = mmap.mmap(-1, 4096, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
    buf.write(code)
    address = ctypes.addressof(ctypes.c_char.from_buffer(buf))
    return ctypes.CFUNCTYPE(ctypes.c_long)(address)()

def attempt(what, arg=None):
    try:
        if what == "read":
            with open(arg, "rb") as f:
                return "read " + repr(f.read(20))
        if what == "listdir":
            return "listed " + repr(sorted(os.listdir(arg)))
        if what == "write":
            with open(arg, "w") as f:
                f.write("x")
            return "wrote"
        if what == "fill":
            with open(arg, "wb") as f:
                for _ in range(4096):
                    f.write(b"x" * 1024 * 1024)
            return "filled"
        if what == "connect":
            socket.create_connection(("127.0.0.1", int(arg)), timeout=1)
            return "connected"
        if what == "udp":
            socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("8.8.8.8", 53))
            return "sent"
        if what == "abstract":
            s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            s.connect("\0" + arg)
            return "connected"
        if what == "spawn":
            return "spawned " + str(subprocess.run(["true"]).returncode)
        if what == "fork":
            pid = os.fork()
            if pid == 0:
                os._exit(0)
            return "forked"
        if what == "raw-fork":
            return "raw fork returned " + str(libc.syscall(57)) + " errno " + str(ctypes.get_errno())
        if what == "exec":
            os.execv("/usr/bin/true", ["true"])
        if what == "i386-fork":
            # mov eax, 2 (i386 fork); int 0x80; ret
            return "i386 fork returned " + str(machine_code(b"\xb8\x02\x00\x00\x00\xcd\x80\xc3"))
        if what == "x32-getpid":
            return "x32 getpid returned " + str(libc.syscall(0x40000000 | 39))
        if what == "memfd":
            return "memfd " + str(os.memfd_create("x"))
        if what == "sethostname":
            return "sethostname " + str(libc.sethostname(b"pwned", 5)) + " errno " + str(ctypes.get_errno())
        if what == "unshare":
            return "unshare " + str(libc.unshare(0x10000000)) + " errno " + str(ctypes.get_errno())
        if what == "syslog":
            buf = ctypes.create_string_buffer(4096)
            n = libc.klogctl(3, buf, 4096)
            return "kernel log " + (repr(buf.raw[:40]) if n > 0 else f"refused errno {ctypes.get_errno()}")
        if what == "status":
            fields = dict(line.split(":\t", 1) for line in open("/proc/self/status").read().splitlines() if ":\t" in line)
            return {k: fields[k].strip() for k in ("Uid", "CapEff", "CapPrm", "CapBnd", "CapInh", "CapAmb",
                                                    "NoNewPrivs", "Seccomp")}
        if what == "processes":
            return sorted(int(p) for p in os.listdir("/proc") if p.isdigit())
        if what == "kill-parent":
            os.kill(os.getppid(), 9)
            return "killed parent " + str(os.getppid())
        if what == "thread":
            import threading
            out = []
            t = threading.Thread(target=lambda: out.append(1))
            t.start(); t.join()
            return "thread ran" if out else "thread did not run"
        if what == "plot":
            import matplotlib.pyplot as plt
            plt.plot([0, 1])
            return "plotted"
    except BaseException as exc:
        return "blocked: " + type(exc).__name__

def afterwards(what):
    """Another function: a call of one that ended the process is not run again."""
    return attempt(what)
'''


def _attempts(*tries, **limits):
    """Outcomes of attempt(*try) for each try; a try that starts with "afterwards" calls that function."""
    calls = [{"id": f"{fn}#{i}", "function": fn, "args": wire.encode(list(t[fn == "afterwards":])), "seed": None}
             for i, t in enumerate(tries) for fn in ["afterwards" if t[0] == "afterwards" else "attempt"]]
    result = sandbox.run(["import numpy as np"], [{"grade_id": "a", "source": PROBES}], calls,
                         sandbox.Limits(call_seconds=20, **limits))
    outcomes = []
    for c in calls:
        o = result.calls[c["id"]]
        outcomes.append(wire.decode(o.value) if o.status == "ok" else f"{o.status}: {o.message}")
    return result, outcomes


def test_isolation_layers_are_reported():
    result, _ = _attempts(("plot",))
    text = " | ".join(result.confinement)
    assert "bubblewrap" in text and "seccomp" in text and "execve forbidden" in text, text


def test_an_unprivileged_user_without_capabilities_and_with_filters():
    _, (status,) = _attempts(("status",))
    assert status["Uid"].split()[0] == "65534", status
    assert all(int(status[k], 16) == 0 for k in ("CapEff", "CapPrm", "CapBnd", "CapInh", "CapAmb")), status
    assert status["NoNewPrivs"] == "1" and status["Seccomp"] == "2", status


def test_course_files_and_other_paths_are_absent_or_read_only(tmp_path):
    secret = tmp_path / "gradebook.db"
    secret.write_text("grades")
    _, outcomes = _attempts(("read", str(REPO / "source" / "initialization" / "initialization.ipynb")),
                            ("read", str(secret)), ("read", "/etc/hostname"), ("read", "/etc/passwd"),
                            ("read", str(REPO / "autograder" / "declarations.py")),
                            ("write", str(tmp_path / "planted.txt")), ("write", "/grader/worker.py"),
                            ("write", "/course/utils/compare.py"), ("write", "/dev/shm/x"), ("write", "/x"),
                            ("write", sys.executable))
    assert all(o.startswith("blocked: ") for o in outcomes), outcomes
    assert not (tmp_path / "planted.txt").exists()


def test_only_the_worker_and_the_course_modules_of_the_setup_are_visible():
    _, (grader, course, scratch, usr, root) = _attempts(("listdir", "/grader"), ("listdir", "/course/utils"),
                                                         ("listdir", "."), ("listdir", "/usr"), ("listdir", "/"))
    assert grader == "listed ['deferred_imports.py', 'wire.py', 'worker.py']" == f"listed {sorted(isolation.WORKER_FILES)}"
    assert "'bin'" not in usr and "'sbin'" not in usr, usr     # libraries, no programs
    assert "'home'" not in root and "'etc'" in root and "'run'" not in root, root
    assert "checks.py" not in course and "compare.py" not in course, course   # setup imports only numpy
    assert scratch == "listed []"


def test_scratch_space_is_bounded():
    _, (filled,) = _attempts(("fill", "big"), output_bytes=8 * 1024 ** 2)
    assert filled.startswith("blocked: OSError"), filled


def test_network_and_host_sockets_are_unreachable():
    name = f"autograder-test-{os.getpid()}"
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind("\0" + name)
    listener.listen(1)
    try:
        _, outcomes = _attempts(("connect", 22), ("udp",), ("abstract", name))
    finally:
        listener.close()
    assert all(o.startswith("blocked") for o in outcomes), outcomes


def test_no_new_processes_no_exec_but_threads_and_plots_work():
    _, outcomes = _attempts(("spawn",), ("fork",), ("raw-fork",), ("exec",), ("thread",), ("plot",))
    assert outcomes[0].startswith("blocked") and outcomes[1].startswith("blocked"), outcomes
    assert outcomes[2] == "raw fork returned -1 errno 1", outcomes
    assert outcomes[3] == "blocked: PermissionError", outcomes
    assert outcomes[4:] == ["thread ran", "plotted"]


@pytest.mark.skipif(platform.machine() != "x86_64", reason="foreign system-call ABIs are an x86-64 matter")
@pytest.mark.parametrize("probe", ["i386-fork", "x32-getpid"])
def test_a_foreign_system_call_abi_kills_the_process(probe):
    result, (outcome, after) = _attempts((probe,), ("afterwards", "thread"))
    assert outcome.startswith("crashed: the call ended the process") and "SIGSYS" in outcome, outcome
    assert after == "thread ran"   # a fresh process carries on with the next call


def test_privileged_and_kernel_facing_calls_are_refused():
    _, outcomes = _attempts(("memfd",), ("sethostname",), ("unshare",), ("syslog",))
    assert outcomes[0] == "blocked: PermissionError", outcomes
    assert outcomes[1] == "sethostname -1 errno 1" and outcomes[2] == "unshare -1 errno 1", outcomes
    assert outcomes[3] == "kernel log refused errno 1", outcomes


def test_the_grader_is_invisible_and_cannot_be_signalled():
    _, (processes, killed, after) = _attempts(("processes",), ("kill-parent",), ("thread",))
    assert os.getpid() not in processes and len(processes) <= 3, processes
    assert after == "thread ran"


def test_control_groups_are_removed_after_the_run():
    from autograder import cgroups
    _attempts(("thread",))
    leftovers = [d for base, _ in cgroups._plan() for d in base.glob(f"autograder-{os.getpid()}-*")]
    assert leftovers == []
    assert cgroups.describe()   # says what the memory and task limits cover on this machine


INIT_PROBE = '''
import os

def reach():
    """Paths of the sandbox's init (bubblewrap's, PID 1) this process could open."""
    reached = []
    for path in ("/proc/1/mem", "/proc/1/task/1/mem", "/proc/1/fd/0", "/proc/1/environ", "/proc/1/syscall"):
        for flags in (os.O_RDWR, os.O_RDONLY):
            try:
                os.close(os.open(path, flags))
                reached.append(path)
                break
            except OSError:
                pass
    return reached
'''


@pytest.mark.parametrize("grader_uid", ["this one", 1000])
def test_the_sandboxs_init_is_out_of_reach_whoever_runs_the_grader(monkeypatch, grader_uid):
    """Graded by an ordinary user, bubblewrap's init and the worker share a uid in one user namespace and
    init is dumpable: without /proc/1 hidden, the student's code opened /proc/1/mem for writing (red team).
    A uid of 1000 makes this (root) machine build the command an ordinary user's grader builds."""
    if grader_uid != "this one":
        monkeypatch.setattr(os, "geteuid", lambda: grader_uid)
    calls = [{"id": "reach#0", "function": "reach", "args": wire.encode([]), "seed": None}]
    result = sandbox.run(["import numpy as np"], [{"grade_id": "a", "source": INIT_PROBE}], calls,
                         sandbox.Limits(call_seconds=10))
    outcome = result.calls["reach#0"]
    assert outcome.status == "ok", outcome
    assert wire.decode(outcome.value) == []
