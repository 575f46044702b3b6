"""The instructor's exchange glue and the student's Validate, without a browser (tests/test_browser_classroom.py
plays the whole day in one)."""
import os

import nbformat
import pytest

from autograder import classroom
from autograder.student_lab import NOTHING_TO_VALIDATE, first_line, has_graded_tests
from conftest import REPO, load_json, make_course_root, run_cli


def test_validate_has_nothing_to_check_in_lectures_and_checks_assignments(tmp_path):
    lectures = sorted((REPO / "notebooks").glob("*.ipynb"))
    assert lectures and not any(has_graded_tests(nb) for nb in lectures)
    releases = sorted((REPO / "release").glob("*/*.ipynb"))
    assert releases and all(has_graded_tests(nb) for nb in releases)
    broken = tmp_path / "broken.ipynb"
    broken.write_text("{not json")
    assert has_graded_tests(broken)   # nbgrader's own validation then says what is wrong with it
    assert all(len(line) <= 80 for line in NOTHING_TO_VALIDATE.splitlines())   # shown in a <pre>, unwrapped


def test_validate_names_a_failing_cell_by_its_first_line():
    assert first_line("# Checks your function\nfrom x import y\ntest.check()") == "# Checks your function ..."
    assert first_line("\n\ntest.check()\n") == "test.check()"
    assert first_line("") == ""


def test_a_flagged_submission_gets_a_formgrader_notebook_from_the_release_and_waits_for_a_manual_grade(tmp_path,
                                                                                                     monkeypatch):
    root = make_course_root(tmp_path / "course")
    student = "eve<b>onerror"   # a folder name the student chose
    folder = root / "submitted" / student / "initialization"
    folder.mkdir(parents=True)
    (folder / "initialization.ipynb").write_text('{"cells": [<script>', encoding="utf-8")
    (folder / "timestamp.txt").write_text("2026-01-01 00:00:00.000000 UTC")
    # Nothing of the submission runs: it is not JSON, so the sandbox is not needed to grade it.
    proc = run_cli(root, "grade", "initialization", "--report", "report.json", "--no-sandbox")
    assert proc.returncode == 0, proc.stderr
    assert load_json(root / "report.json")[student]["status"] == "failed"

    assert classroom.review(root, "initialization") == [student]
    made = nbformat.read(root / "autograded" / student / "initialization" / "initialization.ipynb", as_version=4)
    note = made.cells[0].source
    assert "NOT GRADED AUTOMATICALLY" in note and "not valid JSON" in note
    assert "<b>" not in note and "&lt;b&gt;" in note and "<script>" not in note
    release = nbformat.read(root / "release" / "initialization" / "initialization.ipynb", as_version=4)
    assert [c.source for c in made.cells[1:]] == [c.source for c in release.cells]
    assert all(not c.get("outputs") for c in made.cells if c.cell_type == "code")
    assert classroom.review(root, "initialization") == []   # made once

    monkeypatch.setenv("COURSE_EXCHANGE", str(tmp_path / "exchange"))
    ready, waiting = classroom.return_feedback(root, "initialization")
    assert (ready, waiting) == ([], [student])
    assert not (root / "feedback" / student).exists() or not any((root / "feedback" / student).rglob("*.html"))


def test_files_a_student_wrote_are_copied_only_when_short_and_regular(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("the instructor's")
    link = tmp_path / "timestamp.txt"
    link.symlink_to(secret)
    assert not classroom._copy_small_file(link, tmp_path / "out1")
    assert not (tmp_path / "out1").exists()
    big = tmp_path / "big"
    big.write_bytes(b"x" * 5000)
    assert not classroom._copy_small_file(big, tmp_path / "out2")
    os.mkfifo(tmp_path / "fifo")
    assert not classroom._copy_small_file(tmp_path / "fifo", tmp_path / "out3")
    assert classroom._copy_small_file(secret, tmp_path / "out4")
    assert (tmp_path / "out4").read_text() == "the instructor's"
    assert not classroom._copy_small_file(tmp_path / "missing", tmp_path / "out5")


@pytest.mark.parametrize("role", ["student", "instructor"])
def test_role_configurations_are_valid_json_and_keep_the_tools_apart(role):
    server = load_json(REPO / "classroom" / role / "jupyter_server_config.json")["ServerApp"]["jpserver_extensions"]
    disabled = load_json(REPO / "classroom" / role / "labconfig" / "page_config.json")["disabledExtensions"]
    if role == "student":
        assert server["nbgrader.server_extensions.formgrader"] is False
        assert server["nbgrader.server_extensions.validate_assignment"] is False and server["autograder.student_lab"]
        assert {"@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
                "@jupyter/nbgrader:course-list"} <= set(disabled)
    else:
        assert server["nbgrader.server_extensions.formgrader"] is True
        assert "@jupyter/nbgrader:formgrader" not in disabled


def test_the_assignment_list_is_empty_not_an_error_before_the_first_release(tmp_path, monkeypatch):
    from nbgrader.server_extensions.assignment_list.handlers import AssignmentList

    from autograder.student_lab import StudentAssignmentList
    monkeypatch.setenv("JUPYTER_CONFIG_DIR", str(REPO / "classroom" / "student"))
    monkeypatch.setenv("COURSE_EXCHANGE", "/proc/no-exchange-here")   # cannot be created, even by root
    monkeypatch.chdir(tmp_path)
    nbgraders, ours = AssignmentList(), StudentAssignmentList()
    nbgraders.root_dir = ours.root_dir = str(tmp_path)
    assert nbgraders.list_courses()["success"] is False   # the dead panel: an error about the exchange
    assert ours.list_courses() == {"success": True, "value": []}   # shown as "No courses found."
    monkeypatch.setenv("COURSE_EXCHANGE", str(tmp_path / "exchange"))
    (tmp_path / "exchange").mkdir(mode=0o777)
    (tmp_path / "exchange").chmod(0o777)
    assert ours.list_courses() == {"success": True, "value": []}


def test_collect_takes_no_link_and_no_oversized_file_from_the_exchange(tmp_path, monkeypatch):
    root = make_course_root(tmp_path / "course")
    (root / "nbgrader_config.py").write_text((root / "nbgrader_config.py").read_text()
                                             + "\nc.ProcessGrader.notebook_bytes = 4096\n")
    monkeypatch.setenv("COURSE_EXCHANGE", str(tmp_path / "exchange"))
    inbound = tmp_path / "exchange" / "practical-deep-learning" / "inbound"
    inbound.mkdir(parents=True)
    secret = tmp_path / "instructor-only.txt"
    secret.write_text("the instructor's secret")
    stamp = "2026-01-01 00:00:00.000000 UTC"

    def submission(student, stamp=stamp):
        folder = inbound / f"{student}+initialization+{stamp}+abc"
        folder.mkdir()
        (folder / "timestamp.txt").write_text(stamp)
        return folder
    mallory = submission("mallory")
    (mallory / "initialization.ipynb").symlink_to(secret)
    (mallory / "data").symlink_to(tmp_path)
    (mallory / "big.bin").write_bytes(b"x" * 5000)
    (inbound / f"trudy+initialization+{stamp}+abc").symlink_to(tmp_path, target_is_directory=True)
    submission("..", stamp)
    submission("carol", "not a time")
    alice = submission("alice")
    (alice / "initialization.ipynb").write_text("{}")

    proc = run_cli(root, "collect", "initialization")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert sorted(p.name for p in (root / "submitted").iterdir()) == ["alice", "mallory"]
    assert (root / "submitted" / "alice" / "initialization" / "initialization.ipynb").read_text() == "{}"
    collected = root / "submitted" / "mallory" / "initialization"
    assert sorted(p.name for p in collected.iterdir()) == ["timestamp.txt"]
    assert not any("secret" in p.read_text(errors="replace") for p in (root / "submitted").rglob("*") if p.is_file())
    for said in ("initialization.ipynb: a link", "data: a link", "big.bin: larger than 4096 bytes",
                 "trudy", "'..' is not a student id", "carol", "timestamp cannot be read"):
        assert said in proc.stdout, (said, proc.stdout)
