"""Whole-process grading time and CPU: `python -m autograder grade` against `nbgrader autograde`, and the floor.

Both grade the same Initialization submissions in fresh course roots built from this repository:
one submission (the perfect student; ours in a new course, where it computes the reference outputs,
then again with them cached, and with --no-sandbox), and a class (default 200: the solution, every
catalog mistake and every valid alternative, cycled), of which nbgrader grades the first 20 and its
time is extrapolated linearly (it grades one submission after another). Each measurement is the whole
command from process start to exit, with the CPU time of every process it started. The floor is the
CPU time of a sandboxed process that starts Python and imports numpy, and nothing else. A last table
times the student's process alone (autograder.sandbox.run on the perfect student) with and without
the sandbox. Everything is measured in one run and written to the grading-speed section of --out.

    python benchmarks/grading_speed.py [--repeats 3] [--class-size 200] [--out docs/benchmarks.md]
"""
import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from examples import initialization as catalog  # noqa: E402
from autograder.nbgrader_bridge import generate_release  # noqa: E402
from examples.make_class import build_class  # noqa: E402
from benchmarks.report import machine, write_section  # noqa: E402

ASSIGNMENT, NOTEBOOK = "initialization", "initialization.ipynb"


def course_root(path, roster):
    for folder in ("source", "release"):
        shutil.copytree(REPO / folder, path / folder)
    shutil.copy2(REPO / "nbgrader_config.py", path / "nbgrader_config.py")
    # Untimed set-up for both graders: nbgrader autograde needs the assignment in its gradebook.
    generate_release(path, ASSIGNMENT)
    build_class(path, ASSIGNMENT, NOTEBOOK, roster)
    return path


def timed(cmd, cwd):
    """(wall seconds, CPU seconds) of a whole command, its child processes' CPU included."""
    env = dict(os.environ, PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""),
               MPLBACKEND="Agg")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return elapsed, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def ours(root, *flags):
    return timed([sys.executable, "-m", "autograder", "grade", ASSIGNMENT, "--report", "report.json", *flags], root)


def theirs(root, *flags):
    return timed([sys.executable, "-m", "nbgrader", "autograde", ASSIGNMENT, "--force", "--log-level=ERROR", *flags],
                 root)


def one_submission(repeats):
    """Per repeat: ours in a new course (references computed), ours again there (references cached),
    ours --no-sandbox (cached), and nbgrader autograde; all on the perfect student."""
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for i in range(repeats):
            root = course_root(Path(tmp) / f"course-{i}", {"perfect-student": "solution"})
            student = ["--student", "perfect-student"]
            rows.append({"cold": ours(root, *student), "cached": ours(root, *student),
                         "no sandbox": ours(root, *student, "--no-sandbox"),
                         "nbgrader": theirs(root, "--student=perfect-student")})
    return rows


def whole_class(size, nbgrader_size):
    """Ours on a class of `size` in a new course (references computed once in the batch), and nbgrader
    autograde on the first `nbgrader_size` of the same roster."""
    roster = class_roster(size)
    with tempfile.TemporaryDirectory() as tmp:
        ours_result = ours(course_root(Path(tmp) / "ours", roster))
        few = dict(list(roster.items())[:nbgrader_size])
        theirs_result = theirs(course_root(Path(tmp) / "theirs", few))
    return ours_result, theirs_result


def floor(runs):
    """CPU seconds per sandboxed process that starts Python and imports numpy and nothing else."""
    from autograder import sandbox
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    for _ in range(runs):
        # One empty answer cell: with nothing to run, sandbox.run would start no process at all.
        result = sandbox.run(["import numpy as np"], [{"grade_id": "empty", "source": "pass"}], [], sandbox.Limits())
        if result.cells["empty"].status != "ok":
            raise RuntimeError(f"the floor's process failed: {result.cells['empty']}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)) / runs


def student_process_times(repeats):
    """Wall seconds of sandbox.run for the perfect student, [(sandboxed, unsandboxed)] per repeat."""
    from autograder import grading, sandbox
    from autograder.assignment import load_assignment
    from examples.make_class import notebook_with, solution_sources
    assignment = load_assignment(REPO, ASSIGNMENT)
    release = __import__("json").loads((REPO / "release" / ASSIGNMENT / NOTEBOOK).read_text())
    solved = notebook_with(release, solution_sources(REPO / "source" / ASSIGNMENT / NOTEBOOK))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / NOTEBOOK
        path.write_text(__import__("json").dumps(solved))
        cells = grading.read_submission(path, assignment).cells
    calls = [{k: c[k] for k in ("id", "function", "args", "seed", "patch")} for c in assignment.calls()]
    out = []
    for _ in range(repeats):
        pair = []
        for confined in (True, False):
            start = time.perf_counter()
            result = sandbox.run(assignment.setup, cells, calls, sandbox.Limits(sandbox=confined))
            pair.append(time.perf_counter() - start)
            if any(o.status != "ok" for o in result.calls.values()):
                raise RuntimeError(f"the solution failed in the benchmark (sandbox={confined})")
        out.append(tuple(pair))
    return out


def assignment_calls():
    from autograder.assignment import load_assignment
    return load_assignment(REPO, ASSIGNMENT).calls()


def class_roster(size):
    scenarios = ["solution"] + sorted(catalog.WRONG) + sorted(catalog.VALID)
    return {f"student-{i:03d}": scenarios[i % len(scenarios)] for i in range(size)}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--class-size", type=int, default=200)
    parser.add_argument("--nbgrader-class-size", type=int, default=20)
    parser.add_argument("--out", help="write the results into this Markdown file's grading-speed section")
    args = parser.parse_args()

    load_before = os.getloadavg()[0]
    single = one_submission(args.repeats)
    (cls_wall, cls_cpu), (few_wall, few_cpu) = whole_class(args.class_size, args.nbgrader_class_size)
    floor_cpu = floor(20)
    inside = student_process_times(args.repeats * 2)
    load_after = os.getloadavg()[0]

    med = statistics.median
    wall = {k: med(r[k][0] for r in single) for k in single[0]}
    cpu = {k: med(r[k][1] for r in single) for k in single[0]}
    scale = args.class_size / args.nbgrader_class_size
    lines = [
        "| workload | runs | ours (sandbox) | ours, `--no-sandbox` | `nbgrader autograde` | nbgrader / ours |",
        "|---|---|---|---|---|---|",
        f"| one submission, references already cached | {args.repeats} | {wall['cached']:.2f} s | "
        f"{wall['no sandbox']:.2f} s | {wall['nbgrader']:.2f} s | **{wall['nbgrader'] / wall['cached']:.1f}x** |",
        f"| one submission in a new course (references computed) | {args.repeats} | {wall['cold']:.2f} s | | "
        f"{wall['nbgrader']:.2f} s | {wall['nbgrader'] / wall['cold']:.1f}x |",
        f"| class of {args.class_size} (references computed once) | 1 | {cls_wall:.1f} s | | "
        f"{few_wall * scale:.0f} s (extrapolated: {few_wall:.1f} s for {args.nbgrader_class_size}, x{scale:g}) | "
        f"**{few_wall * scale / cls_wall:.1f}x** |",
        "",
        "| CPU seconds per submission | ours | `nbgrader autograde` | the floor: start Python and import numpy "
        "in the sandbox | ours / floor |",
        "|---|---|---|---|---|",
        f"| one submission, references cached | {cpu['cached']:.2f} | {cpu['nbgrader']:.2f} | {floor_cpu:.3f} | "
        f"{cpu['cached'] / floor_cpu:.1f}x |",
        f"| class of {args.class_size} (nbgrader: of {args.nbgrader_class_size}) | {cls_cpu / args.class_size:.3f} | "
        f"{few_cpu / args.nbgrader_class_size:.2f} | {floor_cpu:.3f} | {cls_cpu / args.class_size / floor_cpu:.1f}x |",
    ]
    boxed, free = med([a for a, _ in inside]), med([b for _, b in inside])
    lines += [
        "",
        "| the student's process alone (`sandbox.run`, perfect student, every graded call) | runs | sandbox "
        "| no sandbox | cost of isolation |",
        "|---|---|---|---|---|",
        f"| {len(assignment_calls())} calls, {ASSIGNMENT} | {len(inside)} | {boxed:.3f} s | {free:.3f} s "
        f"| {boxed - free:+.3f} s ({(boxed / free - 1) * 100:+.0f}%) |",
        "",
        f"Load average (1 min) of the machine at the start and the end of the run: {load_before:.2f} and "
        f"{load_after:.2f}.",
    ]
    table = "\n".join(lines)
    import nbgrader
    where = f"{machine()}, nbgrader {nbgrader.__version__}"
    print(table)
    print("machine:", where)
    if args.out:
        write_section(args.out, "grading speed", (
            "## Grading speed\n\n"
            f"Generated by `python benchmarks/grading_speed.py --repeats {args.repeats} --class-size "
            f"{args.class_size} --nbgrader-class-size {args.nbgrader_class_size} --out {args.out}`, all in one run. "
            "Wall time of the whole command (process start to exit, median of the runs) on the Initialization "
            "assignment; the class cycles through the solution, every catalog mistake and every valid "
            "alternative. CPU seconds are those of the command and every process it started (user + system). "
            f"nbgrader's time for the class of {args.class_size} is extrapolated linearly from its run on the "
            f"first {args.nbgrader_class_size} students of the same roster: it grades one submission after "
            "another, so its time grows with the class.\n\n"
            f"{table}\n\nMachine: {where}.\n\n"
            "Why ours is faster: `nbgrader autograde` executes every cell of the notebook, including the three "
            "15,000-iteration training runs and the plots, because any cell might matter to a hidden test. "
            "Our grader runs only the release's setup cell and the student's answer cells, then calls the "
            "graded functions; no graded result depends on the training cells. It grades one submission per "
            "core at once, keeps sandboxed processes that already ran the release's setup waiting "
            "(`sandbox.WarmPool`), and computes the reference outputs once per assignment version "
            "(`autograder/references.py`).\n\n"
            "The floor is what any sandboxed grader that starts a fresh Python with numpy per submission "
            "pays in CPU, whatever it grades: bubblewrap's namespaces and mounts, the seccomp filters, a "
            "control group, the interpreter and numpy's import.\n"))


if __name__ == "__main__":
    main()
