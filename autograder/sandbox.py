"""Run a student's answer cells and graded calls in a separate, limited process.

The child (autograder/worker.py) gets only: the setup code of the release, the
student's answer cells, the calls to make (function name and plain-data inputs)
and a scratch directory holding the worker, the wire format and a copy of
`utils/`. It never receives reference outputs, hidden-test code or instructor
files. Each event it reports is checked against a deadline here; a call that
does not return in time, a crash or a limit hit ends the child, the outcome is
recorded, and a fresh child carries on with the remaining calls.
"""
import json
import os
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
UTILS_DIR = PACKAGE_DIR.parent / "utils"
MAX_EVENT_BYTES = 128 * 1024 * 1024


@dataclass
class Limits:
    """Resource limits for one submission; configurable in nbgrader_config.py (ProcessGrader)."""
    call_seconds: float = 10.0          # wall time of one graded call
    cell_seconds: float = 30.0          # wall time to execute one answer cell
    submission_seconds: float = 180.0   # wall time of everything one submission runs
    memory_bytes: int = 3 * 1024 ** 3   # address space of the student's process
    output_bytes: int = 16 * 1024 ** 2  # largest file the student's process may write (its stdout included)
    notebook_bytes: int = 16 * 1024 ** 2   # largest submitted notebook the grader reads
    confine: bool = True                # network, file-system, signal and process confinement (Linux)

    def rlimits(self):
        limits = {
            "RLIMIT_AS": int(self.memory_bytes),
            "RLIMIT_FSIZE": int(self.output_bytes),
            "RLIMIT_CPU": int(self.submission_seconds) + 1,
            "RLIMIT_CORE": 0,
        }
        return limits


@dataclass
class Outcome:
    """What happened to one cell or call. status: ok, error, not_implemented, missing, timeout, crashed."""
    status: str
    message: str = ""
    value: object = None            # encoded plain data for calls that returned


@dataclass
class RunResult:
    cells: dict = field(default_factory=dict)     # grade_id -> Outcome
    calls: dict = field(default_factory=dict)     # call id -> Outcome
    restarts: int = 0
    stderr_tail: str = ""
    confinement: list = field(default_factory=list)   # layers the student's process reported


def _child_env(workdir):
    return {
        "PATH": os.path.dirname(sys.executable) + ":/usr/bin:/bin",
        "HOME": workdir,
        "TMPDIR": workdir,
        "LANG": "C.UTF-8",
        "MPLBACKEND": "Agg",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
    }


def _prepare_workdir():
    workdir = tempfile.mkdtemp(prefix="grade-")
    shutil.copy2(PACKAGE_DIR / "worker.py", workdir)
    shutil.copy2(PACKAGE_DIR / "wire.py", workdir)
    shutil.copy2(PACKAGE_DIR / "confine.py", workdir)
    shutil.copytree(UTILS_DIR, Path(workdir) / "utils", ignore=shutil.ignore_patterns("__pycache__"))
    return workdir


class _Child:
    """One worker process and the pipe it reports on."""

    def __init__(self, request, limits, workdir):
        read_fd, write_fd = os.pipe()
        self.stderr_path = Path(workdir) / "output.txt"
        settings = {"result_fd": write_fd, "rlimits": limits.rlimits(), "confine": bool(limits.confine),
                    "parent_pid": os.getpid()}
        with open(self.stderr_path, "ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-I", "-B", "worker.py", json.dumps(settings)],
                cwd=workdir, env=_child_env(workdir), stdin=subprocess.PIPE, stdout=log, stderr=log,
                pass_fds=(write_fd,), start_new_session=True)
        os.close(write_fd)
        self.reader = os.fdopen(read_fd, "rb", buffering=0)
        self.buffer = b""
        self.received = 0
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.reader, selectors.EVENT_READ)
        try:
            self.proc.stdin.write(json.dumps(request).encode())
            self.proc.stdin.close()
        except (BrokenPipeError, OSError):
            pass

    def next_event(self, deadline):
        """The next event, or "timeout" / "eof" / "garbage" as a string."""
        while b"\n" not in self.buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return "timeout"
            if not self.selector.select(timeout=remaining):
                return "timeout"
            chunk = self.reader.read(1 << 16)
            if not chunk:
                return "eof"
            self.received += len(chunk)
            if self.received > MAX_EVENT_BYTES:
                return "garbage"
            self.buffer += chunk
        line, self.buffer = self.buffer.split(b"\n", 1)
        try:
            event = json.loads(line)
        except ValueError:
            return "garbage"
        return event if isinstance(event, dict) else "garbage"

    def kill(self):
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.proc.wait()
        self.selector.close()
        self.reader.close()

    def exit_description(self):
        code = self.proc.wait()
        if code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            hint = {"SIGXCPU": " (CPU time limit)", "SIGXFSZ": " (output size limit)",
                    "SIGKILL": " (killed, possibly out of memory)"}.get(name, "")
            return f"the process was ended by {name}{hint}"
        return f"the process exited with status {code}"


def run(setup, cells, calls, limits=None):
    """Execute answer cells and calls for one submission.

    Inputs:
    - setup: list of source strings (trusted release code, e.g. imports) run first.
    - cells: list of {"grade_id": str, "source": str}, the student's answer cells.
    - calls: list of {"id": str, "function": str, "args": encoded list, "seed": int or None}.
    - limits: Limits.

    Returns:
    - RunResult with an Outcome for every cell and every call.
    """
    limits = limits or Limits()
    result = RunResult()
    workdir = _prepare_workdir()
    start = time.monotonic()
    pending = list(calls)
    dead_functions = {}
    try:
        while True:
            pending = [c for c in pending if c["id"] not in result.calls]
            for c in pending:
                if c["function"] in dead_functions:
                    result.calls[c["id"]] = Outcome("timeout", dead_functions[c["function"]])
            pending = [c for c in pending if c["id"] not in result.calls]
            if not pending and len(result.cells) == len(cells):
                break
            if time.monotonic() - start > limits.submission_seconds:
                for c in pending:
                    result.calls[c["id"]] = Outcome("timeout", "not run: the submission's time limit "
                                                                f"({limits.submission_seconds:g} s) was used up")
                break
            skip = [cid for cid, o in result.cells.items() if o.status in ("timeout", "crashed")]
            request = {"setup": setup, "cells": cells, "skip_cells": skip, "calls": pending}
            child = _Child(request, limits, workdir)
            try:
                finished = _drive(child, cells, result, limits, start, dead_functions)
            finally:
                child.kill()
            if finished:
                break
            result.restarts += 1
        for cell in cells:
            result.cells.setdefault(cell["grade_id"], Outcome("crashed", "not executed"))
        for call in calls:
            result.calls.setdefault(call["id"], Outcome("crashed", "not run: the student's process stopped early"))
        try:
            result.stderr_tail = (Path(workdir) / "output.txt").read_bytes()[-2000:].decode("utf-8", "replace")
        except OSError:
            pass
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    return result


def _drive(child, cells, result, limits, start, dead_functions):
    """Read one child's events. True when it finished its request, False when it must be restarted."""
    current = None           # ("cell", grade_id) or ("call", id, function)
    current_started = None   # when `current` began; set together with it
    budget_end = start + limits.submission_seconds
    while True:
        if current is None:
            deadline = min(budget_end, time.monotonic() + limits.cell_seconds)
        elif current[0] == "cell":
            deadline = min(budget_end, current_started + limits.cell_seconds)
        else:
            deadline = min(budget_end, current_started + limits.call_seconds)
        event = child.next_event(deadline)
        if isinstance(event, str):
            if event == "timeout":
                over_budget = time.monotonic() >= budget_end
                what = (f"the submission's time limit ({limits.submission_seconds:g} s) ran out" if over_budget
                        else None)
                if current is None:
                    # Stuck outside any cell or call (in setup or between events): nothing more to learn.
                    for cell in cells:
                        result.cells.setdefault(cell["grade_id"], Outcome("timeout", what or "setup did not finish"))
                    return True
                if current[0] == "cell":
                    msg = what or f"the cell did not finish within {limits.cell_seconds:g} s"
                    result.cells[current[1]] = Outcome("timeout", msg)
                else:
                    msg = what or f"did not return within {limits.call_seconds:g} s"
                    result.calls[current[1]] = Outcome("timeout", msg)
                    dead_functions[current[2]] = (f"not run: an earlier call of {current[2]} did not return "
                                                  f"within {limits.call_seconds:g} s")
                return over_budget
            # eof or garbage: the process died, exited or wrote nonsense to the result pipe.
            child.kill()
            why = ("it wrote malformed data to the grader's pipe" if event == "garbage"
                   else child.exit_description())
            if current is None:
                for cell in cells:
                    result.cells.setdefault(cell["grade_id"], Outcome("crashed", f"setup failed: {why}"))
                return True
            if current[0] == "cell":
                result.cells[current[1]] = Outcome("crashed", f"running this cell ended the process: {why}")
            else:
                result.calls[current[1]] = Outcome("crashed", f"the call ended the process: {why}")
            return False
        kind = event.get("event")
        if kind == "confined" and current is None:
            result.confinement = [str(x)[:200] for x in event.get("layers", [])][:8]
        elif kind == "cell_start":
            current = ("cell", str(event.get("grade_id")))
            current_started = time.monotonic()
        elif kind == "cell_done" and current and current[0] == "cell":
            ok = event.get("ok") is True
            result.cells[current[1]] = Outcome("ok" if ok else "error", "" if ok else str(event.get("error", ""))[:1000])
            current = None
        elif kind == "call_start":
            call_id = str(event.get("id"))
            current = ("call", call_id, _function_of(call_id))
            current_started = time.monotonic()
        elif kind == "call_done" and current and current[0] == "call" and event.get("id") == current[1]:
            if event.get("ok") is True:
                result.calls[current[1]] = Outcome("ok", value=event.get("value"))
            else:
                status = {"missing": "missing", "not_implemented": "not_implemented"}.get(event.get("kind"), "error")
                result.calls[current[1]] = Outcome(status, str(event.get("error", ""))[:1000])
            current = None
        elif kind == "done":
            return True
        else:
            child.kill()
            if current is None:
                return True
            target = result.cells if current[0] == "cell" else result.calls
            target[current[1]] = Outcome("crashed", "it sent events out of order to the grader's pipe")
            return False


def _function_of(call_id):
    """Call ids are "<function>#<n>"; the function name is what a timeout disables."""
    return call_id.split("#", 1)[0]
