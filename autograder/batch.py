"""Grade a whole class: every submitted/<student>/<assignment>/, one report, gradebook, autograded notebooks."""
import functools
import hashlib
import importlib
import json
import os
import stat
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from autograder import autograded, grading, isolation, references
from autograder.assignment import load_assignment, read_source
from autograder.config import load_limits
from autograder.sandbox import WarmPool, run as run_in_sandbox


NO_SANDBOX = "none: graded with --no-sandbox, the student's code ran unconfined as the grader's user"


def list_students(course_root, assignment_name):
    submitted = Path(course_root) / "submitted"
    if not submitted.is_dir():
        return []
    return sorted(p.name for p in submitted.iterdir() if p.is_dir() and (p / assignment_name).exists())


def _write_json_atomic(path, data):
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(data, f, indent=2, sort_keys=True)
        f.write("\n")
    os.replace(tmp, path)


def _fingerprint(assignment, folder, limits):
    """What a grade depends on: the submission's files, the source notebook, the hidden tests and judges.

    Submission files are hashed without following links and only up to the notebook size limit (a
    bigger or non-regular file counts by its name, type and size), so a student's folder cannot make
    this read without end.
    """
    digest = hashlib.sha256(f"sandbox={limits.sandbox}\0".encode())
    package = Path(grading.__file__).parent
    trusted = [assignment.source_path, package / "declarations.py", *sorted((package / "judges").glob("*.py"))]
    for path in trusted:
        if path.is_file():
            digest.update(path.read_bytes())
    if not folder.is_dir() or folder.is_symlink():
        return digest.hexdigest()
    for top, dirs, files in os.walk(folder, followlinks=False):
        dirs.sort()
        for name in sorted(files):
            path = Path(top) / name
            digest.update(str(path.relative_to(folder)).encode() + b"\0")
            try:
                info = path.lstat()
                if not stat.S_ISREG(info.st_mode) or info.st_size > limits.notebook_bytes:
                    digest.update(f"{stat.S_IFMT(info.st_mode)}:{info.st_size}:{info.st_mtime_ns}".encode())
                    continue
                fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
                with os.fdopen(fd, "rb") as f:
                    digest.update(f.read(limits.notebook_bytes + 1))
            except OSError as exc:
                digest.update(f"unreadable:{exc.errno}".encode())
    return digest.hexdigest()


class Journal:
    """Grades written one line at a time, fsynced, so a killed batch resumes where it stopped."""

    def __init__(self, report_path):
        self.path = Path(str(report_path) + ".journal")
        self.lock = threading.Lock()

    def load(self):
        done = {}
        if self.path.is_file():
            for line in self.path.read_text(encoding="utf-8").splitlines():
                try:
                    item = json.loads(line)
                    done[item["student"]] = (item["fingerprint"], item["entry"])
                except (ValueError, KeyError, TypeError):
                    continue   # a line cut short by the kill
        return done

    def add(self, student, fingerprint, entry):
        if entry.get("reason", "").startswith("internal grader error"):
            return   # worth another try next run
        self.path.parent.mkdir(parents=True, exist_ok=True)   # the report's folder may not exist yet
        with self.lock, open(self.path, "a", encoding="utf-8") as f:
            f.write(json.dumps({"student": student, "fingerprint": fingerprint, "entry": entry}) + "\n")
            f.flush()
            os.fsync(f.fileno())

    def remove(self):
        self.path.unlink(missing_ok=True)


def default_jobs():
    """Submissions graded at once by default: one per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:   # not Linux
        return max(1, os.cpu_count() or 1)


def grade_class(course_root, assignment_name, report_path, students=None, jobs=None, gradebook=True, log=print,
                sandbox=True, dispatch=None, bar=None):
    """Grade every (or the named) student's submission of one assignment.

    With sandbox=False (`grade --no-sandbox`, for trusted submissions only) the student's code runs
    as a plain child process, and every report entry says so under "isolation". With sandbox=True
    on a machine that cannot sandbox, raises isolation.SandboxUnavailable before grading anyone.

    bar: a terminal stream to draw a progress bar on (`grade` on a terminal), or None for one plain log
    line per submission (logs, CI).

    dispatch: where each submission's sandbox runs. None: here. An autograder.distributed.DaskDispatch
    (`grade --dask`): on a Dask cluster, with `jobs` submissions in flight; judging and every write
    stay in this process either way.

    Returns the report dict {student: entry}. With `students` given and an existing report,
    only those students' entries are replaced. Each grade is journaled as soon as it is known;
    after a crash or a kill, the next run reuses the journaled grades of unchanged submissions.
    """
    course_root = Path(course_root).resolve()
    setup = read_source(course_root, assignment_name).setup
    limits = load_limits(course_root)
    limits.sandbox = bool(sandbox)
    if sandbox:
        missing = isolation.check_available()
        if missing:
            raise isolation.SandboxUnavailable(missing)
    names = list(students) if students else list_students(course_root, assignment_name)
    warm = None
    if dispatch is None and names:
        # Sandboxed processes that already ran the release's setup wait for the next submissions. They
        # start first, so they warm up while this process reads the assignment's declarations.
        warm = WarmPool(setup, limits, size=max(1, jobs or default_jobs()), total=len(names))
    try:
        return _grade(course_root, assignment_name, report_path, names, students, jobs, gradebook, log, limits,
                      dispatch, warm, bar)
    finally:
        if warm is not None:
            warm.close()


def _grade(course_root, assignment_name, report_path, names, students, jobs, gradebook, log, limits, dispatch, warm,
           bar):
    assignment = load_assignment(course_root, assignment_name)
    background = ThreadPoolExecutor(max_workers=2)
    # The gradebook's database stack takes a tenth of a second to import, and the references need a
    # sandboxed run of their own: both overlap with the first submissions.
    gradebook_module = background.submit(importlib.import_module, "autograder.gradebook") if gradebook else None
    refs_future = background.submit(references.references, course_root, assignment, limits, log)

    journal = Journal(report_path)
    resumed = journal.load()
    # grade --dask: the sandboxed runs happen on the cluster (autograder/distributed.py).
    runner, stops = (dispatch.run, dispatch.fatal) if dispatch else (None, ())
    if warm is not None:
        runner = functools.partial(run_in_sandbox, pool=warm)

    def one(student):
        folder = course_root / "submitted" / student / assignment_name
        fingerprint = _fingerprint(assignment, folder, limits)
        if student in resumed and resumed[student][0] == fingerprint:
            path = grading.find_notebook(folder, assignment)[0]
            return student, resumed[student][1], path
        student, entry, path = _grade_one(student, folder)
        journal.add(student, fingerprint, entry)
        return student, entry, path

    def _grade_one(student, folder):
        path, reason, notes = grading.find_notebook(folder, assignment)
        if path is None:
            return student, grading.failed_entry(assignment, reason), None
        try:
            entry = grading.grade_notebook_file(assignment, path, refs_future.result, limits, notes, runner)
            if not limits.sandbox:
                entry["isolation"] = NO_SANDBOX
            return student, entry, path
        except (grading.ReferenceFailure, *stops):
            raise   # the instructor's side or the cluster is broken: stop before any grade is written
        except Exception as exc:   # a bug of ours on one submission must not cost the batch
            return student, grading.failed_entry(assignment, f"internal grader error: {exc!r}"), None

    results, paths = {}, {}
    progress = Progress(len(names), log=log, bar=bar)
    with ThreadPoolExecutor(max_workers=max(1, jobs or default_jobs())) as pool:
        for student, entry, path in pool.map(one, names):
            results[student] = entry
            paths[student] = path
            shown = f"{entry['total']:g}/{entry['max']:g}" if entry["status"] == "graded" else "NOT GRADED"
            progress.graded(student, shown, entry["status"] != "graded")
    progress.close()

    report = {}
    if students and Path(report_path).is_file():
        report = json.loads(Path(report_path).read_text(encoding="utf-8"))
    report.update(results)
    _write_json_atomic(report_path, report)

    background.shutdown(wait=False)
    if gradebook:
        trouble = gradebook_module.result().record_grades(course_root, assignment, results)
        for student, entry in results.items():
            try:
                # Feedback made from an older autograded notebook would show outdated grades.
                autograded.remove_autograded(course_root, assignment, student)
                if entry["status"] == "graded" and student not in trouble:
                    autograded.write_autograded(course_root, assignment, student, paths[student], entry,
                                                limits.notebook_bytes)
            except Exception as exc:   # one student's feedback notebook must not cost the others theirs
                trouble[student] = f"the autograded notebook could not be written ({exc!r})"
        for student, why in trouble.items():
            results[student].setdefault("notes", []).append(f"{why}; this submission gets no feedback page")
            log(f"{student}: {why}")
        if trouble:
            _write_json_atomic(report_path, report)
    journal.remove()
    return report


class Progress:
    """Counts, rate and time left of a batch: one plain log line per submission (fine in logs and CI), or,
    given a terminal stream as `bar`, one progress bar (tqdm) that keeps only the submissions not graded."""

    def __init__(self, total, clock=time.monotonic, log=print, bar=None):
        self.total, self.done, self.clock, self.start = total, 0, clock, clock()
        self.log, self.bar = log, None
        if bar is not None:
            from tqdm import tqdm
            self.bar = tqdm(total=total, unit="submission", file=bar, dynamic_ncols=True, leave=True)

    def graded(self, student, shown, failed):
        line = f"{self.step()} graded {student}: {shown}"
        if self.bar is None:
            self.log(line)
            return
        self.bar.set_postfix_str(f"last: {student} {shown}", refresh=False)
        self.bar.update(1)
        if failed:   # a submission that could not be graded stays on screen above the bar
            self.bar.write(line, file=self.bar.fp)

    def close(self):
        if self.bar is not None:
            self.bar.close()

    def step(self):
        self.done += 1
        elapsed = max(self.clock() - self.start, 1e-9)
        rate = self.done / elapsed
        left = (self.total - self.done) / rate
        return f"[{self.done}/{self.total}, {rate:.2f}/s, about {left:.0f} s left]"


def score_table(report):
    """The report as a plain-text table, one row per student."""
    tests = sorted({t for e in report.values() for t in e["tests"]})
    lines = [f"{'student':<28}{'score':>10}  status    " + "  ".join(t.replace("test_", "") for t in tests)]
    for student in sorted(report):
        e = report[student]
        score = f"{e['total']:g}/{e['max']:g}" if e["status"] == "graded" else f"--/{e['max']:g}"
        cols = "  ".join(f"{e['tests'][t]['status'] if t in e['tests'] else '-':<{len(t) - 5}}" for t in tests)
        lines.append(f"{student:<28}{score:>10}  {e['status']:<8}  {cols}")
        if e["status"] != "graded":
            lines.append(f"{'':<28}{'':>10}  reason: {e.get('reason', '')}")
    return "\n".join(lines)


def write_grades_csv(report, assignment_name, path):
    """grades CSV: one row per student; a student who could not be graded has an empty score and a reason."""
    import csv
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["assignment", "student", "score", "max_score", "status", "reason"])
        for student in sorted(report):
            e = report[student]
            score = "" if e["total"] is None else f"{e['total']:g}"
            w.writerow([assignment_name, student, score, f"{e['max']:g}", e["status"], e.get("reason", "")])
