"""Run a student's answer cells and graded calls in the sandbox, reading back one bounded pipe.

The student's process (autograder/worker.py, started by autograder/isolation.py
inside bubblewrap) gets only: the setup code of the release, the student's answer
cells, the calls to make (function name and plain-data inputs) and, with the calls
that need them, the source of the course fixtures they swap in. It never receives
reference outputs, hidden-test code or comparison code.

The grader reads nothing from it but its event pipe: no files, no paths, no
stdout. Every frame is bounded (bytes, items, nesting), only the event the
protocol expects next is accepted (the next cell's id, the next call's id), the
bytes of a whole submission are bounded, and so are restarts. A call that does
not return in time, a crash, a limit hit or a protocol violation ends the
process; the outcome is recorded against the cell or call that was running,
and a fresh process carries on with the rest.
"""
import ast
import base64
import collections
import functools
import importlib
import inspect
import json
import os
import select
import selectors
import signal
import subprocess
import threading
import time
from dataclasses import dataclass, field

from autograder import cgroups, isolation, notebook_io

MAX_FRAME_BYTES = 32 * 1024 ** 2     # one event line
MAX_FRAME_ITEMS = 200_000            # JSON values in one event (bounds the grader's memory per frame)
MAX_RUN_BYTES = 128 * 1024 ** 2      # everything one submission's processes may send


@dataclass
class Limits:
    """Resource limits for one submission; configurable in nbgrader_config.py (ProcessGrader)."""
    call_seconds: float = 10.0          # wall time of one graded call
    cell_seconds: float = 30.0          # wall time to execute one answer cell
    submission_seconds: float = 180.0   # wall time of everything one submission runs
    memory_bytes: int = 3 * 1024 ** 3   # address space of the student's process (and its cgroup's memory)
    output_bytes: int = 16 * 1024 ** 2  # largest file it may write, and the size of its scratch tmpfs
    notebook_bytes: int = notebook_io.MAX_NOTEBOOK_BYTES   # largest submitted notebook the grader reads
    restarts: int = 8                   # fresh processes per submission after crashes and timeouts
    sandbox: bool = True                # False only by `grade --no-sandbox` (trusted submissions)

    def rlimits(self):
        return {
            "RLIMIT_AS": int(self.memory_bytes),
            "RLIMIT_FSIZE": int(self.output_bytes),
            "RLIMIT_CPU": int(self.submission_seconds) + 1,
            "RLIMIT_CORE": 0,
            "RLIMIT_NOFILE": 256,
        }


@dataclass
class Outcome:
    """What happened to one cell or call. status: ok, error, not_implemented, missing, timeout, crashed."""
    status: str
    message: str = ""
    value: object = None            # encoded plain data for calls that returned
    modified: tuple = ()            # positions of arguments the call changed (asked only of keeps_inputs calls)


@dataclass
class RunResult:
    cells: dict = field(default_factory=dict)     # grade_id -> Outcome
    calls: dict = field(default_factory=dict)     # call id -> Outcome
    restarts: int = 0
    confinement: list = field(default_factory=list)   # the isolation layers that applied
    received: int = 0                              # bytes read from the student's processes


@functools.lru_cache(maxsize=None)
def _fixture_spec(target):
    """A course fixture "module:attr" as what crosses the pipe: the name and the source it needs."""
    module_name, attr = target.split(":")
    module = importlib.import_module(module_name)
    return {"module": module_name, "attr": attr, "source": fixture_source(inspect.getsource(module), attr)}


def fixture_source(source, name):
    """The part of a fixture module's `source` that `name` needs: its imports, `name` and, transitively,
    the module-level definitions it refers to.

    A fixture module holds the course's answer to several graded functions. The student's function that a
    fixture is swapped in for could reach anything the fixture's globals hold (through __globals__, or the
    source text left in the process's memory): so the process gets the one function and its helpers, never
    the module's other answers, among them the function being graded.
    """
    tree = ast.parse(source)
    defined = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            defined[node.name] = node
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                for leaf in ast.walk(target):
                    if isinstance(leaf, ast.Name):
                        defined[leaf.id] = node
    if name not in defined:
        raise ValueError(f"the fixture module defines no {name!r} at its top level")
    needed, todo = set(), [name]
    while todo:
        node = defined.get(todo.pop())
        if node is None or id(node) in needed:
            continue
        needed.add(id(node))
        todo.extend(leaf.id for leaf in ast.walk(node) if isinstance(leaf, ast.Name))
    kept = [node for node in tree.body
            if isinstance(node, (ast.Import, ast.ImportFrom)) or id(node) in needed]
    return "\n\n".join(ast.get_source_segment(source, node, padded=True) for node in kept) + "\n"


@functools.lru_cache(maxsize=None)
def fixture_defines(target):
    """The top-level names whose code the fixture "module:attr" brings into the student's process."""
    source = _fixture_spec(target)["source"]
    names = set()
    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)):
            for target_node in (node.targets if isinstance(node, ast.Assign) else [node.target]):
                names.update(leaf.id for leaf in ast.walk(target_node) if isinstance(leaf, ast.Name))
    return frozenset(names)


def fixture_phases(calls):
    """The calls in the order they may run in one process: [calls without fixtures] + one batch per function
    whose calls swap fixtures in.

    A fixture is an answer: once its code is in the process (even only as text in memory), a later call of a
    function it answers could use it. So no fixture enters before every call without one has run, and a
    function's calls run before any fixture whose code answers that function (a topological order).
    Raises ValueError when no order exists (the fixtures of two functions answer each other, or a function's
    own fixtures answer it): the instructor's declarations must change.
    """
    plain = [c for c in calls if not c.get("patch")]
    patched = [c for c in calls if c.get("patch")]
    functions = list(dict.fromkeys(c["function"] for c in patched))
    carries = {f: set() for f in functions}
    for c in patched:
        for target in c["patch"].values():
            carries[c["function"]] |= fixture_defines(target)
    order, placed = [], set()
    while len(order) < len(functions):
        ready = [f for f in functions if f not in placed and not (carries[f] & (set(functions) - placed))]
        if not ready:
            stuck = [f for f in functions if f not in placed]
            raise ValueError(f"the fixtures swapped in for {', '.join(stuck)} carry answers to each other (or to "
                             f"the function they are swapped in for): no order keeps every answer out of the "
                             f"process until that function's calls are done")
        order.append(ready[0])
        placed.add(ready[0])
    return [plain] + [[c for c in patched if c["function"] == f] for f in order]


def _wire_call(call):
    out = {k: call.get(k) for k in ("id", "function", "args", "seed", "keeps_inputs")}
    out["patch"] = {name: _fixture_spec(target) for name, target in (call.get("patch") or {}).items()}
    return out


def _layers(limits):
    if not limits.sandbox:
        return ["NO SANDBOX (grade --no-sandbox): the student's code ran as the grader's user"]
    userns = "" if os.geteuid() == 0 else "user, "
    return [f"bubblewrap: new {userns}PID, network, IPC and UTS namespaces; uid 65534; no capabilities; "
            "read-only file system but a fresh size-limited scratch directory",
            "seccomp (libseccomp): native system calls only, no new processes",
            cgroups.describe()]


class _Child:
    """One worker process and the pipe it reports on."""

    def __init__(self, limits, course_files, run_result):
        self.result = run_result
        self.buffer = bytearray()
        self.group = None
        self.started = None   # "ok" once it ran the release's setup, else why it did not (see start)
        self.layers = None
        read_fd, write_fd = os.pipe()
        # The lifeline: the child watches its end for end-of-file, which comes when this process closes
        # ours or dies, however it dies. In the sandbox, bwrap's init ends it with the grader anyway; this
        # is a second way, and the only one for an unconfined child whose parent-death signal was cleared.
        lifeline_read, self.lifeline = os.pipe()
        pass_fds = [write_fd, lifeline_read]
        try:
            if limits.sandbox:
                seccomp_read, seccomp_write = os.pipe()
                os.write(seccomp_write, isolation.seccomp_program())
                os.close(seccomp_write)
                pass_fds.append(seccomp_read)
                info_read, info_write = os.pipe()
                pass_fds.append(info_write)
                argv = isolation.bwrap_command(isolation.Mounts(course_files), limits.output_bytes, seccomp_read,
                                               info_fd=info_write)
                become_subreaper()
                self.group = cgroups.Group(limits.memory_bytes)
                if self.group.procs_files:
                    # The launcher joins the group first, so everything bwrap starts is counted.
                    argv = ["/bin/sh", "-c", 'while [ "$1" != -- ]; do echo $$ > "$1" || exit 125; shift; done; '
                            'shift; exec "$@"', "sh", *self.group.procs_files, "--", *argv]
                env = {"PATH": "/usr/bin:/bin"}
            else:
                argv = isolation.unconfined_command()
                env = isolation.child_environment(home=os.path.expanduser("~"))
            # The grader never reads the child's output; a maintainer may let it through to the terminal.
            stderr = None if os.environ.get("AUTOGRADER_SHOW_SANDBOX_STDERR") == "1" else subprocess.DEVNULL
            self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                                         stderr=stderr, pass_fds=pass_fds, env=env,
                                         start_new_session=True)
        finally:
            for fd in pass_fds:
                os.close(fd)
        self.result_fd_in_child, self.lifeline_fd_in_child = write_fd, lifeline_read
        self.worker = _worker_handle(info_read) if limits.sandbox else None
        os.set_blocking(self.proc.stdin.fileno(), False)
        self.reader = os.fdopen(read_fd, "rb", buffering=0)
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.reader, selectors.EVENT_READ)

    def start(self, setup, limits, deadline):
        """Send the trusted part (confinement settings, the release's setup code) and wait for it to run.

        Sets self.started to "ok", or to why not: "timeout", "eof", "garbage", "too much" or a protocol
        violation. Nothing of a student is in the process yet, so this may run ahead of time (WarmPool).
        """
        message = {"setup": list(setup), "rlimits": limits.rlimits(), "sandboxed": bool(limits.sandbox),
                   "course_path": "/course" if limits.sandbox else str(isolation.COURSE_DIR),
                   "result_fd": self.result_fd_in_child, "lifeline_fd": self.lifeline_fd_in_child,
                   "exec_ban": base64.b64encode(isolation.exec_ban_program()).decode() if limits.sandbox else ""}
        if not self.send(message, deadline):
            self.started = "timeout"
            return
        event = _expect(self, deadline, "ready")
        if isinstance(event, str):
            self.started = event
            return
        self.layers = event.get("layers")
        event = _expect(self, deadline, "setup_done")
        self.started = event if isinstance(event, str) else "ok"

    def send(self, message, deadline):
        """Write one message to the worker's stdin. False when it did not take it before `deadline`.

        Never blocks: a worker that stops reading (or fills its own request pipe) costs only itself.
        """
        data = memoryview((json.dumps(message) + "\n").encode())
        fd = self.proc.stdin.fileno()
        poller = select.poll()
        poller.register(fd, select.POLLOUT)
        while data:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not poller.poll(remaining * 1000):
                return False
            try:
                data = data[os.write(fd, data):]
            except BlockingIOError:
                continue
            except OSError:
                return True   # the process is gone; reading its pipe will say why
        return True

    def next_event(self, deadline):
        """The next event (a dict), or "timeout" / "eof" / "garbage" / "too much" as a string."""
        end = self.buffer.find(b"\n")
        while end < 0:
            if len(self.buffer) > MAX_FRAME_BYTES:
                return "garbage"
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not self.selector.select(timeout=remaining):
                return "timeout"
            chunk = self.reader.read(1 << 20)
            if not chunk:
                return "eof"
            self.result.received += len(chunk)
            if self.result.received > MAX_RUN_BYTES:
                return "too much"
            newline = chunk.find(b"\n")   # only the new bytes need looking at
            if newline >= 0:
                end = len(self.buffer) + newline
            self.buffer += chunk
        line = bytes(self.buffer[:end])
        del self.buffer[:end + 1]
        if len(line) > MAX_FRAME_BYTES:
            return "garbage"
        # Each JSON value costs the grader tens of bytes of memory: count them before parsing.
        if line.count(b",") + line.count(b"[") + line.count(b"{") + line.count(b":") > MAX_FRAME_ITEMS:
            return "garbage"
        try:
            event = json.loads(line)
        except (ValueError, RecursionError):
            return "garbage"
        return event if isinstance(event, dict) else "garbage"

    def kill(self, grace=0.0):
        if grace:
            try:   # it said it was done: let it exit on its own
                self.proc.wait(timeout=grace)
            except subprocess.TimeoutExpired:
                pass
        if self.worker is not None:
            try:
                signal.pidfd_send_signal(self.worker, signal.SIGKILL)
            except OSError:
                pass   # already gone
            try:   # bwrap learns its init's status and exits
                self.proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                pass
        if self.proc.poll() is None:   # once reaped, its PID (the group's id) may be someone else's
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        self.proc.wait()
        if self.worker is not None:
            _reap_orphaned_init(self.worker)
            os.close(self.worker)
            self.worker = None
        if self.group is not None:
            self.group.remove()
        if self.lifeline is not None:
            os.close(self.lifeline)
            self.lifeline = None
        self.selector.close()
        self.reader.close()
        try:
            self.proc.stdin.close()
        except OSError:
            pass

    def exit_description(self):
        code = self.proc.wait()
        if self.group is not None and self.group.out_of_memory():
            return "the process was killed by the memory limit (out of memory)"
        if code < 0:
            try:
                name = signal.Signals(-code).name
            except ValueError:
                name = f"signal {-code}"
            hint = {"SIGXCPU": " (CPU time limit)", "SIGXFSZ": " (output size limit)",
                    "SIGKILL": " (killed, possibly out of memory)",
                    "SIGSYS": " (a forbidden system call)"}.get(name, "")
            return f"the process was ended by {name}{hint}"
        if code == 159 or code == 128 + signal.SIGSYS:   # bwrap's init reports its child's signal this way
            return "the process was ended by SIGSYS (a forbidden system call)"
        if code == 137:
            return "the process was ended by SIGKILL (killed, possibly out of memory)"
        return f"the process exited with status {code}"


def _expect(child, deadline, kind, key=None, value=None):
    """The next event if it is the one the protocol expects (`kind`, with event[key] == value), else why not."""
    event = child.next_event(deadline)
    if isinstance(event, str):
        return event
    if event.get("event") != kind or (key is not None and event.get(key) != value):
        return f"it sent an event the grader did not ask for (expected {kind})"
    return event


class WarmPool:
    """Sandboxed processes that have started and run the release's setup, each waiting for one student.

    Starting bubblewrap, Python and the setup's imports (numpy, matplotlib, the course modules) takes
    about half a second per process, the same for every student of an assignment: done here ahead of
    time, in `size` filler threads, it overlaps with the grading of other submissions instead of
    delaying each. A process serves one student only and is killed afterwards, as a cold one is; it has
    run nothing but trusted setup code before a student's cells reach it.

    The filler threads live until close(): bubblewrap's parent-death signal follows the thread that
    started it, so a process must not outlive its thread while a student's calls run in it.
    """

    def __init__(self, setup, limits, size, total=None):
        """size: processes kept ready; total: the most it ever starts (the submissions to grade), or None."""
        self.setup, self.limits, self.size = list(setup), limits, max(1, size)
        self.course_files = isolation.course_files_for(tuple(self.setup))
        self._changed = threading.Condition()
        self._ready, self._starting, self._closed = collections.deque(), 0, False
        # Each start costs a core half a second: none beyond what the batch can use. A restart after a crash takes
        # a warm process while any is left, so a crashing submission may leave later ones a cold start.
        self._starts_left = total
        self._threads = [threading.Thread(target=self._fill, daemon=True, name=f"warm-sandbox-{i}")
                         for i in range(self.size)]
        for thread in self._threads:
            thread.start()

    def _more_wanted(self):
        return len(self._ready) + self._starting < self.size and self._starts_left != 0

    def _fill(self):
        while True:
            with self._changed:
                while not self._closed and not self._more_wanted():
                    self._changed.wait()
                if self._closed:
                    return
                self._starting += 1
                if self._starts_left is not None:
                    self._starts_left -= 1
            child = None
            try:
                child = _Child(self.limits, self.course_files, RunResult())
                child.start(self.setup, self.limits, time.monotonic() + self.limits.cell_seconds)
            except Exception:   # no process this time; take() falls back to a cold start
                if child is not None:
                    child.kill()
                child = None
            with self._changed:
                self._starting -= 1
                if child is not None:
                    self._ready.append(child)
                self._changed.notify_all()

    def take(self, result, timeout):
        """A warm process for the submission whose RunResult is `result`, or None (start a cold one).

        Waits for a process that is being started rather than starting another beside it. A process that
        failed to start is discarded here, not charged to the student: the cold start that replaces it
        reports its own failure, if the failure is real.
        """
        deadline = time.monotonic() + timeout
        with self._changed:
            while not self._ready:
                if self._closed or (not self._starting and not self._more_wanted()):
                    return None   # nothing is coming
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                self._changed.wait(remaining)
            child = self._ready.popleft()
            self._changed.notify_all()   # a filler may start the next one
        if child.started != "ok" or child.proc.poll() is not None:   # failed to start, or died while waiting
            child.kill()
            return None
        child.result = result   # from here on, what it sends counts against this submission
        return child

    def close(self):
        """Stop the filler threads (each finishes the start it is in) and kill the processes nobody took."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()
        for thread in self._threads:
            thread.join()
        while self._ready:
            self._ready.popleft().kill()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


@functools.lru_cache(maxsize=None)
def become_subreaper():
    """Make this process the reaper of the sandboxes' orphaned inits (Linux's PR_SET_CHILD_SUBREAPER); True if it is.

    bubblewrap exits as soon as its init reports the worker's exit status, without waiting for that
    init, which is then orphaned. Reparented to this process rather than to the machine's init, it is
    reaped here (_reap_orphaned_init): no zombie is left where the grader runs as a container's PID 1,
    and the student's CPU time counts among this process's children's, as without a sandbox.
    """
    import ctypes
    return ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0) == 0


def _reap_orphaned_init(pidfd, seconds=2.0):
    """Reap the sandbox's init once bubblewrap has gone, if it became this process's child (it was killed)."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            if os.waitid(os.P_PIDFD, pidfd, os.WEXITED | os.WNOHANG) is not None:
                return
        except ChildProcessError:   # not ours (no subreaper), or reaped already
            return
        if time.monotonic() > deadline:
            return
        time.sleep(0.005)


def _worker_handle(info_read, seconds=30):
    """A pidfd of the sandboxed worker, from the PID bwrap reports on its info pipe (None if it did not)."""
    data = b""
    poller = select.poll()
    poller.register(info_read, select.POLLIN)
    deadline = time.monotonic() + seconds
    try:
        while len(data) < 4096 and poller.poll(max(0.0, deadline - time.monotonic()) * 1000):
            chunk = os.read(info_read, 4096)
            if not chunk:
                break
            data += chunk
            if b"}" in data:
                break
    finally:
        os.close(info_read)
    try:
        return os.pidfd_open(int(json.loads(data)["child-pid"]))
    except (ValueError, KeyError, TypeError, OSError):
        return None


def run(setup, cells, calls, limits=None, pool=None):
    """Execute answer cells and calls for one submission.

    Inputs:
    - setup: list of source strings (trusted release code, e.g. imports) run first.
    - cells: list of {"grade_id": str, "source": str}, the student's answer cells.
    - calls: list of {"id": str, "function": str, "args": encoded list, "seed": int or None,
      "patch": {name: "module:attr"} (optional)}.
    - limits: Limits.
    - pool: a WarmPool started with the same setup and limits, or None (every process starts cold).

    Returns:
    - RunResult with an Outcome for every cell and every call.

    Raises isolation.SandboxUnavailable when limits.sandbox is set and this machine cannot sandbox.
    """
    limits = limits or Limits()
    if limits.sandbox:
        missing = isolation.check_available()
        if missing:
            raise isolation.SandboxUnavailable(missing)
    result = RunResult(confinement=_layers(limits))
    course_files = isolation.course_files_for(tuple(setup))
    driver = _Driver(setup, cells, calls, limits, result)
    while not driver.finished():
        if result.restarts > limits.restarts:
            driver.give_up(f"not run: the student's process ended {result.restarts} times, the most the "
                           f"grader restarts it for one submission")
            break
        if result.received > MAX_RUN_BYTES:
            driver.give_up(f"not run: the student's process sent more than {MAX_RUN_BYTES // 1024 ** 2} MiB "
                           f"to the grader")
            break
        if time.monotonic() > driver.budget_end:
            driver.give_up(f"not run: the submission's time limit ({limits.submission_seconds:g} s) was used up")
            break
        child = pool.take(result, timeout=limits.cell_seconds) if pool is not None else None
        if child is None:
            child = _Child(limits, course_files, result)
        try:
            done = driver.drive(child)
        finally:
            child.kill()
        if done:
            break
        result.restarts += 1
    driver.give_up("not run: the student's process stopped early")
    for cell in cells:
        result.cells.setdefault(cell["grade_id"], Outcome("crashed", "not executed"))
    return result


class _Driver:
    """The grader's half of the protocol: what it expects next, and what each failure costs."""

    def __init__(self, setup, cells, calls, limits, result):
        self.setup, self.cells, self.limits, self.result = setup, cells, limits, result
        self.start = time.monotonic()
        self.budget_end = self.start + limits.submission_seconds
        # Calls that swap in fixtures go last, one function at a time, so that no answer is in the process
        # before the calls of the function it answers are done.
        self.phases = fixture_phases(calls)
        self.dead_functions = {}

    def pending(self):
        out = []
        for phase in self.phases:
            batch = []
            for c in phase:
                if c["id"] in self.result.calls:
                    continue
                if c["function"] in self.dead_functions:
                    message = self.dead_functions[c["function"]]
                    self.result.calls[c["id"]] = Outcome("timeout" if "did not return" in message else "crashed",
                                                         message)
                    continue
                batch.append(c)
            if batch:
                out.append(batch)
        return out

    def finished(self):
        return not self.pending() and len(self.result.cells) >= len(self.cells)

    def give_up(self, message):
        for batch in self.pending():
            for c in batch:
                self.result.calls[c["id"]] = Outcome("crashed", message)

    def _deadline(self, seconds, since=None):
        return min(self.budget_end, (since or time.monotonic()) + seconds)

    def _fail(self, child, event_kind, current):
        """Record why the child stopped against `current` ("cell", id) / ("call", id, fn) / None.

        event_kind: "timeout", "eof", "garbage", "too much", or a sentence saying what it did wrong.
        True when a fresh process would learn nothing more (setup failed, the time budget is gone).
        """
        over_budget = time.monotonic() >= self.budget_end
        if event_kind == "timeout":
            budget = f"the submission's time limit ({self.limits.submission_seconds:g} s) ran out"
            if current is None:
                for cell in self.cells:
                    self.result.cells.setdefault(cell["grade_id"], Outcome("timeout", budget if over_budget
                                                                            else "setup did not finish"))
                return True
            if current[0] == "cell":
                self.result.cells[current[1]] = Outcome(
                    "timeout", budget if over_budget else f"the cell did not finish within {self.limits.cell_seconds:g} s")
            else:
                self.result.calls[current[1]] = Outcome(
                    "timeout", budget if over_budget else f"did not return within {self.limits.call_seconds:g} s")
                self.dead_functions[current[2]] = (f"not run: an earlier call of {current[2]} did not return "
                                                   f"within {self.limits.call_seconds:g} s")
            return over_budget
        if event_kind == "eof":
            try:   # it closed its pipe: let it finish dying, so its exit status says why
                child.proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                pass
        child.kill()
        why = {"garbage": "it wrote malformed or oversized data to the grader's pipe",
               "too much": f"it sent more than {MAX_RUN_BYTES // 1024 ** 2} MiB to the grader",
               "eof": None}.get(event_kind, event_kind)
        why = why or child.exit_description()
        if current is None:
            for cell in self.cells:
                self.result.cells.setdefault(cell["grade_id"], Outcome("crashed", f"setup failed: {why}"))
            return True
        if current[0] == "cell":
            self.result.cells[current[1]] = Outcome("crashed", f"running this cell ended the process: {why}")
        else:
            self.result.calls[current[1]] = Outcome("crashed", f"the call ended the process: {why}")
            # Its test has failed already; running its other cases would only buy more restarts.
            self.dead_functions[current[2]] = f"not run: an earlier call of {current[2]} ended the process"
        return False

    def drive(self, child):
        """Run one child as far as it goes. True when nothing more can be learnt from a restart."""
        if child.started is None:
            child.start(self.setup, self.limits, self._deadline(self.limits.cell_seconds))
        if child.started != "ok":
            return self._fail(child, child.started, None)
        if isinstance(child.layers, list):
            self.result.confinement = _layers(self.limits) + [str(x)[:100] for x in child.layers[:4]]
        skip = [gid for gid, o in self.result.cells.items() if o.status in ("timeout", "crashed")]
        if not child.send({"cells": self.cells, "skip_cells": skip}, self._deadline(self.limits.cell_seconds)):
            return self._fail(child, "timeout", None)
        current = None
        for cell in self.cells:
            gid = cell["grade_id"]
            if gid in skip:
                continue
            event = _expect(child, self._deadline(self.limits.cell_seconds), "cell_start", "grade_id", gid)
            if isinstance(event, str):
                return self._fail(child, event, current)
            current, started = ("cell", gid), time.monotonic()
            event = _expect(child, self._deadline(self.limits.cell_seconds, started), "cell_done", "grade_id", gid)
            if isinstance(event, str):
                return self._fail(child, event, current)
            ok = event.get("ok") is True
            self.result.cells[gid] = Outcome("ok" if ok else "error", "" if ok else str(event.get("error", ""))[:1000])
            current = None
        event = _expect(child, self._deadline(self.limits.cell_seconds), "cells_done")
        if isinstance(event, str):
            return self._fail(child, event, current)
        for batch in self.pending():
            if not child.send({"calls": [_wire_call(c) for c in batch]}, self._deadline(self.limits.call_seconds)):
                return self._fail(child, "timeout", ("call", batch[0]["id"], batch[0]["function"]))
            for call in batch:
                event = _expect(child, self._deadline(self.limits.call_seconds), "call_start", "id", call["id"])
                if isinstance(event, str):
                    return self._fail(child, event, current)
                current, started = ("call", call["id"], call["function"]), time.monotonic()
                event = _expect(child, self._deadline(self.limits.call_seconds, started), "call_done", "id", call["id"])
                if isinstance(event, str):
                    return self._fail(child, event, current)
                self.result.calls[call["id"]] = _call_outcome(event)
                current = None
            event = _expect(child, self._deadline(self.limits.call_seconds), "batch_done")
            if isinstance(event, str):
                return self._fail(child, event, current)
        child.send({"end": True}, self._deadline(self.limits.call_seconds))
        if not isinstance(_expect(child, self._deadline(self.limits.call_seconds), "done"), str):
            child.kill(grace=1.0)
        return True


def _call_outcome(event):
    if event.get("ok") is True:
        modified = event.get("modified")
        modified = tuple(sorted({i for i in modified[:64] if type(i) is int and 0 <= i < 64})) \
            if isinstance(modified, list) else ()
        return Outcome("ok", value=event.get("value"), modified=modified)
    status = {"missing": "missing", "not_implemented": "not_implemented"}.get(event.get("kind"), "error")
    return Outcome(status, str(event.get("error", ""))[:1000])
