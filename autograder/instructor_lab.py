"""Jupyter server extension of the instructor's JupyterLab: formgrader's two unsafe buttons say what to run instead.

Formgrader's "Autograde" runs nbgrader autograde, which executes a student's code in a kernel of the
instructor's own, with the instructor's files and rights; its "Collect" runs nbgrader collect, which
follows links in what students submitted. In the instructor's configuration
(classroom/instructor/jupyter_server_config.json) this extension answers both requests before
formgrader can (jupyter_server loads extensions in alphabetical order, and the first handler
registered for a path serves it) with formgrader's own error form, naming the command to use.
Everything else in formgrader works as before.
"""
import json

from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.utils import url_path_join
from tornado import web

INSTEAD = {
    "autograde": ("Formgrader's Autograde would run the student's code unconfined, as you. Grade with the "
                  "course's grader, which runs it in a sandbox:\n\n"
                  "    python -m autograder grade {assignment} --report reports/{assignment}.json\n\n"
                  "then reload this page: the scores appear here."),
    "collect": ("Formgrader's Collect would follow links in what students submitted. Collect with:\n\n"
                "    python -m autograder collect {assignment}"),
}


class RefusedHandler(JupyterHandler):
    """Formgrader's answer when an action fails ({"success": false, "log": ...}), with what to run instead."""

    def initialize(self, action):
        self.action = action

    @web.authenticated
    def post(self, assignment, *_):
        self.set_header("Content-Type", "application/json")
        message = INSTEAD[self.action].format(assignment=assignment)
        self.finish(json.dumps({"success": False, "log": message, "error": ""}))


def _jupyter_server_extension_points():
    return [{"module": "autograder.instructor_lab"}]


def _load_jupyter_server_extension(serverapp):
    base_url = serverapp.web_app.settings["base_url"]
    serverapp.web_app.add_handlers(".*$", [
        (url_path_join(base_url, r"/formgrader/api/submission/([^/]+)/([^/]+)/autograde"), RefusedHandler,
         {"action": "autograde"}),
        (url_path_join(base_url, r"/formgrader/api/assignment/([^/]+)/collect"), RefusedHandler,
         {"action": "collect"}),
    ])
    serverapp.log.info("autograder.instructor_lab: formgrader's Autograde and Collect point at python -m autograder")
