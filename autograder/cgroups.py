"""Memory and process limits for one sandboxed run, with a control group where the OS lets us.

RLIMIT_AS bounds the address space of the student's process, but not pages it
puts in a tmpfs or a memfd, and not other processes. A control group counts
all of them: anonymous memory, tmpfs and shared memory, page cache, kernel
memory, and every task. We use cgroup v2 when our own group delegates the
memory and pids controllers, else the v1 memory and pids hierarchies when they
are writable (a root grader on a v1 or hybrid host). Otherwise nothing is
enforced beyond the rlimits, and `describe()` says so.

The worker is placed in the group before it starts (its launcher writes its own
PID into cgroup.procs and then execs bwrap), so no allocation escapes it.
"""
import functools
import itertools
import os
import signal
import threading
import time
from pathlib import Path

CGROUP_ROOT = Path("/sys/fs/cgroup")
PIDS_MAX = 64          # threads count as tasks; fork is refused anyway
CPU_PERIOD_US = 100_000
CPU_QUOTA_US = 100_000   # one CPU
_counter = itertools.count()
_lock = threading.Lock()


def _own_groups():
    """{controller or "" (v2): path of our group relative to its hierarchy}."""
    groups = {}
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return groups
    for line in lines:
        parts = line.split(":", 2)
        if len(parts) != 3:
            continue
        for controller in parts[1].split(","):
            groups[controller] = parts[2].lstrip("/")
    return groups


def _writable_dir(path):
    return path.is_dir() and os.access(path, os.W_OK)


@functools.lru_cache(maxsize=None)
def _plan():
    plan = _find_plan()
    _sweep(plan)
    return plan


def _find_plan():
    """[(directory to create groups under, {file: value template})], or [] when unavailable."""
    groups = _own_groups()
    # cgroup v2, unified or pure: our group's children get memory and pids if they are delegated.
    v2_base = CGROUP_ROOT if (CGROUP_ROOT / "cgroup.controllers").is_file() else CGROUP_ROOT / "unified"
    if "" in groups and (v2_base / "cgroup.controllers").is_file():
        own = v2_base / groups[""]
        try:
            enabled = (own / "cgroup.subtree_control").read_text().split()
        except OSError:
            enabled = []
        if {"memory", "pids"} <= set(enabled) and _writable_dir(own):
            settings = {"memory.max": "{memory}", "memory.swap.max": "0", "pids.max": "{pids}"}
            if "cpu" in enabled:
                settings["cpu.max"] = "{cpu_quota} {cpu_period}"
            return [(own, settings)]
    # cgroup v1: one hierarchy per controller.
    plan = []
    for controller, settings in (("memory", {"memory.limit_in_bytes": "{memory}",
                                             "memory.memsw.limit_in_bytes": "{memory}"}),
                                 ("pids", {"pids.max": "{pids}"})):
        base = CGROUP_ROOT / controller
        if controller not in groups or not (base / "cgroup.procs").is_file():
            return []
        own = base / groups[controller]
        if not _writable_dir(own):
            return []
        plan.append((own, settings))
    # Optional: one CPU's worth per student process, so threads in native code cannot starve the others.
    if "cpu" in groups and (CGROUP_ROOT / "cpu" / "cpu.cfs_quota_us").is_file():
        own = CGROUP_ROOT / "cpu" / groups["cpu"]
        if _writable_dir(own):
            plan.append((own, {"cpu.cfs_period_us": "{cpu_period}", "cpu.cfs_quota_us": "{cpu_quota}"}))
    return plan


def _sweep(plan):
    """Remove groups left by graders that were killed before they could (their PID no longer runs)."""
    for base, _ in plan:
        for path in base.glob("autograder-*-*"):
            owner = path.name.split("-")[1]
            if owner.isdigit() and not Path(f"/proc/{owner}").exists():
                _empty_and_remove(path)


def describe():
    """One line for the docs and the logs: what the control group enforces here."""
    plan = _plan()
    if not plan:
        return ("no writable cgroup: memory in tmpfs/shared memory and the task count are bounded only by "
                "the scratch size, the seccomp filter and RLIMIT_AS")
    version = "v2" if "memory.max" in plan[0][1] else "v1"
    cpu = any(k.startswith("cpu.") for _, settings in plan for k in settings)
    return (f"cgroup {version}: memory (tmpfs and shared memory included), task count"
            + (" and one CPU per student process" if cpu else ""))


class Group:
    """One control group per worker start; `procs_files` are where the launcher writes its PID."""

    def __init__(self, memory_bytes, pids=PIDS_MAX):
        self.dirs = []
        with _lock:
            name = f"autograder-{os.getpid()}-{next(_counter)}"
        for base, settings in _plan():
            path = base / name
            try:
                path.mkdir()
            except OSError:
                continue
            self.dirs.append(path)
            for file, template in settings.items():
                try:
                    (path / file).write_text(template.format(memory=int(memory_bytes), pids=int(pids),
                                                              cpu_quota=CPU_QUOTA_US, cpu_period=CPU_PERIOD_US))
                except OSError:
                    pass   # memsw / swap files exist only with swap accounting

    @property
    def procs_files(self):
        return [str(d / "cgroup.procs") for d in self.dirs]

    def out_of_memory(self):
        """True when the kernel's OOM killer acted in this group."""
        for d in self.dirs:
            for file, key in (("memory.events", "oom_kill"), ("memory.oom_control", "oom_kill")):
                try:
                    for line in (d / file).read_text().splitlines():
                        name, _, value = line.partition(" ")
                        if name == key and int(value) > 0:
                            return True
                except (OSError, ValueError):
                    continue
        return False

    def remove(self):
        """Kill whatever is left in the group, then delete it."""
        for d in self.dirs:
            _empty_and_remove(d)


def _empty_and_remove(d):
    for _ in range(50):
        try:
            pids = [int(p) for p in (d / "cgroup.procs").read_text().split()]
        except (OSError, ValueError):
            pids = []
        if not pids:
            break
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        time.sleep(0.01)
    try:
        d.rmdir()
    except OSError:
        pass
