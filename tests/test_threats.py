"""The threat catalog: hostile and broken submissions graded beside an honest student.

Each scenario earns exactly what its graded behaviour deserves, says why when it
cannot be graded, and disturbs neither the grader nor anyone else's grade.
"""
import json

import pytest

from autograder.isolation import check_available
from conftest import load_json, make_course_root, run_cli, submission_hashes
from examples.threats import THREATS, build_threats

# Hostile code is never run outside the sandbox, not even by the tests.
pytestmark = pytest.mark.skipif(check_available() is not None,
                                reason=f"the sandbox cannot run here: {check_available()}")


def _sandbox_processes():
    """PIDs of orphaned processes still running a worker or bubblewrap (other graders' are not orphans)."""
    import os
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            cmdline = open(f"/proc/{pid}/cmdline", "rb").read()
            state = open(f"/proc/{pid}/stat", "rb").read().rsplit(b")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if state == b"Z":
            continue   # already dead, waiting for a parent to collect its status
        parent = int(open(f"/proc/{pid}/stat", "rb").read().rsplit(b")", 1)[1].split()[1])
        if parent != 1:
            continue
        if b"/grader/worker.py" in cmdline or b"bwrap" in cmdline.split(b"\0")[0]:
            found.append(int(pid))
    return found


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = make_course_root(tmp_path_factory.mktemp("threats") / "course", call_seconds=5)
    build_threats(root)
    before = submission_hashes(root)
    proc = run_cli(root, "grade", "initialization", "--report", "report.json", "--csv", "grades.csv")
    assert proc.returncode == 0, proc.stderr[-3000:]
    return {"root": root, "report": load_json(root / "report.json"), "before": before, "stdout": proc.stdout}


@pytest.mark.parametrize("scenario", sorted(THREATS))
def test_scenario_earns_exactly_what_it_deserves(graded, scenario):
    _, total, statuses, text = THREATS[scenario]
    entry = graded["report"][scenario]
    if total is None:
        assert entry["status"] == "failed" and entry["total"] is None and entry["reason"], entry
    else:
        assert entry["status"] == "graded" and entry["total"] == total, entry
        for test_id, test in entry["tests"].items():
            assert test["status"] == statuses.get(test_id, "passed"), (test_id, test)
    assert text in json.dumps(entry), entry


def test_no_attack_got_through(graded):
    # Attacks in examples/threats_sandbox.py raise "ESCAPED: ..." when they work.
    assert "ESCAPED" not in json.dumps(graded["report"])


def test_no_process_outlives_the_batch(graded):
    assert _sandbox_processes() == []


def test_sandboxed_grades_do_not_carry_the_no_sandbox_mark(graded):
    assert not any("isolation" in entry for entry in graded["report"].values())


def test_honest_student_beside_them_is_unaffected(graded):
    assert graded["report"]["perfect-student"]["total"] == 8.0


def test_nothing_was_planted_or_modified(graded):
    root = graded["root"]
    assert submission_hashes(root) == graded["before"]
    assert not (root / "planted.txt").exists()
    report = load_json(root / "report.json")
    assert set(report) <= set(THREATS) | {"perfect-student"} and len(report) >= len(THREATS)


def test_every_graded_student_gets_a_feedback_page(graded):
    root = graded["root"]
    proc = run_cli(root, "feedback", "initialization")
    assert proc.returncode == 0, proc.stderr[-3000:]
    pages = {p.parts[-3] for p in (root / "feedback").glob("*/initialization/*.html")}
    graded_students = {s for s, e in graded["report"].items() if e["status"] == "graded"}
    assert graded_students <= pages, sorted(graded_students - pages)


def test_failed_submissions_are_marked_in_the_grades_csv(graded):
    rows = (graded["root"] / "grades.csv").read_text().splitlines()
    for scenario, (_, total, _, _) in THREATS.items():
        row = next(r for r in rows if f",{scenario}," in r)
        if total is None:
            assert f",{scenario},,8,failed," in row
        else:
            assert f",{scenario},{total:g},8,graded," in row


def test_killing_the_grader_mid_batch_loses_nothing(tmp_path):
    """SIGKILL the grader while it works, run it again: same grades, every student, no duplicate rows."""
    import os
    import signal
    import subprocess
    import sys
    import time

    from conftest import roster
    from examples.make_class import build_class

    students = {f"s{i:02d}-{name}": scenario for i, (name, scenario) in enumerate(sorted(roster("initialization").items()))}
    root = make_course_root(tmp_path / "course", call_seconds=3)
    build_class(root, "initialization", "initialization.ipynb",
                {s: sc for s, sc in students.items() if sc != "not-json"})
    journal = root / "report.json.journal"
    proc = subprocess.Popen([sys.executable, "-m", "autograder", "grade", "initialization", "--report", "report.json"],
                            cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and (not journal.exists() or len(journal.read_text().splitlines()) < 3):
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = len(journal.read_text().splitlines())
    assert 3 <= partial < len(students) - 1, "the kill should land mid-batch"
    assert not (root / "report.json").exists()

    again = run_cli(root, "grade", "initialization", "--report", "report.json")
    assert again.returncode == 0, again.stderr[-2000:]
    assert not journal.exists()
    resumed = load_json(root / "report.json")

    fresh_root = make_course_root(tmp_path / "fresh", call_seconds=3)
    build_class(fresh_root, "initialization", "initialization.ipynb",
                {s: sc for s, sc in students.items() if sc != "not-json"})
    assert run_cli(fresh_root, "grade", "initialization", "--report", "report.json").returncode == 0
    assert resumed == load_json(fresh_root / "report.json")

    import sqlite3
    with sqlite3.connect(root / "gradebook.db") as db:
        rows = db.execute("select student.id, count(*) from submitted_assignment join student "
                          "on submitted_assignment.student_id = student.id group by student.id").fetchall()
    assert sorted(r[0] for r in rows) == sorted(resumed) and all(r[1] == 1 for r in rows)


def test_gradebook_and_export_say_who_could_not_be_graded(graded):
    root = graded["root"]
    proc = run_cli(root, "export", "--to", "exported.csv")
    assert proc.returncode == 0, proc.stderr
    rows = {r.split(",")[1]: r for r in (root / "exported.csv").read_text().splitlines()[1:]}
    # Students without a readable notebook still have a gradebook submission, flagged, with the reason.
    assert rows["empty-file"].startswith("initialization,empty-file,,8,not graded,")
    assert "the notebook file is empty" in rows["empty-file"]
    assert "not UTF-8" in rows["non-utf8-bytes"]
    assert rows["perfect-student"] == "initialization,perfect-student,8,8,graded,"
    assert rows["memory-bomb-and-output-flood"] == "initialization,memory-bomb-and-output-flood,2,8,graded,"
