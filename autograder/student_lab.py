"""Jupyter server extension of the students' JupyterLab: nbgrader's Assignment List and Validate, no dead ends.

It takes the place of nbgrader's assignment_list and validate_assignment server extensions in the
student's configuration (classroom/student/jupyter_server_config.json) and serves the same pages:

- Validate: nbgrader's Validate button sits on every notebook's toolbar, and on a notebook without
  graded tests (a lecture, a scratch notebook) nbgrader reports "Success! Your notebook passes all
  the tests." A notebook with graded tests is validated by nbgrader exactly as before; any other
  notebook gets "nothing to validate" and is not run.
- Validate's failures: nbgrader's dialog shows the whole source of each failing cell above its
  message, so a check cell of fifteen lines pushes the message out of view. Each failing cell is
  named by its first line instead, and its message follows at once.
- Assignment List: before the instructor's first release the exchange folder does not exist yet,
  and nbgrader's list shows an error about it. Then it shows an empty list ("No courses found.");
  any other error is shown as nbgrader reports it.
"""
import json
import os
from pathlib import Path

from jupyter_server.utils import url_path_join
from nbgrader.exchange.default.exchange import Exchange
from nbgrader.server_extensions.assignment_list import handlers as assignment_list
from nbgrader.server_extensions.validate_assignment.handlers import ValidateAssignmentHandler

# Shown in a <pre> by nbgrader's dialog: short lines, so none is cut at the dialog's width.
NOTHING_TO_VALIDATE = (
    "Nothing to validate: this notebook has no graded tests.\n"
    "Lecture notebooks and your own notebooks are not graded.\n"
    "Validate checks an assignment you fetched from the Assignment List.")


def has_graded_tests(path):
    """True when the notebook at path has a cell nbgrader grades (metadata nbgrader.grade).

    A file that cannot be read as a notebook counts as graded, so nbgrader's own validation runs and
    reports what is wrong with it.
    """
    try:
        nb = json.loads(Path(path).read_text(encoding="utf-8"))
        cells = nb["cells"]
        return any(isinstance(cell, dict) and isinstance(cell.get("metadata"), dict)
                   and isinstance(cell["metadata"].get("nbgrader"), dict)
                   and cell["metadata"]["nbgrader"].get("grade") is True
                   for cell in cells)
    except (OSError, UnicodeDecodeError, ValueError, KeyError, TypeError):
        return True


def first_line(source):
    """The first non-blank line of a cell's source, with " ..." when more follows."""
    lines = [line for line in source.splitlines() if line.strip()]
    return lines[0] + (" ..." if len(lines) > 1 else "") if lines else source


class ValidateHandler(ValidateAssignmentHandler):
    """POST /assignments/validate, as nbgrader's, except for notebooks without graded tests."""

    def validate_notebook(self, path):
        root = Path(self.root_dir).resolve()
        target = (root / path).resolve()
        if target.is_relative_to(root) and target.is_file() and not has_graded_tests(target):
            # The Validate dialog shows a message when "success" is false; it claims nothing passed.
            return {"success": False, "value": NOTHING_TO_VALIDATE}
        result = super().validate_notebook(path)
        value = result.get("value")
        if result.get("success") and isinstance(value, dict):
            for failed in value.get("failed", []):
                failed["source"] = first_line(failed.get("source", ""))
        return result


class StudentAssignmentList(assignment_list.AssignmentList):
    """nbgrader's Assignment List manager, with an empty list while the exchange does not exist."""

    def exchange_root(self):
        with assignment_list.chdir(self.root_dir):
            return Exchange(config=self.load_config()).root

    def list_assignments(self, course_id=None):
        result = super().list_assignments(course_id=course_id)
        if not result["success"] and not os.path.isdir(self.exchange_root()):
            return {"success": True, "value": []}   # nothing released yet
        return result


def _jupyter_server_extension_points():
    return [{"module": "autograder.student_lab"}]


def _load_jupyter_server_extension(serverapp):
    web_app = serverapp.web_app
    web_app.settings["root_dir"] = serverapp.root_dir   # what nbgrader's validate handler reads
    manager = StudentAssignmentList(parent=serverapp)
    manager.root_dir = serverapp.root_dir
    web_app.settings["assignment_list_manager"] = manager   # what nbgrader's assignment list handlers read
    base_url = web_app.settings["base_url"]
    handlers = [(url_path_join(base_url, "/assignments/validate"), ValidateHandler)]
    handlers += [(url_path_join(base_url, pattern), handler) for pattern, handler in assignment_list.default_handlers]
    web_app.add_handlers(".*$", handlers)
    serverapp.log.info("autograder.student_lab: nbgrader's Assignment List and Validate, for students")
