"""The README's main command, run as a newcomer would: `bash scripts/demo.sh` in a fresh copy."""
import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, assignments


def _tracked_files():
    proc = subprocess.run(["git", "ls-files", "-z"], cwd=REPO, capture_output=True)
    if proc.returncode != 0:
        pytest.skip("not a git checkout: the main job is tested from a copy of the tracked files")
    return [name for name in proc.stdout.decode().split("\0") if name]


@pytest.mark.slow
def test_the_readme_main_command_builds_grades_and_writes_feedback(tmp_path):
    copy = tmp_path / "course"
    for name in _tracked_files():
        target = copy / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if (REPO / name).is_file():
            shutil.copy2(REPO / name, target)
    # The environment the test suite runs in is the one bootstrap.sh would build from the same pins;
    # sharing it keeps the test to the job itself (bootstrap still checks the pins' hash).
    venv = Path(sys.prefix)
    if sys.prefix == sys.base_prefix or not (venv / ".installed").is_file():
        pytest.skip("run the suite from the project's virtual environment (bash scripts/test.sh)")
    # bootstrap.sh reinstalls when the pins differ from what the environment was built from; in a shared
    # environment that would point its editable install at this temporary copy. Never let it.
    pins = hashlib.sha256((copy / "requirements.txt").read_bytes() + (copy / "pyproject.toml").read_bytes())
    if pins.hexdigest() != (venv / ".installed").read_text().strip():
        pytest.skip("the environment was built from other pins than the committed ones; run bash scripts/bootstrap.sh")
    (copy / ".venv").symlink_to(venv, target_is_directory=True)
    proc = subprocess.run(["bash", "scripts/demo.sh"], cwd=copy, capture_output=True, text=True, timeout=1200)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    out = proc.stdout
    readme = (REPO / "README.md").read_text()
    assert "bash scripts/demo.sh" in readme
    demo = copy / "build" / "demo"
    for assignment in assignments():
        assert f"== {assignment}: release generated" in out
        assert (demo / "reports" / f"{assignment}.json").is_file()
        assert (demo / "reports" / f"{assignment}-grades.csv").read_text().startswith("assignment,student,score")
        assert list((demo / "feedback").glob(f"perfect-student/{assignment}/*.html")), assignment
    assert "student" in out and "score" in out and "perfect-student" in out   # the score table
    assert not list((demo / "reports").glob("*.journal"))
