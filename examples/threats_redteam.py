"""Attacks found by red-teaming the sandbox (merged into examples.threats.THREATS).

Same form as examples/threats.py and examples/threats_sandbox.py: most scenarios
wrap the instructor's correct answer, try an attack first and raise "ESCAPED: ..."
when it worked, so an attack the sandbox stops leaves the student's full marks
and one that gets through costs a point and names itself in the report.

Every probe here is harmless even when it works: files are opened for writing
and closed again without a byte written, root-only files are read, not changed.
Process-level attacks that cannot be told apart by a report alone (a grader that
waits past its own deadlines) are in tests/test_redteam.py.
"""
from examples.threat_base import HE
from examples.threats_sandbox import _attacking

FULL = 8.0

# 1. The sandbox's "nobody" is the host's root. bwrap, started by a root grader with --unshare-user,
#    maps uid 65534 inside to uid 0 outside (/proc/self/uid_map: "65534 0 1"). Without any capability
#    the kernel still checks file modes against that uid, and /proc/sys (not read-only in bwrap's
#    /proc) checks only the uid: kernel.core_pattern (a crash then runs any command as root on the
#    host), vm.panic_on_oom (its own cgroup's OOM then panics the machine), kernel.pid_max (no grader
#    could start another worker) are all writable, and root-only files such as /proc/kpageflags read.
HOST_ROOT = r'''
import os
worked = []
for path in ("/proc/sys/kernel/core_pattern", "/proc/sys/vm/panic_on_oom", "/proc/sys/kernel/pid_max",
             "/proc/sys/vm/drop_caches"):
    try:
        os.close(os.open(path, os.O_WRONLY))   # the permission check alone: nothing is written
        worked.append("may write " + path)
    except OSError:
        pass
for path in ("/proc/kpageflags", "/proc/kpagecount"):   # mode 0400, owned by the host's root
    try:
        with open(path, "rb") as f:
            f.read(8)
        worked.append("read " + path)
    except OSError:
        pass
if worked:
    raise RuntimeError("ESCAPED: host root through the user namespace: " + ", ".join(worked))
'''

# 2. A process that no longer dies with its parent. The worker is the PID namespace's init, and only
#    bwrap's --die-with-parent (PR_SET_PDEATHSIG) ends it when the grader kills bwrap; prctl is not
#    filtered, so the student clears it and hangs. Here a control group removes it; on a host without a
#    writable cgroup (a non-root grader on cgroup v2 without delegation) it outlives the batch, orphaned,
#    for as long as it likes (tests/test_redteam.py shows it; test_no_process_outlives_the_batch catches it).
CLEARS_DEATH_SIGNAL = r'''
import ctypes, time
ctypes.CDLL(None).prctl(1, 0, 0, 0, 0)   # PR_SET_PDEATHSIG, 0: no signal when bwrap dies
time.sleep(3600)
'''


THREATS = {
    "acts-as-host-root-on-kernel-settings": (lambda root: _attacking(root, HOST_ROOT), FULL, {}, ""),
    "clears-its-death-signal-and-hangs": (lambda root: _attacking(root, CLEARS_DEATH_SIGNAL), 5.0,
                                          {"test_" + HE: "timeout"}, "did not return"),
}


# --- Second red team (against the root-grader design: bwrap's privileged mode, the worker drops to the
#     host's uid 65534) ---------------------------------------------------------------------------------

# 3. A crash handed to the host's core handler, as root. RLIMIT_CORE = 0 stops core *files* only: when
#    kernel.core_pattern is a pipe (Ubuntu's apport, systemd-coredump on Fedora, Arch, Debian with
#    systemd-coredump installed), the kernel ignores RLIMIT_CORE and starts the handler as the host's root,
#    outside every namespace, cgroup and filter of the sandbox, and streams it the process's memory image
#    (up to memory_bytes, 9 times per submission), whose contents, name and size the student chooses
#    (apport and systemd-coredump have had root exploits through such crafted cores). A root grader's worker
#    is not dumpable after giving up root, but prctl(PR_SET_DUMPABLE, 1) is not filtered, so the student
#    turns it back on and crashes; a non-root grader's worker is dumpable from the start. Shown by hand on
#    this machine with core_pattern set for a few seconds to "|/tmp/rt2/corelog.sh %p %u %e": the handler
#    ran as uid 0 for the sandboxed pid 1, uid 65534, comm chosen by the student. The probe only asks.
BECOMES_DUMPABLE = r'''
import ctypes
libc = ctypes.CDLL(None)
libc.prctl(4, 1, 0, 0, 0)            # PR_SET_DUMPABLE 1
if libc.prctl(3, 0, 0, 0, 0) == 1:   # PR_GET_DUMPABLE
    raise RuntimeError("ESCAPED: the student's process made itself dumpable: a crash now runs the host's "
                       "core handler (kernel.core_pattern) as root on memory the student chose")
'''

THREATS.update({
    "makes-itself-dumpable-for-the-host-core-handler": (lambda root: _attacking(root, BECOMES_DUMPABLE), FULL, {}, ""),
})
