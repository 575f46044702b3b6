"""The student's process cannot reach the network, the course files, its parent or new processes.

Each test runs a small answer cell in the real sandbox and asks it to try; the
grader learns the outcome only as returned data.
"""
import sys

import pytest

from autograder import sandbox, wire
from conftest import REPO

from autograder.confine import landlock_abi

pytestmark = [
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="confinement layers are Linux-only"),
    pytest.mark.skipif(sys.platform.startswith("linux") and landlock_abi() < 6,
                       reason="needs Landlock ABI 6 or later (file system, TCP, signal scoping)"),
]

PROBES = '''
import os, socket, subprocess

def attempt(what, arg=None):
    try:
        if what == "read":
            with open(arg, "rb") as f:
                return "read " + repr(f.read(20))
        if what == "listdir":
            return "listed " + repr(sorted(os.listdir(arg))[:3])
        if what == "write":
            with open(arg, "w") as f:
                f.write("x")
            return "wrote"
        if what == "connect":
            socket.create_connection(("127.0.0.1", int(arg)), timeout=1)
            return "connected"
        if what == "udp":
            socket.socket(socket.AF_INET, socket.SOCK_DGRAM).sendto(b"x", ("8.8.8.8", 53))
            return "sent"
        if what == "spawn":
            return "spawned " + str(subprocess.run(["true"]).returncode)
        if what == "fork":
            pid = os.fork()
            if pid == 0:
                os._exit(0)
            return "forked"
        if what == "kill-parent":
            os.kill(os.getppid(), 9)
            return "killed parent"
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
'''


def _attempts(*tries):
    calls = [{"id": f"attempt#{i}", "function": "attempt", "args": wire.encode(list(t)), "seed": None}
             for i, t in enumerate(tries)]
    result = sandbox.run(["import numpy as np"], [{"grade_id": "a", "source": PROBES}], calls, sandbox.Limits())
    return result, [wire.decode(result.calls[c["id"]].value) for c in calls]


def test_confinement_layers_are_reported():
    result, _ = _attempts(("plot",))
    assert result.confinement[0] == "network namespace"
    assert result.confinement[1].startswith("Landlock ABI")
    assert result.confinement[2] == "no new processes (seccomp)"


def test_course_files_and_other_paths_are_unreadable_and_unwritable(tmp_path):
    secret = tmp_path / "gradebook.db"
    secret.write_text("grades")
    _, outcomes = _attempts(("read", str(REPO / "source" / "initialization" / "initialization.ipynb")),
                            ("read", str(secret)), ("listdir", str(REPO)), ("read", "/etc/hostname"),
                            ("write", str(tmp_path / "planted.txt")), ("write", "/tmp/planted-by-student.txt"))
    assert all(o.startswith("blocked: PermissionError") for o in outcomes), outcomes
    assert not (tmp_path / "planted.txt").exists()


def test_network_is_unreachable():
    _, outcomes = _attempts(("connect", 22), ("udp",))
    assert all(o.startswith("blocked") for o in outcomes), outcomes


def test_no_new_processes_but_threads_and_plots_work():
    _, outcomes = _attempts(("spawn",), ("fork",), ("thread",), ("plot",))
    assert outcomes[0].startswith("blocked") and outcomes[1].startswith("blocked"), outcomes
    assert outcomes[2:] == ["thread ran", "plotted"]


def test_killing_the_parent_is_refused():
    _, outcomes = _attempts(("kill-parent",))
    assert outcomes == ["blocked: PermissionError"]


def test_the_graders_memory_and_environment_stay_closed():
    _, outcomes = _attempts(*[("read", f"/proc/{__import__('os').getpid()}/{name}")
                              for name in ("environ", "mem", "maps", "cmdline")])
    assert all(o.startswith("blocked") for o in outcomes), outcomes
