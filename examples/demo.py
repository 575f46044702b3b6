"""The main job: build a course from this repository, release, grade the example class, give feedback.

Run by scripts/demo.sh as `python -m examples.demo`. It uses the grader's library (releases,
batch grading, feedback) on the bundled example class; the grader itself knows nothing of it.
"""
import argparse
import importlib
import shutil
import sys
import time
from pathlib import Path

from autograder import batch, isolation
from autograder.assignment import discover, notebook_name
from autograder.nbgrader_bridge import generate_feedback, generate_release
from examples.make_class import build_class

REPO = Path(__file__).resolve().parent.parent


def run_demo(out):
    out = Path(out).resolve()
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    shutil.copytree(REPO / "source", out / "source")
    shutil.copy2(REPO / "nbgrader_config.py", out / "nbgrader_config.py")
    print(f"course root: {out}")
    missing = isolation.check_available()
    if missing:
        # The example class is the course's own code, so grading it unconfined is safe; real classes are not.
        print(f"note: the sandbox cannot run here ({missing}); the bundled example class is trusted, so it is "
              f"graded without isolation. `grade` refuses real submissions on this machine unless given "
              f"--no-sandbox.")
    for name in discover(out):
        notebook = notebook_name(name)
        release = generate_release(out, name, notebook)
        print(f"\n== {name}: release generated: {release.relative_to(out)}")
        try:
            roster = importlib.import_module(f"examples.{name}").EXAMPLE_CLASS
        except ModuleNotFoundError:
            print("no example class for this assignment (examples/<name>.py); nothing to grade")
            continue
        build_class(out, name, notebook, roster)
        print(f"example class: {len(roster)} submissions in submitted/*/{name}/")
        start = time.monotonic()
        report_path = out / "reports" / f"{name}.json"
        # Progress lines are noise here; anything else the batch logs (a gradebook or feedback-notebook problem) is not.
        report = batch.grade_class(out, name, report_path, sandbox=not missing,
                                   log=lambda line: None if line.startswith(("[", "references of")) else print(line))
        print(f"graded {len(report)} submissions in {time.monotonic() - start:.1f} s\n")
        print(batch.score_table(report))
        csv_path = out / "reports" / f"{name}-grades.csv"
        batch.write_grades_csv(report, name, csv_path)
        code = generate_feedback(out, name)
        if code != 0:
            print(f"nbgrader generate_feedback failed with status {code}")
            return code
        print(f"\nreport:   {report_path}\ngrades:   {csv_path}\nfeedback: {out / 'feedback'}/<student>/{name}/")
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m examples.demo", description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="build/demo", help="where to build the demo course (default build/demo)")
    return run_demo(parser.parse_args(argv).out)


if __name__ == "__main__":
    sys.exit(main())
