# nbgrader settings of a student's JupyterLab (scripts/student-lab.sh sets JUPYTER_CONFIG_DIR to this folder).
# The Assignment List reads them: which course and where its exchange is come from the course's own
# nbgrader_config.py (two folders up), so the student's side and the instructor's agree.
import os
from pathlib import Path

c = get_config()  # noqa: F821  (provided by traitlets when nbgrader loads this file)
load_subconfig("nbgrader_config.py", path=str(Path(__file__).resolve().parents[2]))  # noqa: F821

# nbgrader names a submission after the Unix user running JupyterLab. COURSE_STUDENT names it otherwise, for
# several students sharing one Unix account (a demo, the browser tests). On a JupyterHub leave it unset.
if os.environ.get("COURSE_STUDENT"):
    c.CourseDirectory.student_id = os.environ["COURSE_STUDENT"]
