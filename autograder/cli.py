"""The grader's command line. Run from a course root (a copy of this repository with submitted/)."""
import argparse
import sys
from pathlib import Path

from autograder import batch
from autograder.assignment import AssignmentError, discover
from autograder.grading import ReferenceFailure
from autograder.isolation import SandboxUnavailable


def _cmd_grade(args):
    dispatch = _dask_dispatch(args) if args.dask else None
    stops = dispatch.fatal if dispatch else ()
    try:
        report = batch.grade_class(args.course_root, args.assignment, args.report, students=args.student,
                                   jobs=args.jobs or (dispatch and dispatch.default_jobs()),
                                   gradebook=not args.no_gradebook, sandbox=not args.no_sandbox, dispatch=dispatch,
                                   bar=sys.stderr if sys.stderr.isatty() else None)
    except SandboxUnavailable as exc:
        print(f"error: the sandbox cannot run on this machine: {exc}.\n"
              f"Untrusted submissions are not graded without it. For submissions you trust, pass --no-sandbox "
              f"(every report entry then records that the grade was made without isolation).", file=sys.stderr)
        return 3
    except stops as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 4
    finally:
        if dispatch:
            dispatch.close()
    shown = {s: report[s] for s in (args.student or report)}
    print(batch.score_table(shown))
    if args.csv:
        batch.write_grades_csv(report, args.assignment, args.csv)
    return 0


def _dask_dispatch(args):
    """grade --dask: the optional Dask extra is imported here only, so the default path never loads it."""
    if args.no_sandbox:
        raise ValueError("--no-sandbox is refused with --dask: the workers are shared machines")
    try:
        from autograder.distributed import DaskDispatch
    except ImportError as exc:
        raise ValueError(f"--dask needs the optional Dask extra ({exc}): pip install -e '.[dask]'") from None
    try:
        return DaskDispatch.connect(args.dask, args.course_root)
    except DaskDispatch.fatal as exc:
        raise ValueError(str(exc)) from None


def _cmd_release(args):
    from autograder.nbgrader_bridge import generate_releases
    names = args.assignment or discover(args.course_root)
    if not names:
        raise AssignmentError(f"no assignments in {Path(args.course_root).resolve() / 'source'} "
                              f"(each is source/<name>/<name>.ipynb)")
    for path in generate_releases(args.course_root, names):
        print(f"generated {path.relative_to(Path(args.course_root).resolve())}")
    return 0


def _cmd_feedback(args):
    from autograder.nbgrader_bridge import generate_feedback
    return generate_feedback(args.course_root, [args.assignment])


def _cmd_export(args):
    from autograder.nbgrader_bridge import export_grades
    print(f"wrote {export_grades(args.course_root, args.to)}")
    return 0


def build_parser():
    p = argparse.ArgumentParser(prog="python -m autograder", description=__doc__)
    p.add_argument("--course-root", default=".", help="course root (default: current directory)")
    sub = p.add_subparsers(dest="command", required=True)

    g = sub.add_parser("grade", help="grade every submission of an assignment")
    g.add_argument("assignment")
    g.add_argument("--report", required=True, help="JSON report to write")
    g.add_argument("--student", action="append", help="grade only this student (repeatable); "
                                                      "other students' report entries are kept")
    g.add_argument("--jobs", type=int, default=None, help="submissions graded at once (default: one per core)")
    g.add_argument("--csv", help="also write a grades CSV")
    g.add_argument("--no-gradebook", action="store_true", help="do not write gradebook.db or autograded/")
    g.add_argument("--no-sandbox", action="store_true",
                   help="run student code without the sandbox (trusted submissions only; recorded in the report)")
    g.add_argument("--dask", metavar="ADDRESS",
                   help="run each submission's sandbox on a Dask cluster: a scheduler address (tcp://host:8786, "
                        "tls://host:8786 with TLS from nbgrader_config.py) or 'local' for a LocalCluster; "
                        "this process still judges and writes everything (docs/scaling.md)")
    g.set_defaults(func=_cmd_grade)

    r = sub.add_parser("release", help="generate student releases from source/ with nbgrader")
    r.add_argument("assignment", nargs="*", help="assignments to release (default: every source/<name>/<name>.ipynb)")
    r.set_defaults(func=_cmd_release)

    f = sub.add_parser("feedback", help="HTML feedback for graded students (nbgrader generate_feedback)")
    f.add_argument("assignment")
    f.set_defaults(func=_cmd_feedback)

    e = sub.add_parser("export", help="grades CSV from the gradebook; ungraded submissions say why")
    e.add_argument("--to", default="grades.csv", help="CSV file to write (default grades.csv)")
    e.set_defaults(func=_cmd_export)

    # The nbgrader exchange round trip: collect, review (manual grading of flagged submissions), return-feedback.
    from autograder.classroom import add_subcommands
    add_subcommands(sub)
    return p


def main(argv=None):
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (AssignmentError, ReferenceFailure, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
