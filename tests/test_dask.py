"""`grade --dask`: a real scheduler and two workers on loopback, a worker killed mid-batch, `--dask local`.

The cluster speaks TLS with certificates made by docs/scaling.md's own commands, and the grader finds
the files through the course's nbgrader_config.py, as an instructor's would.

Workers run with their nanny, as dask-jobqueue starts them on a cluster: killing the worker process
(the nanny's child) is a worker dying mid-task; the nanny starts a fresh one, which lets the test of a
submission that kills every worker it touches run on the same two workers. The scheduler's
allowed-failures is 1 (a task is given up after its second dead worker) to keep that test short, and
worker-saturation 1.0 so a one-thread worker holds one task at a time: only the task that was running
is charged with a worker's death (docs/scaling.md recommends the same).
"""
import json
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest

from conftest import REPO, load_json, make_course_root

pytestmark = pytest.mark.slow

ASSIGNMENT, NOTEBOOK = "initialization", "initialization.ipynb"
SLOW_CELL = "initialize_parameters_zeros"   # the answer cell the slow students sleep in
KILL_MARKER = "# KILL-MY-DASK-WORKER"


def _env():
    # Every process the test starts runs this checkout's grader (the one whose code_version() tasks carry).
    return {**os.environ, "PYTHONPATH": str(REPO),
            "DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES": "1",
            "DASK_DISTRIBUTED__SCHEDULER__WORKER_SATURATION": "1.0"}


def _build_class(root, secret):
    """A small class of the cheapest assignment: right, blank, unreadable, hostile and slow submissions.

    One student reads `secret`, a file of the machine that runs the sandbox (the TLS key), and the
    worker's environment, and returns what it found.
    """
    from examples.make_class import build_class, notebook_with, solution_sources
    from examples.threats import HE, exits_and_kills
    build_class(root, ASSIGNMENT, NOTEBOOK, {"perfect": "solution", "blank": "blank", "not-json": "not-json"})
    release = json.loads((root / "release" / ASSIGNMENT / NOTEBOOK).read_text())
    solution = solution_sources(root / "source" / ASSIGNMENT / NOTEBOOK)
    slow = {**solution, SLOW_CELL: "import time\ntime.sleep(1)\n" + solution[SLOW_CELL]}
    killer = {**solution, SLOW_CELL: KILL_MARKER + "\n" + solution[SLOW_CELL]}
    # The worker's environment holds DASK_* settings (see _env): a leak would raise here, not below.
    spy = {**solution, HE: (f"import os\ndef {HE}(layers_dims):\n"
                            f"    leaked = sorted(k for k in os.environ if 'DASK' in k)\n"
                            f"    if leaked:\n        raise RuntimeError(leaked)\n"
                            f"    return {{'W1': open({str(secret)!r}).read()}}\n")}
    files = {"exits-and-kills": exits_and_kills(root)[NOTEBOOK],
             "reads-worker-secrets": json.dumps(notebook_with(release, spy)).encode(),
             "slow-1": json.dumps(notebook_with(release, slow)).encode(),
             "slow-2": json.dumps(notebook_with(release, slow)).encode(),
             "worker-killer": json.dumps(notebook_with(release, killer)).encode()}
    for student, data in files.items():
        folder = root / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        (folder / NOTEBOOK).write_bytes(data)


CLASS = ["blank", "exits-and-kills", "not-json", "perfect", "reads-worker-secrets", "slow-1", "slow-2"]


def _grade(root, report, *extra):
    """`python -m autograder grade` of CLASS in `root`; also says whether the grader loaded dask."""
    probe = ("import sys; from autograder.cli import main; rc = main(sys.argv[1:]); "
             "print('DASK LOADED:', sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed') "
             "or m == 'autograder.distributed')); sys.exit(rc)")
    students = [a for s in CLASS for a in ("--student", s)]
    return subprocess.Popen([sys.executable, "-c", probe, "--course-root", str(root), "grade", ASSIGNMENT,
                             "--report", report, *students, *extra], cwd=root, env=_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _finish(proc):
    out, err = proc.communicate(timeout=240)
    assert proc.returncode == 0, err
    return out


def _gradebook(root):
    """(student, test, auto score, needs manual grade) rows of the course's gradebook, sorted."""
    with sqlite3.connect(root / "gradebook.db") as db:
        rows = db.execute("""SELECT student.id, base_cell.name, grade.auto_score, grade.needs_manual_grade
            FROM grade JOIN base_cell ON grade.cell_id = base_cell.id
            JOIN submitted_notebook ON grade.notebook_id = submitted_notebook.id
            JOIN submitted_assignment ON submitted_notebook.assignment_id = submitted_assignment.id
            JOIN student ON submitted_assignment.student_id = student.id""").fetchall()
    return sorted(rows)


def _tls_files(folder):
    """Run docs/scaling.md's openssl commands in `folder`: {"ca_file", "cert", "key"}, or None without openssl."""
    if not shutil.which("openssl"):
        return None
    doc = (REPO / "docs" / "scaling.md").read_text()
    commands = re.search(r"## TLS.*?```bash\n(.*?)```", doc, re.S)[1]
    subprocess.run(["bash", "-euc", commands], cwd=folder, check=True, capture_output=True, timeout=60)
    return {"ca_file": str(folder / "ca.pem"), "cert": str(folder / "grading.pem"), "key": str(folder / "grading.key")}


@pytest.fixture(scope="module")
def cluster_processes(tmp_path_factory):
    """A `dask scheduler` and two `dask worker`s (with nannies, one thread each) on 127.0.0.1, random ports,
    speaking TLS with the certificates docs/scaling.md makes (plain TCP where openssl is missing).

    Started first and waited for only by `cluster`, so they boot while the local default grades.
    """
    folder = tmp_path_factory.mktemp("cluster")
    tls = _tls_files(folder)
    flags = ["--tls-ca-file", tls["ca_file"], "--tls-cert", tls["cert"], "--tls-key", tls["key"]] if tls else []
    scheduler_file = folder / "scheduler.json"
    dask = [sys.executable, "-m", "dask"]
    commands = [[*dask, "scheduler", "--host", "127.0.0.1", "--port", "0", "--no-dashboard",
                 "--scheduler-file", str(scheduler_file), *(["--protocol", "tls"] if tls else []), *flags]]
    commands += [[*dask, "worker", "--scheduler-file", str(scheduler_file), "--name", name, "--host", "127.0.0.1",
                  "--nthreads", "1", "--nanny", "--memory-limit", "0", "--no-dashboard", *flags] for name in ("a", "b")]
    # Each in its own process group, so the teardown ends nanny, worker and anything they started at once.
    procs = [subprocess.Popen(c, env=_env(), cwd=folder, stderr=subprocess.DEVNULL, start_new_session=True)
             for c in commands]
    try:
        yield {"scheduler_file": scheduler_file, "tls": tls}
    finally:
        for proc in procs:
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait()


@pytest.fixture(scope="module")
def course(tmp_path_factory, cluster_processes):
    """The class graded once by the local default, which must not import dask; TLS files in its config."""
    root = make_course_root(tmp_path_factory.mktemp("dask") / "course")
    tls = cluster_processes["tls"]
    if tls:
        with open(root / "nbgrader_config.py", "a") as config:
            config.write(f"c.DaskCluster.tls_ca_file = {tls['ca_file']!r}\nc.DaskCluster.tls_cert = {tls['cert']!r}\n"
                         f"c.DaskCluster.tls_key = {tls['key']!r}\n")
    # The key the cluster's processes hold (a stand-in file where openssl is missing).
    secret = Path(tls["key"]) if tls else cluster_processes["scheduler_file"]
    _build_class(root, secret)
    out = _finish(_grade(root, "local.json"))
    assert "DASK LOADED: []" in out
    return {"root": root, "report": load_json(root / "local.json"), "gradebook": _gradebook(root)}


@pytest.fixture(scope="module")
def cluster(cluster_processes, course):
    """A client of the cluster, made as `grade --dask` makes its own (TLS settings from the course's config)."""
    from autograder.distributed import DaskDispatch
    scheduler_file = cluster_processes["scheduler_file"]
    deadline = time.monotonic() + 60
    while not scheduler_file.is_file():
        assert time.monotonic() < deadline, "the scheduler did not start"
        time.sleep(0.1)
    address = json.loads(scheduler_file.read_text())["address"]
    assert address.startswith("tls://" if cluster_processes["tls"] else "tcp://")
    dispatch = DaskDispatch.connect(address, course["root"])
    dispatch.client.wait_for_workers(2, timeout=60)
    yield {"client": dispatch.client, "address": address}
    dispatch.close()


def _worker(client, name):
    """(address, pid of the worker process) of the worker called `name`."""
    address = next(a for a, info in client.scheduler_info()["workers"].items() if info["name"] == name)
    return address, client.run(os.getpid, workers=[address])[address]


def _sandboxes(worker):
    """The bwrap processes among a worker's descendants, with everything they started."""
    found = []
    for child in worker.children(recursive=True):
        try:
            if "bwrap" in " ".join(child.cmdline()):
                found += [child, *child.children(recursive=True)]
        except psutil.NoSuchProcess:
            continue
    return found


def test_worker_killed_mid_batch_same_grades_and_no_sandbox_left(course, cluster):
    root, client = course["root"], cluster["client"]
    address, pid = _worker(client, "a")
    worker = psutil.Process(pid)
    proc = _grade(root, "dask.json", "--dask", cluster["address"])
    deadline = time.monotonic() + 120
    # Wait until worker a is running a submission (the scheduler says so) in a sandbox.
    while not ((sandboxes := _sandboxes(worker)) and client.processing(workers=[address])[address]):
        assert proc.poll() is None and time.monotonic() < deadline, "worker a never ran a sandbox"
        time.sleep(0.02)
    worker.send_signal(signal.SIGKILL)
    gone, alive = psutil.wait_procs(sandboxes, timeout=10)
    assert not alive, f"sandbox processes outlived their Dask worker: {[p.pid for p in alive]}"
    out = _finish(proc)
    assert "DASK LOADED: []" not in out   # the grader did go through Dask
    report = load_json(root / "dask.json")
    assert report == course["report"]
    assert report["perfect"]["total"] == 8 and report["slow-1"]["total"] == 8 and report["slow-2"]["total"] == 8
    assert report["exits-and-kills"]["status"] == "graded" and report["not-json"]["status"] == "failed"
    spy = report["reads-worker-secrets"]["tests"]["test_initialize_parameters_he"]
    assert spy["status"] == "error" and "FileNotFoundError" in spy["message"], spy
    assert "PRIVATE KEY" not in json.dumps(report)
    assert _gradebook(root) == course["gradebook"]


def test_dask_local_gives_the_same_report(course):
    _finish(_grade(course["root"], "dask-local.json", "--dask", "local", "--no-gradebook"))
    assert load_json(course["root"] / "dask-local.json") == course["report"]


def test_a_submission_that_kills_every_worker_is_that_students_failure(course, cluster, tmp_path):
    from autograder import batch
    from autograder.distributed import DaskDispatch, run_on_worker

    def dies_on_the_marker(version, setup, cells, calls, limits):
        # Stands in for whatever takes a worker down while it runs one submission (the host's OOM killer).
        if any(KILL_MARKER in cell["source"] for cell in cells):
            os.kill(os.getpid(), signal.SIGKILL)
        return run_on_worker(version, setup, cells, calls, limits)

    dispatch = DaskDispatch.connect(cluster["address"], course["root"])
    dispatch.remote = dies_on_the_marker
    try:
        report = batch.grade_class(course["root"], ASSIGNMENT, tmp_path / "killer.json",
                                   students=["worker-killer", "perfect"], gradebook=False, dispatch=dispatch,
                                   log=lambda line: None)
    finally:
        dispatch.close()
    entry = report["worker-killer"]
    assert entry["status"] == "failed" and entry["total"] is None and entry["tests"] == {}
    assert "could not be graded" in entry["reason"] and "KilledWorker" in entry["reason"]
    assert report["perfect"] == course["report"]["perfect"]
    assert batch.score_table(report).count("reason: could not be graded") == 1


def test_a_worker_with_other_code_stops_the_batch(course, cluster, tmp_path):
    from autograder import batch
    from autograder.distributed import ClusterFailure, DaskDispatch, run_on_worker

    def other_checkout(version, *args):
        return run_on_worker(version[::-1], *args)   # as a worker whose files differ would see it

    dispatch = DaskDispatch.connect(cluster["address"], course["root"])
    dispatch.remote = other_checkout
    try:
        with pytest.raises(ClusterFailure, match="runs other grader or course code"):
            batch.grade_class(course["root"], ASSIGNMENT, tmp_path / "mismatch.json", students=["perfect"],
                              gradebook=False, dispatch=dispatch, log=lambda line: None)
    finally:
        dispatch.close()
    assert not (tmp_path / "mismatch.json").exists()


def test_a_sandbox_survives_the_dask_thread_pool_replacing_its_other_threads(course):
    """bwrap's parent-death signal follows the thread that started it: threads of a Dask worker's pool come
    and go (secede/rejoin), and the run started from a pool thread must still finish, with its results."""
    from distributed.threadpoolexecutor import ThreadPoolExecutor, rejoin, secede

    from autograder import grading
    from autograder.assignment import load_assignment
    from autograder.config import load_limits
    from autograder.distributed import code_version, plain_to_result, run_on_worker

    assignment = load_assignment(course["root"], ASSIGNMENT)
    cells = [{"grade_id": gid, "source": "import time\ntime.sleep(3)\n" + src if gid == SLOW_CELL else src}
             for gid, src in assignment.answer_cells.items()]
    pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="dask-test-pool")
    stop, seen = threading.Event(), set()

    def churn():
        secede()
        time.sleep(0.2)
        rejoin()   # an idle pool thread ends to make room for this one

    def remote(*args):
        return plain_to_result(pool.submit(run_on_worker, code_version(), *args).result())

    def watch():
        while not stop.is_set():
            seen.update(t for t in threading.enumerate() if t.name.startswith("dask-test-pool"))
            if all(f.done() for f in churns):
                churns.append(pool.submit(churn))
            time.sleep(0.05)

    churns = []
    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        run = grading._run(assignment, cells, load_limits(course["root"]), runner=remote)
    finally:
        stop.set()
        watcher.join()
        pool.shutdown()
    assert any(not t.is_alive() for t in seen if t.ident), "no pool thread ended while the sandbox ran"
    assert all(o.status == "ok" for o in run.cells.values()), run.cells
    assert all(o.status == "ok" for o in run.calls.values()), run.calls


def _scaling_doc_block(marker):
    """The ```python block of docs/scaling.md that contains `marker`."""
    blocks = re.findall(r"```python\n(.*?)```", (REPO / "docs" / "scaling.md").read_text(), re.S)
    return next(b for b in blocks if marker in b)


def test_documented_slurm_job_script_starts_a_grading_worker():
    code = _scaling_doc_block("SLURMCluster(")
    # The documented scheduler listens on 8786 of the head node; here any free port of loopback will do.
    code = (code.replace('HEAD = "head.example.edu"', 'HEAD = "127.0.0.1"').replace("PORT = 8786", "PORT = 0")
            .replace('":8787"', '":0"'))
    scope = {}
    exec(code, scope)
    cluster = scope["cluster"]
    try:
        script = cluster.job_script()
    finally:
        cluster.close()
    assert "#SBATCH --cpus-per-task=8" in script
    assert "#SBATCH --mem=32G" in script
    assert "#SBATCH -t 02:00:00" in script
    worker = next(line for line in script.splitlines() if "distributed.cli.dask_worker" in line)
    assert worker.startswith("/srv/course/.venv/bin/python -m distributed.cli.dask_worker tcp://")
    assert "--nthreads 1" in worker and "--nworkers 8" in worker and "--nanny" in worker
    assert "--memory-limit 4.00GiB" in worker
    assert "cd /srv/course" in script
    # The job script shown in the doc is this one, but for the scheduler's address.
    shown = re.search(r"```bash\n(#!/usr/bin/env bash.*?)```", (REPO / "docs" / "scaling.md").read_text(), re.S)[1]
    assert re.sub(r"tcp://\S+", "SCHEDULER", shown) == re.sub(r"tcp://\S+", "SCHEDULER", script)


def _course_with_config(tmp_path, text):
    (tmp_path / "nbgrader_config.py").write_text("c = get_config()\n" + text)
    return tmp_path


def _tls_settings(folder):
    """nbgrader_config.py lines naming three (dummy) PEM files made in `folder`."""
    for name in ("ca.pem", "grading.pem", "grading.key"):
        (folder / name).write_text("PEM\n")
    return ('c.DaskCluster.tls_ca_file = "ca.pem"\nc.DaskCluster.tls_cert = "grading.pem"\n'
            'c.DaskCluster.tls_key = "grading.key"\n')


def test_tls_settings_come_from_nbgrader_config_all_three_or_none(tmp_path):
    from autograder.config import load_dask_tls
    assert load_dask_tls(_course_with_config(tmp_path, "")) is None
    settings = _tls_settings(tmp_path)
    assert load_dask_tls(_course_with_config(tmp_path, settings)) == {
        "ca_file": str(tmp_path / "ca.pem"), "cert": str(tmp_path / "grading.pem"), "key": str(tmp_path / "grading.key")}
    with pytest.raises(ValueError, match="missing: tls_key"):
        load_dask_tls(_course_with_config(tmp_path, settings.rsplit("c.", 1)[0]))
    with pytest.raises(ValueError, match="unknown DaskCluster setting 'tls_certfile'"):
        load_dask_tls(_course_with_config(tmp_path, settings + 'c.DaskCluster.tls_certfile = "x"\n'))
    with pytest.raises(ValueError, match="is not a file"):
        load_dask_tls(_course_with_config(tmp_path, settings.replace("ca.pem", "nowhere.pem")))


def test_tls_settings_and_the_address_must_agree(tmp_path):
    from autograder.distributed import ClusterFailure, DaskDispatch
    with pytest.raises(ClusterFailure, match="c.DaskCluster.tls_ca_file"):
        DaskDispatch.connect("tls://127.0.0.1:1", _course_with_config(tmp_path, ""))
    settings = _tls_settings(tmp_path)
    with pytest.raises(ClusterFailure, match="must be tls://"):
        DaskDispatch.connect("tcp://127.0.0.1:1", _course_with_config(tmp_path, settings))
