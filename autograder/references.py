"""Reference outputs of an assignment version, computed once and kept where no student can reach them.

The references are what the instructor's solution returns on every graded call. Computing them
takes a sandboxed run of the solution, so they are cached per assignment version in the course
root's `.autograder/references/` (never mounted in a student's sandbox, never sent to one). The
cache key is a hash of everything the values depend on: the source notebook (solution, setup,
declared cases), the course code under utils/, the files of the grader that run in the student's process and the judges
(hidden inputs such as dropout caches are built there), the Python and numpy versions, the
machine, and the CPU-kernel settings that change last digits. A file that does not decode, or
whose calls differ from the assignment's, is ignored and replaced.
"""
import hashlib
import json
import os
import platform
import sys
import tempfile
from pathlib import Path

import numpy as np

from autograder import grading, wire
from autograder.isolation import WORKER_FILES

PACKAGE = Path(__file__).resolve().parent
KERNEL_SETTINGS = ("NPY_DISABLE_CPU_FEATURES", "NPY_ENABLE_CPU_FEATURES", "OPENBLAS_CORETYPE")


def _course_code_files():
    utils = PACKAGE.parent / "utils"
    grader = [PACKAGE / "declarations.py", *(PACKAGE / name for name in WORKER_FILES),
              *sorted((PACKAGE / "judges").glob("*.py"))]
    return sorted(utils.glob("*.py")) + grader


def version_key(assignment):
    """Hex digest naming this version of the assignment's references."""
    digest = hashlib.sha256()
    for part in (sys.version, np.__version__, platform.machine(),
                 *(f"{k}={os.environ.get(k, '')}" for k in KERNEL_SETTINGS)):
        digest.update(part.encode() + b"\0")
    for path in [assignment.source_path, *_course_code_files()]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def cache_path(course_root, assignment):
    return Path(course_root) / ".autograder" / "references" / f"{assignment.name}-{version_key(assignment)[:24]}.json"


def _load(path, assignment):
    """The cached references, decoded, or None when the file is missing or not what this version needs."""
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        ids = [c["id"] for c in assignment.calls()]
        if sorted(stored) != sorted(ids):
            return None
        return {cid: wire.decode(stored[cid]) for cid in ids}
    except (OSError, ValueError, TypeError, KeyError, wire.WireError):
        return None


def _store(path, encoded):
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(encoded, f)
    os.replace(tmp, path)


def references(course_root, assignment, limits, log=lambda message: None):
    """{call id: decoded reference}, from the cache when this version's references were computed before."""
    path = cache_path(course_root, assignment)
    cached = _load(path, assignment)
    if cached is not None:
        log(f"references of {assignment.name}: reused ({path.name})")
        return cached
    refs = grading.compute_references(assignment, limits)
    try:
        _store(path, {cid: wire.encode(value) for cid, value in refs.items()})
    except OSError as exc:   # a read-only course root still grades; it only recomputes next time
        log(f"references of {assignment.name}: not cached ({exc})")
    return refs
