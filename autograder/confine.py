"""Confine the student's process before any student code runs (Linux; best effort elsewhere).

Runs inside the worker, right after the resource limits and before numpy starts
threads. Each layer is independent and reports whether it took effect:

- network: a new network namespace (no interfaces but a down loopback), entered
  through a new user namespace when not root; Landlock also denies TCP bind/connect.
- filesystem: Landlock lets the process read only the Python installation, system
  libraries and its scratch directory, and write only the scratch directory. The
  course repository (source/, autograder/, submissions, gradebook) is out of reach.
- signals and ptrace: Landlock's scope keeps the process from signalling or
  tracing anything outside its own domain (the grader included), so it cannot kill
  its parent or read the grader's memory.
- processes: a seccomp filter refuses fork, vfork, execve and non-thread clone
  (x86_64 only), so the student's code cannot start other programs.
"""
import ctypes
import os
import platform
import struct
import sys

_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long

SYS_LANDLOCK_CREATE_RULESET, SYS_LANDLOCK_ADD_RULE, SYS_LANDLOCK_RESTRICT_SELF = 444, 445, 446
PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 38, 22, 2
FS_READ = (1 << 0) | (1 << 2) | (1 << 3)          # execute, read file, read dir
FS_ALL_BITS_BY_ABI = {1: (1 << 13) - 1, 2: (1 << 14) - 1, 3: (1 << 15) - 1, 4: (1 << 15) - 1, 5: (1 << 16) - 1}
CLONE_NEWUSER, CLONE_NEWNET = 0x10000000, 0x40000000


def _err():
    return os.strerror(ctypes.get_errno())


def landlock_abi():
    abi = _libc.syscall(SYS_LANDLOCK_CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(1))
    return abi if abi > 0 else 0


def isolate_network():
    flags = CLONE_NEWNET if os.geteuid() == 0 else CLONE_NEWUSER | CLONE_NEWNET
    if _libc.unshare(flags) != 0:
        return f"no network namespace ({_err()})"
    return "network namespace"


def restrict_filesystem_and_scope(read_paths, write_paths):
    abi = landlock_abi()
    if not abi:
        return "no Landlock in this kernel: file system, signals and ptrace not restricted"
    fs_all = FS_ALL_BITS_BY_ABI.get(abi, (1 << 16) - 1)
    net = 0b11 if abi >= 4 else 0                      # TCP bind and connect: no rule, so denied
    scoped = 0b11 if abi >= 6 else 0                   # abstract unix sockets and signals
    attr = struct.pack("QQQ", fs_all, net, scoped)
    size = 8 if abi < 4 else (16 if abi < 6 else 24)
    buf = ctypes.create_string_buffer(attr[:size], size)
    ruleset = _libc.syscall(SYS_LANDLOCK_CREATE_RULESET, buf, ctypes.c_size_t(size), ctypes.c_uint32(0))
    if ruleset < 0:
        return f"Landlock ruleset refused ({_err()})"
    try:
        for paths, access in ((read_paths, FS_READ), (write_paths, fs_all)):
            for path in paths:
                try:
                    fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
                except OSError:
                    continue
                try:
                    allowed = access if os.path.isdir(path) else access & ((1 << 0) | (1 << 1) | (1 << 2) | (1 << 14))
                    rule = ctypes.create_string_buffer(struct.pack("=Qi", allowed, fd), 12)
                    if _libc.syscall(SYS_LANDLOCK_ADD_RULE, ruleset, 1, rule, 0) != 0:
                        return f"Landlock rule for {path} refused ({_err()})"
                finally:
                    os.close(fd)
        if _libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            return f"no_new_privs refused ({_err()})"
        if _libc.syscall(SYS_LANDLOCK_RESTRICT_SELF, ruleset, 0) != 0:
            return f"Landlock restrict refused ({_err()})"
    finally:
        os.close(ruleset)
    parts = ["file system"] + (["TCP"] if net else []) + (["signals and ptrace"] if scoped else ["ptrace"])
    return f"Landlock ABI {abi}: " + ", ".join(parts)


def _bpf(code, jt, jf, k):
    return struct.pack("=HBBI", code, jt, jf, k)


def forbid_new_processes():
    """seccomp: fork, vfork, execve, execveat and clone without CLONE_THREAD fail with EPERM."""
    if platform.machine() != "x86_64" or not sys.platform.startswith("linux"):
        return "no process limit on this platform"
    AUDIT_ARCH_X86_64 = 0xC000003E
    LD_W_ABS, JEQ_K, JSET_K, RET_K = 0x20, 0x15, 0x45, 0x06
    ALLOW, ERRNO = 0x7FFF0000, 0x00050000
    EPERM, ENOSYS = 1, 38
    clone, fork, vfork, execve, execveat, clone3 = 56, 57, 58, 59, 322, 435
    CLONE_THREAD = 0x00010000
    prog = [
        _bpf(LD_W_ABS, 0, 0, 4),                       # arch
        _bpf(JEQ_K, 1, 0, AUDIT_ARCH_X86_64),
        _bpf(RET_K, 0, 0, ALLOW),
        _bpf(LD_W_ABS, 0, 0, 0),                       # syscall number
        _bpf(JEQ_K, 0, 3, clone),
        _bpf(LD_W_ABS, 0, 0, 16),                      # clone flags (low 32 bits of arg 0)
        _bpf(JSET_K, 0, 6, CLONE_THREAD),              # a thread: allow; otherwise refuse
        _bpf(RET_K, 0, 0, ALLOW),
        _bpf(JEQ_K, 4, 0, fork),
        _bpf(JEQ_K, 3, 0, vfork),
        _bpf(JEQ_K, 2, 0, execve),
        _bpf(JEQ_K, 1, 0, execveat),
        _bpf(JEQ_K, 1, 2, clone3),
        _bpf(RET_K, 0, 0, ERRNO | EPERM),
        _bpf(RET_K, 0, 0, ERRNO | ENOSYS),             # clone3: glibc falls back to clone
        _bpf(RET_K, 0, 0, ALLOW),
    ]
    filt = b"".join(prog)
    buf = ctypes.create_string_buffer(filt, len(filt))

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    fprog = SockFprog(len(prog), ctypes.cast(buf, ctypes.c_void_p))
    if _libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        return f"no_new_privs refused ({_err()})"
    if _libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) != 0:
        return f"seccomp refused ({_err()})"
    return "no new processes (seccomp)"


def confine(workdir):
    """Apply every layer; return a list of what took effect (for the grader's log)."""
    if not sys.platform.startswith("linux"):
        return ["not Linux: only resource limits apply"]
    prefixes = {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix)}
    # /proc only for this process itself: other entries (the grader's environ and maps) stay closed.
    own = os.path.realpath(f"/proc/{os.getpid()}")
    read = sorted(prefixes) + ["/usr", "/lib", "/lib64", "/etc/ld.so.cache", "/etc/localtime", "/dev/null",
                               "/dev/urandom", own, "/proc/cpuinfo", "/proc/meminfo", "/sys/devices/system/cpu"]
    return [isolate_network(), restrict_filesystem_and_scope(read, [os.path.realpath(workdir)]),
            forbid_new_processes()]
