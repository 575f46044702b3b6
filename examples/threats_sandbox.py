"""Submissions that attack the sandbox and the pipe (merged into examples.threats.THREATS).

Same form as examples/threats.py. Most scenarios here wrap the instructor's
correct answer: the function first tries an attack and raises, naming it, if
the attack worked; otherwise it answers correctly. So each attack that the
sandbox stops leaves the student's full marks, and each attack that gets
through shows up as a lost point with the attack's name in the report.
"""
import textwrap

from examples.threat_base import HE, NOTEBOOK, RANDOM, ZEROS, _base, _dump
from examples.make_class import notebook_with

FULL = 8.0


def _attacking(root, attack, fn=HE, **others):
    """The solution, with `fn` running `attack` (a function body; it may use `args`) before answering."""
    release, solution = _base(root)
    source = (solution[fn] + f"\n_honest = {fn}\n\n\ndef _attack(args):\n" + textwrap.indent(attack, "    ")
              + f"\n\n\ndef {fn}(*args):\n    _attack(args)\n    return _honest(*args)\n")
    return {NOTEBOOK: _dump(notebook_with(release, {**solution, **others, fn: source}))}


# 1. Trusted code in a student-writable place: plant modules where a restarted worker could load them.
PLANT = r'''
import os
planted = {"wire.py": "def decode(x):\n    return x\n", "worker.py": "raise SystemExit",
           "sitecustomize.py": "import os; open(os.path.expanduser('~/pwned'), 'w')", "numpy.py": "raise SystemExit",
           "usercustomize.py": "", "utils/__init__.py": ""}
wrote = []
scratch = os.getcwd()     # the sandbox's one writable directory
for folder in (".", scratch, "/tmp", "/grader", "/course", "/course/utils"):
    for name, text in planted.items():
        path = os.path.join(folder, name)
        try:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "w") as f:
                f.write(text)
            wrote.append(path)
        except OSError:
            pass
if any(not p.startswith((".", scratch)) for p in wrote):
    raise RuntimeError("ESCAPED: wrote the grader's code: " + ", ".join(wrote))
if os.path.exists(os.path.join(scratch, "pwned")):
    raise RuntimeError("ESCAPED: a planted module ran in a fresh process")
if not os.path.exists("planted-once"):
    open("planted-once", "w").close()
    os._exit(1)     # end the process so the grader starts a fresh one (which must not see these files)
'''

# 2. Paths the student controls: symlinks, FIFOs and devices where the grader used to read and append.
TRAPS = r'''
import os
for name, target in (("output.txt", "/proc/1/mem"), ("report.json", "/dev/zero"), ("gradebook.db", "/dev/urandom")):
    try:
        os.symlink(target, name)
    except OSError:
        pass
for name in ("events.fifo", "stderr.txt"):
    try:
        os.mkfifo(name)
    except OSError:
        pass
'''

# 3. A foreign system-call ABI: fork through i386 `int 0x80`, where a native-only filter would not look.
I386_FORK = r'''
import ctypes, mmap
buf = mmap.mmap(-1, 4096, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)
buf.write(b"\xb8\x02\x00\x00\x00\xcd\x80\xc3")    # mov eax, 2 (i386 fork); int 0x80; ret
pid = ctypes.CFUNCTYPE(ctypes.c_long)(ctypes.addressof(ctypes.c_char.from_buffer(buf)))()
if pid == 0:
    import time
    time.sleep(3600)    # a child that would outlive the batch
raise RuntimeError(f"ESCAPED: i386 fork returned {pid}")
'''

# 4. What root's capabilities would allow: hostname, real-time priority, immutable files, reboot.
CAPABILITIES = r'''
import ctypes, fcntl, os, struct
libc = ctypes.CDLL(None, use_errno=True)
worked = []
if libc.sethostname(b"pwned", 5) == 0:
    worked.append("sethostname")
try:
    os.sched_setscheduler(0, os.SCHED_FIFO, os.sched_param(50))
    worked.append("real-time priority")
except OSError:
    pass
try:
    with open("immutable", "w") as f:
        fcntl.ioctl(f.fileno(), 0x40086602, struct.pack("l", 0x10))   # FS_IOC_SETFLAGS, FS_IMMUTABLE_FL
    worked.append("immutable file")
except OSError:
    pass
# Wrong magic numbers: harmless even with the capability (EINVAL), EPERM without it.
if libc.reboot(0, 0, 0, 0) == 0 or ctypes.get_errno() != 1:
    worked.append(f"reboot (errno {ctypes.get_errno()})")
if os.getuid() == 0:
    worked.append("uid 0")
if worked:
    raise RuntimeError("ESCAPED: " + ", ".join(worked))
'''

# 5. Limits that must hold: memory outside the address space, disk, host sockets, the kernel log.
LIMITS = r'''
import ctypes, os, socket
libc = ctypes.CDLL(None, use_errno=True)
worked = []
try:
    fd = os.memfd_create("hoard")
    for _ in range(64):
        os.write(fd, b"x" * (64 * 1024 * 1024))
    worked.append("4 GiB in a memfd")
except OSError:
    pass
for folder in (os.getcwd(), "/dev/shm", "/dev"):
    try:
        with open(os.path.join(folder, "hoard"), "wb") as f:
            for _ in range(512):
                f.write(b"x" * (1024 * 1024))
        worked.append(f"512 MiB in {folder}")
    except OSError:
        pass
for path in ("/run/dbus/system_bus_socket", "/var/run/docker.sock", "/tmp/.X11-unix/X0", "/run/systemd/private"):
    try:
        socket.socket(socket.AF_UNIX).connect(path)
        worked.append(f"connected to {path}")
    except OSError:
        pass
buf = ctypes.create_string_buffer(256)
if libc.klogctl(3, buf, 256) > 0:
    worked.append("read the kernel log")
for path in ("/dev/kmsg", "/proc/kmsg"):
    try:
        open(path, "rb").read(64)
        worked.append(f"read {path}")
    except OSError:
        pass
if worked:
    raise RuntimeError("ESCAPED: " + ", ".join(worked))
'''

# 6. The pipe: events for calls the grader never asked for, oversized frames, endless crashes.
FORGED_IDS = r'''
import json, os
forged = {"event": "call_done", "ok": True, "value": {"__dict__": {}}}
for n in range(40):
    os.write(3, (json.dumps({**forged, "id": f"initialize_parameters_he#{n}"}) + "\n").encode())
'''

AMPLIFY = r'''
import os
os.write(3, b'{"event": "call_done", "id": "x", "value": [' + b"0," * (12 * 1024 * 1024) + b'0]}\n')
'''

ENDLESS_FRAME = r'''
import os
chunk = b"[" * (1024 * 1024)
for _ in range(40):
    os.write(3, chunk)
'''


def crashing(fn):
    return f"def {fn}(*args):\n    import os\n    os._exit(7)\n"


THREATS = {
    "plants-modules-then-crashes": (lambda root: _attacking(root, PLANT), 5.0, {"test_" + HE: "error"},
                                    "the call ended the process"),
    "plants-symlinks-and-fifos": (lambda root: _attacking(root, TRAPS), FULL, {}, ""),
    "forks-through-the-i386-abi": (lambda root: _attacking(root, I386_FORK), 5.0, {"test_" + HE: "error"},
                                   "SIGSYS"),
    "uses-root-capabilities": (lambda root: _attacking(root, CAPABILITIES), FULL, {}, ""),
    "hoards-memory-disk-sockets-and-logs": (lambda root: _attacking(root, LIMITS), FULL, {}, ""),
    "forges-events-for-other-calls": (lambda root: _attacking(root, FORGED_IDS, fn=ZEROS), 6.0,
                                      {"test_" + ZEROS: "error"}, "did not ask for"),
    "amplifies-a-small-frame": (lambda root: _attacking(root, AMPLIFY, fn=RANDOM), 5.0,
                                {"test_" + RANDOM: "error"}, "malformed or oversized"),
    "sends-an-endless-frame": (lambda root: _attacking(root, ENDLESS_FRAME, fn=RANDOM), 5.0,
                               {"test_" + RANDOM: "error"}, "malformed or oversized"),
    "crashes-on-every-call": (lambda root: {NOTEBOOK: _dump(notebook_with(_base(root)[0], {
                                  fn: crashing(fn) for fn in (HE, RANDOM, ZEROS)}))},
                              0.0, {"test_" + fn: "error" for fn in (HE, RANDOM, ZEROS)},
                              "the call ended the process"),
}
