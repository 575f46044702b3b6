"""Runs inside the student's process. Nothing it produces is trusted.

Started by autograder.sandbox as `python -I worker.py LIMITS_JSON` in a scratch
directory. It applies the resource limits before any student code runs, reads
one request from stdin (setup code, the student's answer cells, the calls to
make), executes the cells, makes the calls and writes one JSON event per line
to the result pipe. The grader process compares the returned data with
reference outputs that never enter this process.
"""
import builtins
import importlib
import json
import os
import resource
import sys
import traceback


def _apply_limits(limits):
    for name, value in limits.items():
        if value is None:
            continue
        which = getattr(resource, name)
        resource.setrlimit(which, (value, value))


def _die_with_parent(parent_pid):
    """A grader killed mid-batch must not leave this process running on (Linux: PR_SET_PDEATHSIG)."""
    if sys.platform.startswith("linux"):
        import ctypes
        import signal
        ctypes.CDLL(None).prctl(1, int(signal.SIGKILL), 0, 0, 0)   # PR_SET_PDEATHSIG
    if os.getppid() != parent_pid:   # the parent died before the line above took effect
        os._exit(1)


def strip_magics(source):
    """IPython line magics and shell escapes cannot run here; they become `pass`."""
    out = []
    for line in source.splitlines():
        stripped = line.lstrip()
        if stripped.startswith(("%", "!")):
            out.append(line[: len(line) - len(stripped)] + "pass")
        else:
            out.append(line)
    return "\n".join(out)


def _describe(exc, filename_prefix="<cell "):
    """Exception type, message and the student's line where it happened (no grader frames)."""
    where = ""
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename.startswith(filename_prefix):
            where = f" ({frame.filename.strip('<>')}, line {frame.lineno})"
    message = str(exc)
    if len(message) > 300:
        message = message[:300] + "..."
    return f"{type(exc).__name__}: {message}{where}" if message else f"{type(exc).__name__}{where}"


def main():
    limits = json.loads(sys.argv[1])
    result_fd = limits.pop("result_fd")
    _die_with_parent(limits.pop("parent_pid"))
    _apply_limits(limits.pop("rlimits"))
    sys.path.insert(0, os.getcwd())
    # Before numpy starts threads (a new user namespace needs a single-threaded process).
    from confine import confine  # noqa: E402
    layers = confine(os.getcwd()) if limits.pop("confine", True) else ["confinement switched off"]
    import numpy as np  # noqa: E402  (after the limits: numpy's import counts against them)

    from wire import decode, encode  # noqa: E402

    request = json.loads(sys.stdin.read())
    sys.stdin = open(os.devnull)
    out = os.fdopen(result_fd, "w", buffering=1)

    def emit(**event):
        out.write(json.dumps(event) + "\n")
        out.flush()

    emit(event="confined", layers=layers)

    namespace = {"__name__": "__main__", "__builtins__": builtins}
    for index, source in enumerate(request["setup"]):
        exec(compile(strip_magics(source), f"<setup {index}>", "exec"), namespace)
    skip = set(request["skip_cells"])
    for cell in request["cells"]:
        cid = cell["grade_id"]
        if cid in skip:
            continue
        emit(event="cell_start", grade_id=cid)
        try:
            code = compile(strip_magics(cell["source"]), f"<cell {cid}>", "exec")
            exec(code, namespace)
            emit(event="cell_done", grade_id=cid, ok=True)
        except BaseException as exc:  # a student's SystemExit or KeyboardInterrupt is a cell error too
            emit(event="cell_done", grade_id=cid, ok=False, error=_describe(exc))
    for call in request["calls"]:
        emit(event="call_start", id=call["id"])
        fn = namespace.get(call["function"])
        if not callable(fn):
            emit(event="call_done", id=call["id"], ok=False, kind="missing",
                 error=f"no function named {call['function']} is defined")
            continue
        args = decode(call["args"])
        # A case may replace names the function looks up (e.g. a backward pass with a known bug)
        # by course fixtures from utils/; the student's own definitions come back afterwards.
        saved = {}
        for name, target in (call.get("patch") or {}).items():
            module_name, attr = target.split(":")
            saved[name] = namespace.get(name)
            namespace[name] = getattr(importlib.import_module(module_name), attr)
        if call.get("seed") is not None:
            np.random.seed(call["seed"])
        try:
            value = fn(*args)
            payload = encode(value)
        except NotImplementedError as exc:
            emit(event="call_done", id=call["id"], ok=False, kind="not_implemented", error=_describe(exc))
            continue
        except BaseException as exc:
            emit(event="call_done", id=call["id"], ok=False, kind="error", error=_describe(exc))
            continue
        finally:
            namespace.update(saved)
        emit(event="call_done", id=call["id"], ok=True, value=payload)
    emit(event="done")
    out.close()
    os._exit(0)  # skip interpreter teardown: student atexit hooks and finalizers do not run


if __name__ == "__main__":
    main()
