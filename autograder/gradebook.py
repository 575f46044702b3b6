"""Grades into nbgrader's gradebook, written with SQLAlchemy alone against nbgrader's own tables.

Importing nbgrader costs seconds of CPU (its package loads the Jupyter server extensions), and a
grade needs none of it: the rows it writes are a handful of plain inserts and updates. So the grader
writes them here, in nbgrader's schema, with the values nbgrader's Gradebook would store
(tests/test_gradebook_rows.py compares the two row by row, and the schema). nbgrader itself is
imported only when the gradebook lacks its tables or the assignment (once per gradebook and
assignment): then nbgrader's models create the schema, stamped with the head of nbgrader's alembic
revisions, and nbgrader's SaveCells records the assignment's cells, so formgrader, export and
feedback read a gradebook as nbgrader makes it.

The database is the course's c.CourseDirectory.db_url (config.load_db_url): SQLite in the course
root by default, or a server such as PostgreSQL, which several grader processes may write at once.
Every write is idempotent (INSERT ... ON CONFLICT DO NOTHING on nbgrader's unique keys, then
UPDATE), one transaction per student, so concurrent graders neither lose nor duplicate rows; the
one-time set-up is serialized by a lock (an advisory lock on a server, a file lock on SQLite).
"""
import fcntl
import os
import sys
import zlib
from contextlib import contextmanager
from pathlib import Path
from uuid import uuid4

import sqlalchemy
from sqlalchemy import text

from autograder.config import load_db_url

# nbgrader's Gradebook runs the `alembic` command found on PATH when it creates a gradebook; make it
# the one beside this interpreter, so the grader works from a virtual environment never activated.
_BIN = os.path.dirname(sys.executable)
if _BIN not in os.environ.get("PATH", "").split(os.pathsep):
    os.environ["PATH"] = _BIN + os.pathsep + os.environ.get("PATH", "")

NOT_GRADED = "NOT GRADED by python -m autograder:"
# Any constant shared by every grader of every course; it only has to differ from other users' locks.
_SETUP_LOCK = zlib.crc32(b"autograder gradebook set-up")


def db_url(course_root):
    """The course's gradebook URL (c.CourseDirectory.db_url, default sqlite:///<root>/gradebook.db)."""
    return load_db_url(course_root)


def notebook_id(assignment):
    """The notebook's name in the gradebook: its file name without .ipynb."""
    return Path(assignment.notebook).stem


def connect(url):
    """An SQLAlchemy engine on the gradebook; SQLite waits for other writers instead of failing at once."""
    connect_args = {"timeout": 60} if url.startswith("sqlite") else {}
    return sqlalchemy.create_engine(url, connect_args=connect_args)


@contextmanager
def _setup_lock(engine):
    """Held while nbgrader creates the schema or an assignment, so two graders never both do it."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _SETUP_LOCK})
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _SETUP_LOCK})
                conn.commit()
    elif engine.dialect.name == "sqlite" and engine.url.database not in (None, "", ":memory:"):
        # flock is independent of SQLite's own (fcntl) locks on the same file, so it cannot block them.
        fd = os.open(engine.url.database, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)
    else:
        yield


def _layout(engine, assignment):
    """(assignment id, {cell name: {kind: cell id}}, notebook id) of the assignment's notebook, or None.

    kind is "grade", "solution" or "task" (nbgrader's GradeCell, SolutionCell, TaskCell tables); one
    cell of the notebook may be both a grade and a solution cell (two base_cell rows).
    """
    query = text("""
        SELECT a.id, n.id, c.id, c.name, g.id IS NOT NULL, s.id IS NOT NULL, t.id IS NOT NULL
        FROM assignment a JOIN notebook n ON n.assignment_id = a.id
        LEFT JOIN base_cell c ON c.notebook_id = n.id
        LEFT JOIN grade_cells g ON g.id = c.id
        LEFT JOIN solution_cells s ON s.id = c.id
        LEFT JOIN task_cells t ON t.id = c.id
        WHERE a.name = :assignment AND n.name = :notebook""")
    with engine.connect() as conn:   # a server that cannot be reached fails here, with the driver's reason
        try:
            rows = conn.execute(query, {"assignment": assignment.name, "notebook": notebook_id(assignment)}).all()
        except sqlalchemy.exc.DBAPIError:
            return None   # no tables yet
    if not rows:
        return None
    cells = {}
    for _, _, cell_id, name, grade, solution, task in rows:
        if cell_id is not None:
            for kind, present in (("grade", grade), ("solution", solution), ("task", task)):
                if present:
                    cells.setdefault(name, {})[kind] = cell_id
    return rows[0][0], cells, rows[0][1]


def _create_with_nbgrader(engine, url, assignment):
    """nbgrader's own set-up: its schema (when absent) and the assignment's cells, as generate_assignment does."""
    from nbgrader.api import Gradebook, MissingEntry
    from nbgrader.preprocessors import SaveCells

    from autograder import notebook_io
    _create_schema(engine)
    with Gradebook(url) as gb:
        try:
            gb.find_notebook(notebook_id(assignment), assignment.name)
            return
        except MissingEntry:
            gb.update_or_create_assignment(assignment.name)
    nb = notebook_io.read_nbformat(assignment.source_path)
    resources = {"nbgrader": {"db_url": url, "assignment": assignment.name, "notebook": notebook_id(assignment)}}
    SaveCells().preprocess(nb, resources)


def _create_schema(engine):
    """nbgrader's tables, stamped with the head of nbgrader's alembic revisions, in an empty database.

    What nbgrader's Gradebook does on a new database, except that it asks a subprocess (`alembic
    heads`, 3-4 s) for the revision that alembic's ScriptDirectory reads here from the same folder.
    """
    from alembic.script import ScriptDirectory
    from nbgrader.api import Base
    from nbgrader.dbutil import ALEMBIC_DIR
    with engine.begin() as conn:
        if sqlalchemy.inspect(conn).get_table_names():
            return
        Base.metadata.create_all(bind=conn)
        conn.execute(text("CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)"))
        conn.execute(text("INSERT INTO alembic_version (version_num) VALUES (:v)"),
                     {"v": ScriptDirectory(ALEMBIC_DIR).get_current_head()})


def ensure_assignment(engine, url, assignment):
    """The assignment's layout (see _layout), recorded by nbgrader first if the gradebook lacks it."""
    layout = _layout(engine, assignment)
    if layout is None:
        with _setup_lock(engine):
            layout = _layout(engine, assignment)
            if layout is None:
                _create_with_nbgrader(engine, url, assignment)
                layout = _layout(engine, assignment)
    return layout


def _insert_missing(conn, table, key, rows):
    """Insert the rows whose key (nbgrader's unique constraint on `table`) is not there yet."""
    if rows:
        columns = list(rows[0])
        conn.execute(text(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(':' + c for c in columns)}) "
                          f"ON CONFLICT ({', '.join(key)}) DO NOTHING"), rows)


def _record_student(conn, layout, assignment, student, entry):
    """One student's rows, as nbgrader's update_or_create_student/_submission and the grade updates make them.

    A new submission mirrors the notebook: a grade row (needs_manual_grade true, no score) for each
    grade and task cell, a comment row for each solution and task cell. Then the tests' auto scores,
    or, for a submission that could not be graded, empty scores flagged for manual grading and the
    reason on the answer cells' comments (a later successful grade clears it).
    """
    assignment_id, cells, nb_id = layout
    _insert_missing(conn, "student", ["id"], [{"id": student}])
    _insert_missing(conn, "submitted_assignment", ["assignment_id", "student_id"],
                    [{"id": uuid4().hex, "assignment_id": assignment_id, "student_id": student}])
    submission = conn.execute(text("SELECT id FROM submitted_assignment WHERE assignment_id = :a AND student_id = :s"),
                              {"a": assignment_id, "s": student}).scalar_one()
    _insert_missing(conn, "submitted_notebook", ["notebook_id", "assignment_id"],
                    [{"id": uuid4().hex, "assignment_id": submission, "notebook_id": nb_id, "flagged": False}])
    submitted_nb = conn.execute(text("SELECT id FROM submitted_notebook WHERE assignment_id = :s AND notebook_id = :n"),
                                {"s": submission, "n": nb_id}).scalar_one()
    ids = [cell_id for kinds in cells.values() for kind, cell_id in kinds.items()]
    kind_of = {cell_id: kind for kinds in cells.values() for kind, cell_id in kinds.items()}
    _insert_missing(conn, "grade", ["cell_id", "notebook_id"],
                    [{"id": uuid4().hex, "notebook_id": submitted_nb, "cell_id": c, "needs_manual_grade": True}
                     for c in ids if kind_of[c] in ("grade", "task")])
    _insert_missing(conn, "comment", ["cell_id", "notebook_id"],
                    [{"id": uuid4().hex, "notebook_id": submitted_nb, "cell_id": c}
                     for c in ids if kind_of[c] in ("solution", "task")])

    graded = entry["status"] == "graded"
    for test in assignment.tests:
        kinds = cells.get(test.id, {})
        cell = kinds.get("grade") or kinds.get("task")
        if cell is None:
            raise LookupError(f"the gradebook has no grade cell {test.id!r} in {assignment.name}")
        conn.execute(text("UPDATE grade SET auto_score = :score, needs_manual_grade = :manual "
                          "WHERE notebook_id = :nb AND cell_id = :cell"),
                     {"score": float(entry["tests"][test.id]["points"]) if graded else None,
                      "manual": not graded, "nb": submitted_nb, "cell": cell})
    for name in assignment.answer_cells:
        kinds = cells.get(name, {})
        cell = kinds.get("solution") or kinds.get("task")
        if cell is None:
            continue
        where = "WHERE notebook_id = :nb AND cell_id = :cell"
        if graded:
            conn.execute(text(f"UPDATE comment SET auto_comment = NULL {where} "
                              "AND substr(auto_comment, 1, :n) = :prefix"),
                         {"nb": submitted_nb, "cell": cell, "n": len(NOT_GRADED), "prefix": NOT_GRADED})
        else:
            conn.execute(text(f"UPDATE comment SET auto_comment = :why {where}"),
                         {"why": f"{NOT_GRADED} {inert_text(entry.get('reason', ''))}", "nb": submitted_nb,
                          "cell": cell})


# Letters, digits, spaces and punctuation that no markdown or HTML parser builds markup from.
_INERT_PUNCTUATION = set(" .,:;()'\"/=-_+%!?@#")


def inert_text(text_):
    """`text_` with every character that could start markup (<, >, &, [, ], `, *, $, backslash, ...) and
    every control character replaced by "?". nbgrader's feedback template renders a cell's comment as
    markdown without sanitizing it, and a reason may quote what a student chose (a file name in the
    submission's folder): as a comment it must stay text. The report keeps the reason exactly."""
    return "".join(c if c.isalnum() or c in _INERT_PUNCTUATION else "?" for c in str(text_))


def record_grades(course_root, assignment, results):
    """Write auto scores for every graded student; leave a failed student's grades empty.

    results: {student id: report entry}. An empty (None) auto score is what nbgrader shows as
    "needs manual grading", never as a score: a submission the grader could not read is flagged for
    a person to look at. Returns {student: why} for the students whose rows could not be written;
    the others are, each in its own transaction.
    """
    url = db_url(course_root)
    engine = connect(url)
    try:
        try:
            layout = ensure_assignment(engine, url, assignment)
        except Exception as exc:   # an unreachable server costs the gradebook rows, not the graded batch
            shown = sqlalchemy.engine.make_url(url).render_as_string(hide_password=True)
            return {student: f"the gradebook ({shown}) could not be opened ({exc!r})" for student in results}
        unrecorded = {}
        for student, entry in results.items():
            try:
                with engine.begin() as conn:
                    _record_student(conn, layout, assignment, student, entry)
            except Exception as exc:   # one student's rows must not cost the others theirs
                unrecorded[student] = f"the gradebook entries could not be written ({exc!r})"
        return unrecorded
    finally:
        engine.dispose()
