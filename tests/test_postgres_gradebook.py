"""A gradebook on a real PostgreSQL server (c.CourseDirectory.db_url): concurrent graders, export, feedback, formgrader
(and concurrent writers on the default SQLite gradebook too).

The server is PostgreSQL's own binaries from the pgserver wheel (PyPI, requirements.txt), started
once per test session with its data and socket in a temporary folder. PostgreSQL refuses to run as
root, so under root (CI) it runs as nobody.
"""
import csv
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from autograder import gradebook
from autograder.assignment import load_assignment, notebook_name
from conftest import load_json, make_course_root, run_cli
from examples.make_class import build_class
from test_gradebook_rows import gradebook_rows

pytestmark = pytest.mark.slow

NOBODY = 65534


def _server_binaries():
    spec = importlib.util.find_spec("pgserver")
    if spec is None:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "pginstall" / "bin"
    return folder if (folder / "postgres").is_file() else None


@pytest.fixture(scope="session")
def new_database():
    """new_database() -> SQLAlchemy URL of a new, empty database on this session's PostgreSQL server."""
    binaries = _server_binaries()
    if binaries is None:
        pytest.skip("no PostgreSQL server binaries: the pgserver package (requirements.txt) is not installed")
    run_as = []
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("running as root without setpriv (util-linux) to start PostgreSQL as another user")
        run_as = ["setpriv", f"--reuid={NOBODY}", f"--regid={NOBODY}", "--clear-groups", "--"]
    # A short path: the server's Unix socket lives here, and socket paths are limited to ~100 bytes.
    folder = Path(tempfile.mkdtemp(prefix="ag-pg-"))
    if run_as:
        # nobody may not reach the virtual environment (a clone under /root): it gets a copy (26 MB) of
        # pgserver/pginstall and of pgserver.libs, laid out as in site-packages (the binaries' RPATH).
        site = binaries.parents[2]
        for part in ("pgserver/pginstall", "pgserver.libs"):
            shutil.copytree(site / part, folder / "site" / part)
        binaries = folder / "site" / "pgserver" / "pginstall" / "bin"
        os.chown(folder, NOBODY, NOBODY)
    env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "LC_ALL": "C"}
    data = folder / "data"

    def server(*args):
        proc = subprocess.run([*run_as, *map(str, args)], capture_output=True, text=True, env=env, timeout=120)
        log = folder / "log"
        assert proc.returncode == 0, f"{args[0]} failed:\n{proc.stdout}{proc.stderr}" + \
            (log.read_text() if log.is_file() else "")

    import psycopg
    made = []

    def new():
        name = f"gradebook_{len(made)}"
        with psycopg.connect(host=str(folder), user="postgres", dbname="postgres", autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        made.append(name)
        return f"postgresql+psycopg://postgres@/{name}?host={folder}"
    try:
        server(binaries / "initdb", "-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--no-sync")
        # Unix socket only (no TCP port to collide with); fsync off: a test server need not survive a power cut.
        server(binaries / "pg_ctl", "-D", data, "-w", "-l", folder / "log",
               "-o", f"-h '' -k {folder} -c fsync=off -c max_connections=60", "start")
        try:
            yield new
        finally:
            server(binaries / "pg_ctl", "-D", data, "-m", "immediate", "stop")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _course_on(url, path):
    root = make_course_root(path)
    with open(root / "nbgrader_config.py", "a", encoding="utf-8") as f:
        f.write(f"\nc.CourseDirectory.db_url = {url!r}\n")
    return root


# Who grades what, at the same time: one assignment split between two graders, another in a third.
ASSIGNMENT = "gradient_checking"
CLASS = {ASSIGNMENT: {"ana": "solution", "ben": "blank", "cy": "solution"},
         "logistic_regression": {"ben": "blank"}}
GRADERS = [("gradient_checking", ["ana", "cy"]), ("gradient_checking", ["ben"]), ("logistic_regression", [])]


@pytest.fixture(scope="module")
def graded_on_postgres(new_database, tmp_path_factory):
    """A course whose gradebook is a new PostgreSQL database, graded by three `grade` processes at once."""
    url = new_database()
    root = _course_on(url, tmp_path_factory.mktemp("pg") / "course")
    for assignment, roster in CLASS.items():
        build_class(root, assignment, notebook_name(assignment), roster)
    # One notebook that is not JSON: a failure, to be flagged, with its reason, in the gradebook.
    (root / "submitted" / "cy" / "gradient_checking" / notebook_name("gradient_checking")).write_text("{not json")
    procs = []
    for i, (assignment, students) in enumerate(GRADERS):
        args = [sys.executable, "-m", "autograder", "grade", assignment, "--report", f"report{i}.json"]
        for student in students:
            args += ["--student", student]
        procs.append(subprocess.Popen(args, cwd=root, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err[-3000:]
    reports = {}
    for i, (assignment, _) in enumerate(GRADERS):
        reports.setdefault(assignment, {}).update(load_json(root / f"report{i}.json"))
    return {"root": root, "url": url, "reports": reports}


def test_three_graders_at_once_lose_and_duplicate_nothing_and_store_what_sqlite_stores(graded_on_postgres, tmp_path):
    root, url, reports = graded_on_postgres["root"], graded_on_postgres["url"], graded_on_postgres["reports"]
    assert {a: set(r) for a, r in reports.items()} == {a: set(r) for a, r in CLASS.items()}
    assert reports["gradient_checking"]["cy"]["status"] == "failed"
    rows = gradebook_rows(url)
    assert rows["submitted_assignment"] == sorted((a, s, None, None) for a in CLASS for s in CLASS[a])
    for assignment, report in reports.items():
        tests = load_assignment(root, assignment).tests
        for student, entry in report.items():
            mine = {r[3]: (r[5], r[8]) for r in rows["grade"] if r[:2] == (assignment, student)}
            graded = entry["status"] == "graded"
            assert mine == {t.id: (entry["tests"][t.id]["points"] if graded else None, not graded) for t in tests}
    # The same results written into SQLite, the default gradebook, give the same rows.
    sqlite_root = make_course_root(tmp_path / "sqlite")
    for assignment, report in reports.items():
        assert gradebook.record_grades(sqlite_root, load_assignment(root, assignment), report) == {}
    assert rows == gradebook_rows(gradebook.db_url(sqlite_root))
    # The set-up the three raced for happened once.
    import sqlalchemy
    engine = sqlalchemy.create_engine(url)
    with engine.connect() as conn:
        count = {t: conn.execute(sqlalchemy.text(f"SELECT count(*) FROM {t}")).scalar_one()
                 for t in ("alembic_version", "course", "assignment", "notebook")}
    engine.dispose()
    assert count == {"alembic_version": 1, "course": 1, "assignment": 2, "notebook": 2}


# Each writer waits for the go file, then records its results: all of them hit the new database at once.
WRITER = """
import json, os, sys, time
from autograder import gradebook
from autograder.assignment import load_assignment
root, assignment, results, go = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), sys.argv[4]
a = load_assignment(root, assignment)
print("ready", flush=True)
while not os.path.exists(go):
    time.sleep(0.005)
print(json.dumps(gradebook.record_grades(root, a, results)))
"""


@pytest.mark.parametrize("backend", ["postgresql", "sqlite"])
def test_writers_released_at_once_into_a_new_database_lose_and_duplicate_nothing(backend, request, tmp_path):
    """Four processes, two assignments, each student in both; every write at the same moment, set-up included."""
    if backend == "postgresql":
        root = _course_on(request.getfixturevalue("new_database")(), tmp_path / "course")
    else:   # the default gradebook: SQLite makes concurrent writers wait for each other
        root = make_course_root(tmp_path / "course")
    work = []
    for assignment in ("gradient_checking", "logistic_regression"):
        tests = load_assignment(root, assignment).tests
        for w in range(2):
            results = {f"s{w}{k}": {"status": "graded", "tests": {t.id: {"points": (w + k + i) % 3} for i, t in
                                                                   enumerate(tests)}} for k in range(4)}
            results[f"f{w}"] = {"status": "failed", "reason": f"writer {w}'s failure", "tests": {}}
            work.append((assignment, results))
    go = tmp_path / "go"
    procs = [subprocess.Popen([sys.executable, "-c", WRITER, str(root), a, json.dumps(r), str(go)], cwd=root,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for a, r in work]
    for proc in procs:
        assert proc.stdout.readline().strip() == "ready", proc.stderr.read()[-3000:]
    go.touch()   # every writer has imported what it needs and polls every 5 ms
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0 and json.loads(out) == {}, err[-3000:]
    one_by_one = make_course_root(tmp_path / "one_by_one")
    for assignment, results in work:
        assert gradebook.record_grades(one_by_one, load_assignment(root, assignment), results) == {}
    rows = gradebook_rows(gradebook.db_url(root))
    assert rows == gradebook_rows(gradebook.db_url(one_by_one))
    assert len(rows["submitted_assignment"]) == len(set(rows["submitted_assignment"])) == 2 * 2 * 5
    assert len(rows["student"]) == 2 * 5


def test_export_feedback_and_formgrader_read_the_postgres_gradebook(graded_on_postgres):
    root, reports = graded_on_postgres["root"], graded_on_postgres["reports"]
    # export and feedback only read the gradebook: run at once, to save a few seconds of nbgrader imports
    runs = {what: subprocess.Popen([sys.executable, "-m", "autograder", *args], cwd=root, text=True,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            for what, args in (("export", ["export", "--to", "export.csv"]), ("feedback", ["feedback", ASSIGNMENT]))}
    done = {what: (proc.communicate(timeout=600), proc.returncode) for what, proc in runs.items()}
    for what, ((out, err), status) in done.items():
        assert status == 0, f"{what}: {err[-3000:]}"
    with open(root / "export.csv", newline="", encoding="utf-8") as f:
        exported = {(r["assignment"], r["student"]): r for r in csv.DictReader(f)}
    for assignment, report in reports.items():
        for student, entry in report.items():
            row = exported.pop((assignment, student))
            if entry["status"] == "graded":
                assert (row["status"], float(row["score"])) == ("graded", entry["total"])
            else:
                assert (row["status"], row["score"]) == ("not graded", "")
                assert "JSON" in row["reason"], row["reason"]
    assert exported == {}

    made = sorted(p.parent.parent.name for p in (root / "feedback").glob(f"*/{ASSIGNMENT}/*.html"))
    assert made == ["ana", "ben"]   # cy could not be graded: no autograded notebook, no feedback

    # cy's flagged submission made gradable by hand (reading the flags from this gradebook); then formgrader's
    # pages, served from NbGraderAPI, which opens the gradebook named in the course's config.
    proc = run_cli(root, "review", ASSIGNMENT)
    assert proc.returncode == 0 and "cy" in proc.stdout, proc.stderr
    from nbgrader.apps.api import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config.loader import PyFileConfigLoader
    config = PyFileConfigLoader("nbgrader_config.py", path=str(root)).load_config()
    api = NbGraderAPI(coursedir=CourseDirectory(config=config, root=str(root)), config=config)
    shown = {s["student"]: s for s in api.get_submissions(ASSIGNMENT)}
    report = reports[ASSIGNMENT]
    assert {s: shown[s]["score"] for s in ("ana", "ben")} == {s: report[s]["total"] for s in ("ana", "ben")}
    assert shown["cy"]["needs_manual_grade"] and not shown["ana"]["needs_manual_grade"]


def test_an_unreachable_server_costs_the_gradebook_rows_not_the_grades(tmp_path):
    """A db_url whose server does not answer: every student is reported unrecorded, with the reason."""
    root = _course_on(f"postgresql+psycopg://postgres:secret@/nothing?host={tmp_path}", tmp_path / "course")
    assignment = load_assignment(root, "gradient_checking")
    why = gradebook.record_grades(root, assignment, {"ana": {"status": "failed", "reason": "x", "tests": {}}})
    assert set(why) == {"ana"} and "could not be opened" in why["ana"]
    assert "secret" not in why["ana"]
