"""`grade --dask`: each submission's sandboxed run on a Dask cluster; judging and writing stay here.

The grader process reads the submitted notebook, sends the Dask worker only what a local run
gets (the release's setup code, the student's answer cells, the graded calls and the limits),
and the worker runs sandbox.run, the same bubblewrap + seccomp sandbox as `grade` on one
machine. Back comes the run's outcomes as plain data (dicts, lists, strings, numbers). References,
hidden expectations and judges never leave the grader, which alone judges and writes the report,
the journal and the gradebook. Workers need no access to the course root or to submitted/.

Dask is an optional extra (`pip install -e .[dask]`): nothing else in the grader imports this module,
and this module is the only one importing dask.

Worker death is routine: the scheduler re-runs the submissions a dead worker held on another one.
A submission whose every attempt lost its worker (distributed.scheduler.allowed-failures + 1 of them)
comes back as KilledWorker; that student is then "not graded" with the reason, the batch goes on.
"""
import dataclasses
import functools
import hashlib
import logging
import os
import sys
import uuid
from concurrent.futures import CancelledError
from pathlib import Path

from distributed import Client, KilledWorker, LocalCluster
from distributed.security import Security

from autograder import grading, isolation, sandbox
from autograder.config import load_dask_tls

PACKAGE = Path(__file__).resolve().parent


class ClusterFailure(RuntimeError):
    """The cluster, not a submission, is at fault (unreachable, a worker that cannot sandbox, other code)."""


class WorkerMismatch(RuntimeError):
    """Raised on a worker whose grader code, course code, Python or numpy differ from the grader's."""


@functools.lru_cache(maxsize=None)
def code_version():
    """Hex digest of what a run's outcomes depend on: autograder/, utils/, Python's and numpy's versions.

    A worker started from another checkout would run students' code against other course modules
    and fixtures, and silently grade differently: every task carries the grader's digest.
    """
    import numpy
    digest = hashlib.sha256(f"{sys.version_info[:2]}\0{numpy.__version__}\0".encode())
    files = [*PACKAGE.glob("*.py"), *(PACKAGE / "judges").glob("*.py"), *(PACKAGE.parent / "utils").glob("*.py")]
    for path in sorted(files):
        digest.update(str(path.relative_to(PACKAGE.parent)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def run_on_worker(expected_version, setup, cells, calls, limits):
    """The task a Dask worker runs for one submission.

    Inputs: the grader's code_version(); setup, cells, calls and limits exactly as sandbox.run takes them.
    Output: the RunResult as plain data (dataclasses.asdict), rebuilt by `plain_to_result` on the grader.

    sandbox.run starts the sandbox from this thread and waits for it here: bwrap's parent-death signal
    follows the thread that started it, and this thread outlives the run (tests/test_dask.py).
    """
    if code_version() != expected_version:
        raise WorkerMismatch(f"the Dask worker on {os.uname().nodename} ({sys.executable}) runs other grader or "
                             f"course code, Python or numpy than the grader: start workers from the same "
                             f"commit and environment")
    return dataclasses.asdict(sandbox.run(setup, cells, calls, limits))


def plain_to_result(plain):
    """sandbox.RunResult from run_on_worker's plain data."""
    outcomes = {k: {key: sandbox.Outcome(**o) for key, o in plain[k].items()} for k in ("cells", "calls")}
    return sandbox.RunResult(**{**plain, **outcomes})


def not_graded_reason(exc):
    return (f"could not be graded: every Dask worker that ran this submission died while running it "
            f"(KilledWorker: {exc}). The student's code runs in the sandbox and cannot end a worker by "
            f"design; look at the workers' logs (out of memory on the host, a crash, a pre-empted job), "
            f"then grade this student again with --student")


class DaskDispatch:
    """Runs each submission's sandbox on a Dask cluster; `run` has sandbox.run's arguments and result.

    Made by `connect`; batch.grade_class takes it as `dispatch`.
    """

    fatal = (ClusterFailure,)   # exceptions that stop the batch instead of costing one student

    def __init__(self, client, cluster=None, remote=run_on_worker):
        self.client, self.cluster, self.remote = client, cluster, remote

    @classmethod
    def connect(cls, address, course_root, workers=None):
        """A dispatch to the scheduler at `address` (tcp://host:8786, tls://host:8786), or "local".

        "local" starts a LocalCluster of `workers` one-thread worker processes (default: one per core).
        TLS settings come from nbgrader_config.py (config.load_dask_tls); a tls:// address needs them.
        """
        if address == "local":   # loopback only: the TLS settings are for a cluster across machines
            from autograder.batch import default_jobs
            cluster = LocalCluster(n_workers=workers or default_jobs(), threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=logging.ERROR)
            return cls(Client(cluster), cluster)
        tls = load_dask_tls(course_root)
        if address.startswith("tls://") != bool(tls):
            raise ClusterFailure(f"{address} is a TLS address: set c.DaskCluster.tls_ca_file, tls_cert and "
                                 f"tls_key in nbgrader_config.py (docs/scaling.md)" if not tls else
                                 f"nbgrader_config.py sets TLS files (c.DaskCluster): the scheduler's address "
                                 f"must be tls://..., not {address}")
        security = None
        if tls:
            security = Security(tls_ca_file=tls["ca_file"], tls_client_cert=tls["cert"],
                                tls_client_key=tls["key"], require_encryption=True)
        try:
            return cls(Client(address, security=security, timeout="30s"))
        except (OSError, TimeoutError, ValueError) as exc:
            raise ClusterFailure(f"could not reach the Dask scheduler at {address}: {exc}") from None

    def default_jobs(self):
        """Submissions in flight at once: twice the cluster's threads, so workers never wait on the grader,
        and at least 32, so that a cluster still scaling up (dask-jobqueue's adapt) sees work queued."""
        threads = sum(self.client.nthreads().values())
        return max(32, 2 * threads)

    def run(self, setup, cells, calls, limits):
        """sandbox.run on a worker. Raises grading.NotGraded when every worker that tried it died."""
        future = self.client.submit(self.remote, code_version(), setup, cells, calls, limits,
                                    key=f"autograder-run-{uuid.uuid4().hex}", pure=False)
        try:
            return plain_to_result(future.result())
        except KilledWorker as exc:
            raise grading.NotGraded(not_graded_reason(exc)) from None
        except (WorkerMismatch, isolation.SandboxUnavailable) as exc:
            raise ClusterFailure(f"a Dask worker cannot grade: {exc}") from None
        except (OSError, TimeoutError, CancelledError) as exc:   # the scheduler went away (CommClosedError is
                                                                # an OSError; a restarted one cancels futures)
            raise ClusterFailure(f"lost the Dask scheduler: {exc!r}") from None
        finally:
            future.release()

    def close(self):
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()
