"""The main job: build a course from this repository, release, grade the example class, give feedback.

Run by scripts/demo.sh as `python -m examples.demo`. It drives the grader as an instructor would,
with the grader's commands (releases, `grade` for each assignment, feedback), on the bundled example
classes; the grader itself knows nothing of them.
"""
import argparse
import importlib
import shutil
import subprocess
import sys
import time
from pathlib import Path

from autograder import isolation
from autograder.assignment import discover, notebook_name
from autograder.nbgrader_bridge import generate_feedback, generate_releases
from examples.make_class import build_class

REPO = Path(__file__).resolve().parent.parent


def _grade_commands(out, classes, sandboxed):
    """One `python -m autograder grade` per assignment, all started at once: each example class has a
    student whose function never returns, and each assignment would otherwise wait out that call's
    time limit in turn. Run from this checkout, so they grade with this checkout's grader."""
    procs = {}
    for name in classes:
        cmd = [sys.executable, "-m", "autograder", "--course-root", str(out), "grade", name,
               "--report", str(out / "reports" / f"{name}.json"), "--csv", str(out / "reports" / f"{name}-grades.csv")]
        procs[name] = subprocess.Popen(cmd + ([] if sandboxed else ["--no-sandbox"]), cwd=REPO, text=True,
                                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    return procs


def run_demo(out):
    out = Path(out).resolve()
    if out.exists():
        shutil.rmtree(out)
    (out / "reports").mkdir(parents=True)
    shutil.copytree(REPO / "source", out / "source")
    shutil.copy2(REPO / "nbgrader_config.py", out / "nbgrader_config.py")
    print(f"course root: {out}")
    missing = isolation.check_available()
    if missing:
        # The example class is the course's own code, so grading it unconfined is safe; real classes are not.
        print(f"note: the sandbox cannot run here ({missing}); the bundled example class is trusted, so it is "
              f"graded without isolation. `grade` refuses real submissions on this machine unless given "
              f"--no-sandbox.")
    names = discover(out)
    classes = {}
    for name, release in zip(names, generate_releases(out, names)):
        print(f"== {name}: release generated: {release.relative_to(out)}")
        try:
            classes[name] = importlib.import_module(f"examples.{name}").EXAMPLE_CLASS
        except ModuleNotFoundError:
            print("   no example class for this assignment (examples/<name>.py); nothing to grade")
            continue
        build_class(out, name, notebook_name(name), classes[name])

    start = time.monotonic()
    procs = _grade_commands(out, classes, sandboxed=not missing)
    results = {name: (proc.communicate()[0], proc.returncode) for name, proc in procs.items()}
    print(f"\ngraded {sum(map(len, classes.values()))} submissions of {len(classes)} example classes in "
          f"{time.monotonic() - start:.1f} s (one `grade` command per assignment, run at once)")
    for name, (output, code) in results.items():
        print(f"\n== {name}: {len(classes[name])} submissions in submitted/*/{name}/")
        # Progress lines are noise here; anything else `grade` says (a gradebook or feedback-notebook problem) is not.
        print("\n".join(line for line in output.splitlines() if not line.startswith(("[", "references of"))))
        if code != 0:
            print(f"grading {name} failed with status {code}")
            return code
        print(f"report:   {out / 'reports' / f'{name}.json'}\ngrades:   {out / 'reports' / f'{name}-grades.csv'}")

    code = generate_feedback(out, list(classes))
    if code != 0:
        print(f"nbgrader generate_feedback failed with status {code}")
        return code
    print(f"\nfeedback: {out / 'feedback'}/<student>/<assignment>/")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m examples.demo", description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="build/demo", help="where to build the demo course (default build/demo)")
    return run_demo(parser.parse_args(argv).out)


if __name__ == "__main__":
    sys.exit(main())
