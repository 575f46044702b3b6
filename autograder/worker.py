"""Runs inside the student's process. Nothing it produces is trusted.

Started by autograder.sandbox inside the bubblewrap sandbox as
`python -I -B /grader/worker.py` (read-only; the student can write only /tmp).
Before any student code runs it sets its resource limits and forbids execve
for itself. It then reads JSON messages, one per line, on stdin:

1. {"setup": [source], "rlimits": {...}, "sandboxed": bool, "course_path": where the course's
    utils/ package is, ...}: it confines itself, says "ready", runs the release's setup code and says
    "setup_done". The grader may do this before it knows which student the process will serve (a warm
    process waiting in a pool), so nothing of a student is in it yet.
2. {"cells": [{"grade_id", "source"}], "skip_cells": [id]}: the one student's answer cells.
3. {"calls": [{"id", "function", "args", "seed", "patch", "keeps_inputs"}]}   (zero or more batches;
    with keeps_inputs, call_done also lists the positions of the arguments the call changed)
4. {"end": true}

and writes one JSON event per line to file descriptor 3. A patch names a
course fixture and carries its module's source, sent by the grader only with
the calls that need it, so no fixture is in this process before those calls.
The grader compares the returned data with reference outputs that never enter
this process.
"""
import builtins
import json
import os
import resource
import sys
import traceback

RESULT_FD = 3


def _apply_limits(limits):
    for name, value in limits.items():
        resource.setrlimit(getattr(resource, name), (value, value))


def _give_up_root():
    """Started by a root grader, become the host's unprivileged sandbox user before anything else runs.

    bwrap left exactly CAP_SETUID, CAP_SETGID and CAP_SETPCAP for this: the bounding set is emptied
    first (which needs CAP_SETPCAP), then the ids change, which clears every remaining capability.
    """
    uid = int(os.environ.pop("AUTOGRADER_BECOME_UID"))
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    for cap in range(64):
        if cap != 8:   # CAP_SETPCAP goes last: it is what allows dropping the others
            libc.prctl(24, cap, 0, 0, 0)   # PR_CAPBSET_DROP (EINVAL past the last capability)
    libc.prctl(24, 8, 0, 0, 0)
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
    _clear_capabilities(libc)
    if os.getuid() != uid or os.geteuid() != uid or 0 in os.getgroups():
        raise SystemExit("could not give up root")
    _die_with_parent()   # changing ids cleared the parent-death signal bwrap had set


def _clear_capabilities(libc):
    """Empty the effective, permitted and inheritable sets (the inheritable one survives a change of ids)."""
    import ctypes
    header = (ctypes.c_uint32 * 2)(0x20080522, 0)            # _LINUX_CAPABILITY_VERSION_3, this process
    data = (ctypes.c_uint32 * 6)()                            # two {effective, permitted, inheritable}
    if libc.capset(header, data) != 0:
        raise SystemExit("could not clear capabilities")


def _never_dumpable():
    """A crash must not hand this process's memory to the host's core handler (it runs as root)."""
    import ctypes
    if ctypes.CDLL(None).prctl(4, 0, 0, 0, 0) != 0:   # PR_SET_DUMPABLE
        raise SystemExit("could not make the process undumpable")


def _die_with_parent():
    """A killed grader (or bwrap) must take this process with it."""
    import ctypes
    import signal
    if ctypes.CDLL(None).prctl(1, int(signal.SIGKILL), 0, 0, 0) != 0:   # PR_SET_PDEATHSIG
        raise SystemExit("could not set the parent-death signal")


def _die_with_grader(fd):
    """End this process when the grader closes its end of the lifeline pipe or dies, however it dies.

    The grader never writes to it, so the read returns only at end of file. In the sandbox this is the
    second way: bubblewrap's init, this process's parent and the namespace's PID 1, dies with the grader
    and the kernel then kills everything in the namespace, whatever student code did to this thread
    (ctypes can cancel it). The thread starts before any student code; closing or replacing the
    descriptor later does not wake a read already waiting on the pipe.

    The descriptor is moved above 10 first: the grader's threads reuse low numbers, so the lifeline may
    arrive as fd 3, where main() is about to move the result pipe, and a watcher that had not yet
    started its read would then read the wrong pipe and end the process at start-up.
    """
    import fcntl
    import threading

    watched = fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10)
    os.close(fd)
    # Bound now, before student code runs: a student who replaces os._exit or os.kill does not change these.
    read, end_now, kill, me = os.read, os._exit, os.kill, os.getpid()

    def watch():
        try:
            read(watched, 1)
        finally:
            try:
                kill(me, 9)   # SIGKILL: nothing in the process can catch or delay it
            finally:
                end_now(70)

    threading.Thread(target=watch, name="lifeline", daemon=True).start()


def _load_seccomp(program):
    """Load a BPF filter the grader compiled with libseccomp (bwrap already set no_new_privs)."""
    import ctypes

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    buf = ctypes.create_string_buffer(program, len(program))
    fprog = SockFprog(len(program) // 8, ctypes.cast(buf, ctypes.c_void_p))
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(22, 2, ctypes.byref(fprog), 0, 0) != 0:   # PR_SET_SECCOMP, SECCOMP_MODE_FILTER
        raise OSError(ctypes.get_errno(), "the grader's seccomp filter could not be loaded")
    return "execve forbidden (seccomp)"


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
    try:
        message = str(exc)
    except BaseException:   # a student's exception whose __str__ raises
        message = "(its message could not be shown)"
    if len(message) > 300:
        message = message[:300] + "..."
    return f"{type(exc).__name__}: {message}{where}" if message else f"{type(exc).__name__}{where}"


def _fixture(spec, loaded):
    """The course fixture a patch names, built from the part of its module the grader sent (the function
    and what it uses: sandbox.fixture_source)."""
    key = f"{spec['module']}:{spec['attr']}"
    if key not in loaded:
        namespace = {"__name__": spec["module"], "__builtins__": builtins}
        exec(compile(spec["source"], f"<fixture {key}>", "exec"), namespace)
        loaded[key] = namespace
    return loaded[key][spec["attr"]]


def main():
    import numpy as np  # noqa: E402  (trusted imports first, then the limits, then student code)

    from deferred_imports import defer  # noqa: E402
    from wire import changed_arguments, decode, encode  # noqa: E402

    import fcntl
    # A private copy of stdin, numbered above the result pipe's fixed descriptor.
    stdin = os.fdopen(fcntl.fcntl(0, fcntl.F_DUPFD_CLOEXEC, 10), "rb")
    first = json.loads(stdin.readline())
    _die_with_grader(first["lifeline_fd"])
    if first["result_fd"] != RESULT_FD:   # the student finds its pipe where the docs say, whatever fd it came in on
        os.dup2(first["result_fd"], RESULT_FD)
        os.close(first["result_fd"])
    sys.path.insert(1, first["course_path"])
    if not first["sandboxed"] and sys.platform.startswith("linux"):
        _die_with_parent()
    _apply_limits(first["rlimits"])
    if first["sandboxed"]:
        import base64
        _never_dumpable()
        layers = [_load_seccomp(base64.b64decode(first["exec_ban"]))]
    else:
        layers = ["no sandbox: resource limits only"]
    sys.stdin = open(os.devnull)
    out = os.fdopen(RESULT_FD, "w", buffering=1)

    def emit(**event):
        out.write(json.dumps(event) + "\n")
        out.flush()

    emit(event="ready", layers=layers)
    namespace = {"__name__": "__main__", "__builtins__": builtins}
    defer()   # the setup's matplotlib imports cost nothing unless a cell or a call uses them
    for index, source in enumerate(first["setup"]):
        exec(compile(strip_magics(source), f"<setup {index}>", "exec"), namespace)
    emit(event="setup_done")
    student = json.loads(stdin.readline() or '{"cells": [], "skip_cells": []}')
    skip = set(student["skip_cells"])
    for cell in student["cells"]:
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
    emit(event="cells_done")
    fixtures = {}
    while True:
        message = json.loads(stdin.readline() or '{"end": true}')
        if message.get("end"):
            break
        for call in message["calls"]:
            _call(call, namespace, fixtures, emit, decode, encode, changed_arguments, np)
        emit(event="batch_done")
    emit(event="done")
    out.close()
    os._exit(0)  # skip interpreter teardown: student atexit hooks and finalizers do not run


def _call(call, namespace, fixtures, emit, decode, encode, changed_arguments, np):
    emit(event="call_start", id=call["id"])
    fn = namespace.get(call["function"])
    if not callable(fn):
        emit(event="call_done", id=call["id"], ok=False, kind="missing",
             error=f"no function named {call['function']} is defined")
        return
    args = decode(call["args"])
    # A case may replace names the function looks up (a backward pass with a known bug, say)
    # by course fixtures; the student's own definitions come back afterwards.
    saved = {}
    for name, spec in (call.get("patch") or {}).items():
        saved[name] = namespace.get(name)
        namespace[name] = _fixture(spec, fixtures)
    if call.get("seed") is not None:
        np.random.seed(call["seed"])
    try:
        value = fn(*args)
        payload = encode(value)
        modified = changed_arguments(call["args"], args) if call.get("keeps_inputs") else []
    except NotImplementedError as exc:
        emit(event="call_done", id=call["id"], ok=False, kind="not_implemented", error=_describe(exc))
        return
    except BaseException as exc:
        emit(event="call_done", id=call["id"], ok=False, kind="error", error=_describe(exc))
        return
    finally:
        namespace.update(saved)
    emit(event="call_done", id=call["id"], ok=True, value=payload, modified=modified)


if __name__ == "__main__":
    if "AUTOGRADER_BECOME_UID" in os.environ:
        _give_up_root()
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
    main()
