# Configuration of nbgrader and of this course's process-isolated grader.
c = get_config()  # noqa: F821  (provided by traitlets when nbgrader loads this file)

c.CourseDirectory.course_id = "practical-deep-learning"
c.CourseDirectory.source_directory = "source"
c.CourseDirectory.release_directory = "release"
c.CourseDirectory.submitted_directory = "submitted"
c.CourseDirectory.autograded_directory = "autograded"
c.CourseDirectory.feedback_directory = "feedback"

# The exchange: the folder through which nbgrader's release, fetch, submit, collect and feedback pass files
# (docs/classroom.md). On one machine it is exchange/ beside this file; on a JupyterHub, or to move it, set
# COURSE_EXCHANGE to a folder every student's server can reach (for example /srv/nbgrader/exchange).
# The students' JupyterLab (classroom/student/nbgrader_config.py) reads this file, so both sides agree.
import os  # noqa: E402
from pathlib import Path  # noqa: E402

c.Exchange.root = os.environ.get("COURSE_EXCHANGE") or str(Path(__file__).resolve().parent / "exchange")

c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}

# Limits of `python -m autograder grade` (see docs/grading.md). Each applies per submission.
c.ProcessGrader.call_seconds = 10          # wall time of one call of a graded function
c.ProcessGrader.cell_seconds = 30          # wall time to run one answer cell
c.ProcessGrader.submission_seconds = 180   # wall time of everything one submission runs
c.ProcessGrader.memory_bytes = 3 * 1024 ** 3
c.ProcessGrader.output_bytes = 16 * 1024 ** 2
c.ProcessGrader.notebook_bytes = 16 * 1024 ** 2   # larger submissions are not read (a reason, not a zero)
c.ProcessGrader.restarts = 8               # fresh student processes per submission after crashes and timeouts
# The sandbox (bubblewrap + seccomp) is not a setting: `grade --no-sandbox` is the only way around it.
