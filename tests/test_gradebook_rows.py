"""The grader's gradebook rows (autograder/gradebook.py, plain SQL) against those nbgrader's own Gradebook API writes.

The reference is nbgrader's API used the way nbgrader's autograde uses it: update_or_create_student,
update_or_create_submission, then the auto score of each test's grade and the comment of each answer
cell. Both write the same results into two gradebooks; every row of both, with nbgrader's random ids
replaced by the names they stand for, must be equal.
"""
import subprocess
import sys
import warnings

import pytest

from autograder import gradebook
from autograder.assignment import load_assignment
from conftest import make_course_root

ASSIGNMENT = "gradient_checking"


def gradebook_rows(url):
    """{table: sorted rows} of everything a grade writes, each uuid replaced by the names it stands for.

    Lists, not sets, so a duplicated row shows. Cell kind: "grade", "solution" or "task".
    """
    import sqlalchemy
    engine = sqlalchemy.create_engine(url)
    kind = ("CASE WHEN c.id IN (SELECT id FROM grade_cells) THEN 'grade' "
            "WHEN c.id IN (SELECT id FROM solution_cells) THEN 'solution' ELSE 'task' END")
    owner = ("JOIN submitted_notebook sn ON x.notebook_id = sn.id JOIN notebook n ON sn.notebook_id = n.id "
             "JOIN submitted_assignment sa ON sn.assignment_id = sa.id JOIN assignment a ON sa.assignment_id = a.id "
             "JOIN base_cell c ON x.cell_id = c.id")
    queries = {
        "student": "SELECT id, first_name, last_name, email, lms_user_id FROM student",
        "submitted_assignment": "SELECT a.name, sa.student_id, sa.timestamp, sa.extension FROM submitted_assignment sa "
                                "JOIN assignment a ON sa.assignment_id = a.id",
        "submitted_notebook": "SELECT a.name, sa.student_id, n.name, sn.flagged, sn.late_submission_penalty "
                              "FROM submitted_notebook sn JOIN notebook n ON sn.notebook_id = n.id "
                              "JOIN submitted_assignment sa ON sn.assignment_id = sa.id "
                              "JOIN assignment a ON sa.assignment_id = a.id",
        "grade": f"SELECT a.name, sa.student_id, n.name, c.name, {kind}, x.auto_score, x.manual_score, "
                 f"x.extra_credit, x.needs_manual_grade FROM grade x {owner}",
        "comment": f"SELECT a.name, sa.student_id, n.name, c.name, {kind}, x.auto_comment, x.manual_comment "
                   f"FROM comment x {owner}",
    }
    try:
        with engine.connect() as conn:
            # SQLite keeps booleans as 0/1, PostgreSQL as booleans: compared as bool.
            return {table: sorted(tuple(bool(v) if isinstance(v, bool) or (table, i) in _BOOLEAN else v
                                        for i, v in enumerate(row))
                                  for row in conn.execute(sqlalchemy.text(query)))
                    for table, query in queries.items()}
    finally:
        engine.dispose()


_BOOLEAN = {("submitted_notebook", 3), ("grade", 8)}


def record_with_nbgrader_api(url, assignment, results):
    """The reference: the results written through nbgrader.api.Gradebook."""
    from nbgrader.api import Gradebook, MissingEntry
    from sqlalchemy.exc import SAWarning
    nb_id = gradebook.notebook_id(assignment)
    with warnings.catch_warnings(), Gradebook(url) as gb:
        warnings.simplefilter("ignore", SAWarning)   # nbgrader's update_or_create_submission autoflushes early
        for student, entry in results.items():
            gb.update_or_create_student(student)
            gb.update_or_create_submission(assignment.name, student)
            graded = entry["status"] == "graded"
            for test in assignment.tests:
                grade = gb.find_grade(test.id, nb_id, assignment.name, student)
                grade.auto_score = float(entry["tests"][test.id]["points"]) if graded else None
                grade.needs_manual_grade = not graded
            for cell in assignment.answer_cells:
                try:
                    comment = gb.find_comment(cell, nb_id, assignment.name, student)
                except MissingEntry:
                    continue
                if graded and (comment.auto_comment or "").startswith(gradebook.NOT_GRADED):
                    comment.auto_comment = None
                elif not graded:
                    comment.auto_comment = f"{gradebook.NOT_GRADED} {entry.get('reason', '')}"
            gb.db.commit()


def nbgrader_records_assignment(url, assignment):
    """The reference set-up: nbgrader's Gradebook creates its schema, SaveCells records the cells (as
    generate_assignment does)."""
    from nbgrader.api import Gradebook
    from nbgrader.preprocessors import SaveCells

    from autograder import notebook_io
    with Gradebook(url) as gb:
        gb.update_or_create_assignment(assignment.name)
    resources = {"nbgrader": {"db_url": url, "assignment": assignment.name,
                              "notebook": gradebook.notebook_id(assignment)}}
    SaveCells().preprocess(notebook_io.read_nbformat(assignment.source_path), resources)


def sqlite_schema(path):
    """Every table's and index's SQL, and the alembic revision, of an SQLite gradebook."""
    import sqlite3
    with sqlite3.connect(path) as db:
        return (sorted(db.execute("SELECT type, name, sql FROM sqlite_master")),
                db.execute("SELECT version_num FROM alembic_version").fetchall())


def results_for(assignment, scores, failed=()):
    """Report entries: graded students with `scores` (points of each test, in order), failed ones with a reason."""
    out = {}
    for student, points in scores.items():
        out[student] = {"status": "graded", "tests": {t.id: {"points": p} for t, p in zip(assignment.tests, points)}}
    for student in failed:
        out[student] = {"status": "failed", "reason": f"{student}'s notebook is not JSON", "tests": {}}
    return out


@pytest.mark.slow
def test_rows_equal_those_nbgrader_writes_through_a_grade_a_failure_and_a_regrade(tmp_path):
    root = make_course_root(tmp_path / "ours")
    assignment = load_assignment(root, ASSIGNMENT)
    theirs = f"sqlite:///{tmp_path / 'nbgrader.db'}"
    # The assignment recorded by nbgrader in both: ours creates it through nbgrader on first use.
    n = len(assignment.tests)
    first = results_for(assignment, {"alice": [i % 3 * 0.5 for i in range(n)], "bob": [0] * n}, failed=["carol"])
    assert gradebook.record_grades(root, assignment, first) == {}
    nbgrader_records_assignment(theirs, assignment)
    assert sqlite_schema(root / "gradebook.db") == sqlite_schema(tmp_path / "nbgrader.db")
    record_with_nbgrader_api(theirs, assignment, first)
    ours = gradebook_rows(gradebook.db_url(root))
    assert ours == gradebook_rows(theirs)
    assert len(ours["submitted_assignment"]) == 3
    assert any(row[5] and row[5].startswith(gradebook.NOT_GRADED) for row in ours["comment"])

    # carol's regrade clears her reason; bob now fails: both gradebooks again alike.
    second = results_for(assignment, {"carol": [1] * n}, failed=["bob"])
    assert gradebook.record_grades(root, assignment, second) == {}
    record_with_nbgrader_api(theirs, assignment, second)
    again = gradebook_rows(gradebook.db_url(root))
    assert again == gradebook_rows(theirs)
    assert again != ours
    assert {row[1] for row in again["comment"] if row[5]} == {"bob"}


def test_the_grade_path_imports_neither_nbgrader_nor_nbformat(tmp_path):
    """Once the gradebook holds the assignment, writing grades loads no nbgrader, nbformat or jsonschema."""
    root = make_course_root(tmp_path / "course")
    assignment = load_assignment(root, ASSIGNMENT)
    gradebook.record_grades(root, assignment, results_for(assignment, {"alice": [0] * len(assignment.tests)}))
    probe = ("import sys; from autograder import gradebook; from autograder.assignment import load_assignment; "
             f"a = load_assignment({str(root)!r}, {ASSIGNMENT!r}); "
             "assert gradebook.record_grades(" + repr(str(root)) + ", a, {'bob': {'status': 'failed', 'reason': 'x', "
             "'tests': {}}}) == {}; "
             "print(sorted(m for m in ('nbgrader', 'nbformat', 'jsonschema', 'rfc3987_syntax') if m in sys.modules))")
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=root, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "[]"


@pytest.mark.parametrize("value", ["", 3])
def test_a_db_url_that_is_not_a_url_is_refused_with_the_setting_named(tmp_path, value):
    root = make_course_root(tmp_path / "course")
    with open(root / "nbgrader_config.py", "a") as f:
        f.write(f"\nc.CourseDirectory.db_url = {value!r}\n")
    with pytest.raises(ValueError, match="CourseDirectory.db_url"):
        gradebook.db_url(root)


def test_the_default_gradebook_is_sqlite_in_the_course_root(tmp_path):
    root = make_course_root(tmp_path / "course")
    assert gradebook.db_url(root) == f"sqlite:///{root.resolve() / 'gradebook.db'}"
