"""Whole-process grading time: `python -m autograder grade` against `nbgrader autograde`, and the cost of the sandbox.

Both grade the same Initialization submissions in a fresh course root built from
this repository: one submission (the perfect student), then a class of 20 (the
solution, every catalog mistake and every valid alternative, cycled). Each
measurement is the wall time of the whole command, from process start to exit,
including interpreter start-up and, for ours, computing the reference outputs.
The median of --repeats runs is reported, with the machine it ran on. Ours is
measured twice in the same run: in the sandbox (the default) and with
--no-sandbox, so the difference is what isolation costs. A second table times
the student's-process part alone (autograder.sandbox.run on the perfect
student's answer cells and every graded call) with and without the sandbox.

    python benchmarks/grading_speed.py [--repeats 5] [--class-repeats 3] [--out docs/benchmarks.md]
"""
import argparse
import os
import platform
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

ASSIGNMENT, NOTEBOOK = "initialization", "initialization.ipynb"


def course_root(path, roster):
    for folder in ("source", "release"):
        shutil.copytree(REPO / folder, path / folder)
    shutil.copy2(REPO / "nbgrader_config.py", path / "nbgrader_config.py")
    # Untimed set-up for both graders: nbgrader autograde needs the assignment in its gradebook.
    generate_release(path, ASSIGNMENT, NOTEBOOK)
    build_class(path, ASSIGNMENT, NOTEBOOK, roster)
    return path


def timed(cmd, cwd):
    env = dict(os.environ, PATH=str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", ""),
               MPLBACKEND="Agg")
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    return elapsed


def measure(roster, repeats, student=None):
    ours, unsandboxed, theirs = [], [], []
    for _ in range(repeats):
        for flags, times in (([], ours), (["--no-sandbox"], unsandboxed)):
            with tempfile.TemporaryDirectory() as tmp:
                root = course_root(Path(tmp) / "course", roster)
                cmd = [sys.executable, "-m", "autograder", "grade", ASSIGNMENT, "--report", "report.json", *flags]
                times.append(timed(cmd + (["--student", student] if student else []), root))
        with tempfile.TemporaryDirectory() as tmp:
            root = course_root(Path(tmp) / "course", roster)
            cmd = [sys.executable, "-m", "nbgrader", "autograde", ASSIGNMENT, "--force", "--log-level=ERROR"]
            theirs.append(timed(cmd + ([f"--student={student}"] if student else []), root))
    return ours, unsandboxed, theirs


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
    return {f"student-{i:02d}": scenarios[i % len(scenarios)] for i in range(size)}


def machine():
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import nbgrader
    import numpy
    return (f"{platform.system()} {platform.release()}, {os.cpu_count()} cores ({cpu}), "
            f"Python {platform.python_version()}, numpy {numpy.__version__}, nbgrader {nbgrader.__version__}")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--class-repeats", type=int, default=3)
    parser.add_argument("--class-size", type=int, default=20)
    parser.add_argument("--out", help="write the results as Markdown to this file")
    args = parser.parse_args()

    load_before = os.getloadavg()[0]
    one_ours, one_free, one_theirs = measure({"perfect-student": "solution"}, args.repeats, student="perfect-student")
    cls_ours, cls_free, cls_theirs = measure(class_roster(args.class_size), args.class_repeats)
    inside = student_process_times(args.repeats * 2)
    med = statistics.median
    rows = [
        ("one submission", args.repeats, med(one_ours), med(one_free), med(one_theirs)),
        (f"class of {args.class_size}", args.class_repeats, med(cls_ours), med(cls_free), med(cls_theirs)),
    ]
    lines = [
        "| workload | runs | `python -m autograder grade` (sandbox) | same, `--no-sandbox` | `nbgrader autograde` "
        "| ratio to nbgrader (sandbox) |",
        "|---|---|---|---|---|---|",
    ]
    for name, runs, ours, free, theirs in rows:
        lines.append(f"| {name} | {runs} | {ours:.2f} s | {free:.2f} s | {theirs:.2f} s | {theirs / ours:.1f}x |")
    boxed, free = med([a for a, _ in inside]), med([b for _, b in inside])
    lines += [
        "",
        "| the student's process alone (`sandbox.run`, perfect student, every graded call) | runs | sandbox "
        "| no sandbox | cost of isolation |",
        "|---|---|---|---|---|",
        f"| {len(assignment_calls())} calls, {ASSIGNMENT} | {len(inside)} | {boxed:.3f} s | {free:.3f} s "
        f"| {boxed - free:+.3f} s ({(boxed / free - 1) * 100:+.0f}%) |",
    ]
    lines += ["", f"Load average (1 min) of the machine at the start and the end of the run: "
                  f"{load_before:.2f} and {os.getloadavg()[0]:.2f}."]
    table = "\n".join(lines)
    print(table)
    print("machine:", machine())
    if args.out:
        Path(args.out).write_text(
            "# Grading speed\n\nGenerated by `python benchmarks/grading_speed.py "
            f"--repeats {args.repeats} --class-repeats {args.class_repeats} --out {args.out}`.\n"
            "Median wall time of the whole command (process start to exit) on the Initialization "
            "assignment; the class mixes the solution, every catalog mistake and every valid alternative.\n\n"
            f"{table}\n\nMachine: {machine()}.\n\n"
            "Why ours is faster: `nbgrader autograde` executes every cell of the notebook, including the three "
            "15,000-iteration training runs and the plots, because any cell might matter to a hidden test. "
            "Our grader runs only the release's setup cell and the student's answer cells, then calls the "
            "graded functions; no graded result depends on the training cells. It also grades two submissions "
            "at once (`--jobs 2`). It pays for one extra sandboxed run per batch: the reference outputs "
            "computed from the instructor's solution.\n\n"
            "What isolation costs: starting bubblewrap (namespaces, a dozen read-only bind mounts, a tmpfs), "
            "loading the seccomp filters and creating and removing a control group, once per student "
            "process. Both columns of ours are measured in this same run, on the same submissions.\n")


if __name__ == "__main__":
    main()
