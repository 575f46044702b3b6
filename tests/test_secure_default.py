"""Secure by default: without the sandbox, `grade` refuses; --no-sandbox grades and says so in the report."""
import pytest

from autograder import batch, cli, isolation
from conftest import load_json, make_course_root

MISSING = "bubblewrap (bwrap) is not installed (simulated)"


@pytest.fixture
def course(tmp_path):
    from examples.make_class import build_class
    root = make_course_root(tmp_path / "course")
    build_class(root, "initialization", "initialization.ipynb", {"perfect-student": "solution"})
    return root


@pytest.fixture
def no_sandbox_here(monkeypatch):
    monkeypatch.setattr(isolation, "check_available", lambda: MISSING)


def test_grade_refuses_and_says_what_is_missing(course, no_sandbox_here, capsys):
    code = cli.main(["--course-root", str(course), "grade", "initialization", "--report", str(course / "report.json")])
    err = capsys.readouterr().err
    assert code == 3
    assert MISSING in err and "--no-sandbox" in err
    assert not (course / "report.json").exists() and not (course / "gradebook.db").exists()


def test_the_library_refuses_too(course, no_sandbox_here):
    with pytest.raises(isolation.SandboxUnavailable, match="simulated"):
        batch.grade_class(course, "initialization", course / "report.json", gradebook=False)


def test_no_sandbox_grades_and_records_it_in_every_entry(course, no_sandbox_here, capsys):
    code = cli.main(["--course-root", str(course), "grade", "initialization", "--report", str(course / "report.json"),
                     "--no-sandbox", "--no-gradebook"])
    assert code == 0, capsys.readouterr().err
    entry = load_json(course / "report.json")["perfect-student"]
    assert entry["total"] == 8.0
    assert entry["isolation"] == batch.NO_SANDBOX


def test_the_sandbox_is_not_a_config_setting(course):
    from autograder.config import load_limits
    (course / "nbgrader_config.py").write_text("c = get_config()\nc.ProcessGrader.sandbox = False\n")
    with pytest.raises(ValueError, match="--no-sandbox"):
        load_limits(course)
