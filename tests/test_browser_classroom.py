"""The student's and the instructor's day in a real browser (issue #15): JupyterLab, the exchange, formgrader.

One course on one machine: the instructor releases Initialization to an exchange in a temporary folder;
alice, in her JupyterLab (scripts/student-lab.sh), fetches it from the Assignment List, types a wrong
answer and reads the check's message, corrects it, validates and submits; bob hands in a notebook that
is not JSON. The instructor collects, grades with `python -m autograder grade`, and in formgrader
(scripts/instructor-lab.sh) sees alice's scores and gives bob's flagged submission a manual grade;
feedback is returned and alice fetches and reads it. The tests run in this order and share that state.
Screenshots of every step go to build/browser-artifacts/; no page may log a JavaScript error.
"""
import json
import os
import re
import shutil
import subprocess
import sys
import time

import pytest

from browser_lab import ARTIFACTS, REPO, Browser, Lab, must_run, skip_reason
from conftest import load_json, make_course_root

pytestmark = pytest.mark.browser

ASSIGNMENT = "initialization"
COURSE_ID = "practical-deep-learning"
FUNCTIONS = ("initialize_parameters_zeros", "initialize_parameters_random", "initialize_parameters_he")
LECTURE = "01_setting_up_an_ml_application.ipynb"
TIMEOUT = 60_000          # ms, for anything JupyterLab does
CELL_TIMEOUT = 120_000    # ms, for a cell (the setup imports numpy and matplotlib in a fresh kernel)


def solutions():
    """{grade_id: source} of the instructor's answer cells, solution markers dropped."""
    nb = load_json(REPO / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb")
    out = {}
    for cell in nb["cells"]:
        meta = cell["metadata"].get("nbgrader", {})
        if meta.get("solution"):
            text = "".join(cell["source"])
            out[meta["grade_id"]] = "\n".join(line for line in text.splitlines()
                                              if line.strip() not in ("### BEGIN SOLUTION", "### END SOLUTION"))
    return out


def cell_index(notebook_path, grade_id):
    cells = load_json(notebook_path)["cells"]
    return next(i for i, c in enumerate(cells) if c["metadata"].get("nbgrader", {}).get("grade_id") == grade_id)


class Day:
    """What the steps share: folders, servers, browsers, and which steps succeeded."""
    done = set()
    file_changed_questions = 0

    def need(self, *steps):
        missing = [s for s in steps if s not in self.done]
        if missing:
            pytest.skip(f"an earlier step failed: {', '.join(missing)}")


def _env(tmp, role, exchange, **extra):
    env = {k: v for k, v in os.environ.items() if k not in ("JUPYTER_CONFIG_DIR", "COURSE_STUDENT")}
    env.update(COURSE_EXCHANGE=str(exchange), JUPYTER_DATA_DIR=str(tmp / f"{role}-data"),
               JUPYTERLAB_SETTINGS_DIR=str(tmp / f"{role}-settings"),
               JUPYTERLAB_WORKSPACES_DIR=str(tmp / f"{role}-workspaces"), **extra)
    return env


def run(cmd, cwd, env, timeout=600):
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert proc.returncode == 0, f"{' '.join(map(str, cmd))} failed:\n{proc.stdout}\n{proc.stderr}"
    return proc


@pytest.fixture(scope="module")
def day(tmp_path_factory):
    reason = skip_reason()
    if reason and must_run():
        pytest.fail(f"the browser tests must run in CI here (root on Debian): {reason}")
    if reason:
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    tmp = tmp_path_factory.mktemp("classroom")
    d = Day()
    d.tmp = tmp
    d.exchange = tmp / "exchange"
    d.course = make_course_root(tmp / "course")
    d.alice = tmp / "alice"
    d.alice.mkdir()
    shutil.copy2(REPO / "notebooks" / LECTURE, d.alice / LECTURE)
    d.instructor_env = _env(tmp, "instructor", d.exchange)
    d.alice_env = _env(tmp, "alice", d.exchange, COURSE_STUDENT="alice")
    d.bob_env = _env(tmp, "bob", d.exchange, COURSE_STUDENT="bob",
                     JUPYTER_CONFIG_DIR=str(REPO / "classroom" / "student"))
    # The instructor releases the assignment to the exchange (README: nbgrader release_assignment).
    run([sys.executable, "-m", "nbgrader", "release_assignment", ASSIGNMENT], d.course, d.instructor_env)
    d.student_lab = Lab("student", d.alice, d.alice_env, tmp / "student-lab.log")
    d.instructor_lab = Lab("instructor", d.course, d.instructor_env, tmp / "instructor-lab.log")
    try:
        d.student_lab.start()
        d.instructor_lab.start()
        with sync_playwright() as pw:
            d.student = Browser(pw, tmp / "alice-chromium", "student")
            d.instructor = Browser(pw, tmp / "instructor-chromium", "instructor")
            try:
                yield d
            finally:
                d.student.close()
                d.instructor.close()
    finally:
        d.student_lab.stop()
        d.instructor_lab.stop()


def open_lab(browser, lab, path="lab"):
    page = browser.page
    page.goto(lab.url(path))
    page.wait_for_selector("#jp-main-dock-panel", timeout=TIMEOUT)
    page.wait_for_selector(".lm-MenuBar-itemLabel:text-is('Nbgrader')", timeout=TIMEOUT)
    return page


def menu_items(page, menu):
    page.locator(f".lm-MenuBar-itemLabel:text-is('{menu}')").click()
    items = page.locator(".lm-Menu-itemLabel").all_inner_texts()
    page.keyboard.press("Escape")
    return [i.strip() for i in items if i.strip()]


def sidebar_panels(page):
    """Titles of the panels on JupyterLab's side bars (nbgrader's Create Assignment is one on the right)."""
    return page.locator(".jp-SideBar .lm-TabBar-tab").evaluate_all("tabs => tabs.map(tab => tab.title)")


def open_assignment_list(page):
    page.locator(".lm-MenuBar-itemLabel:text-is('Nbgrader')").click()
    page.locator(".lm-Menu-itemLabel:text-is('Assignment List')").click()
    page.wait_for_selector("#released_assignments_list", timeout=TIMEOUT)


def no_js_errors(browser):
    errors, browser.errors[:] = list(browser.errors), []
    assert errors == [], "JavaScript errors in the page console:\n" + "\n".join(errors)


def test_student_lab_shows_student_tools_only(day):
    page = open_lab(day.student, day.student_lab)
    page.locator(".jp-DirListing-item", has_text=LECTURE).wait_for(timeout=TIMEOUT)
    items = menu_items(page, "Nbgrader")
    day.student.shot("lab-opened")
    assert "Assignment List" in items
    assert not {"Formgrader", "Course List"} & set(items), items
    assert "Nbgrader Create Assignment" not in sidebar_panels(page)
    # The instructor's server side is not there either.
    assert page.request.get(day.student_lab.url("formgrader")).status == 404
    # Validate on a lecture does not claim that tests pass: it says there is nothing to validate.
    page.goto(day.student_lab.url(f"lab/tree/{LECTURE}?reset"))
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=TIMEOUT)
    # No way into the Notebook interface (its pages log JavaScript errors here, docs/classroom.md).
    assert page.locator(".jp-NotebookPanel-toolbar").get_by_text("Notebook", exact=True).count() == 0
    page.locator(".jp-NotebookPanel-toolbar").get_by_text("Validate", exact=True).click()
    dialog = page.locator(".jp-Dialog-content")
    dialog.wait_for(timeout=TIMEOUT)
    text = dialog.inner_text()
    day.student.shot("validate-lecture")
    assert "Nothing to validate" in text and "passes" not in text, text
    page.locator(".jp-Dialog-button.jp-mod-accept").click()
    no_js_errors(day.student)
    day.done.add("student-lab")


def cell(page, index):
    return page.locator(".jp-NotebookPanel:visible .jp-Notebook .jp-Cell").nth(index)


def run_cell(page, index):
    """Run cell `index` from its editor (Ctrl+Enter) and wait until its prompt shows an execution count."""
    target = cell(page, index)
    target.scroll_into_view_if_needed()
    prompt = target.locator(".jp-InputArea-prompt")
    before = prompt.evaluate("el => el.textContent")   # "[ ]:" or the count of an earlier run: the new count differs from both
    target.locator(".jp-InputArea-editor").click()
    page.keyboard.press("Control+Enter")
    page.wait_for_function("([el, before]) => /\\[\\d+\\]/.test(el.textContent) && el.textContent !== before",
                           arg=[prompt.element_handle(), before], timeout=CELL_TIMEOUT)
    return target.locator(".jp-OutputArea").inner_text()


def type_into_cell(page, index, text):
    """Replace the cell's text by typing into its editor (inserted as typed text, without auto-indent)."""
    editor = cell(page, index).locator(".jp-InputArea-editor .cm-content")
    editor.scroll_into_view_if_needed()
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.insert_text(text)


def answer_file_changed(day, page):
    """Answer JupyterLab's "File Changed" question with Overwrite: what the student typed is what must be kept.

    JupyterLab asks it when a save finds the file newer on disk than when it was opened; it has been seen
    now and then on a freshly fetched assignment. Each time is counted and photographed.
    """
    day.student.shot("file-changed-question")
    day.file_changed_questions += 1
    page.locator(".jp-Dialog-content").get_by_role("button", name="Overwrite").click()
    page.locator(".jp-Dialog-content").wait_for(state="detached", timeout=TIMEOUT)


def dialog_text(day, page):
    """The text of the next dialog once it has its final content."""
    dialog = page.locator(".jp-Dialog-content")
    dialog.wait_for(timeout=CELL_TIMEOUT)
    if dialog.get_by_text("File Changed").count():
        answer_file_changed(day, page)
        dialog.wait_for(timeout=CELL_TIMEOUT)
    page.wait_for_function(
        "() => !/Validating|Saving/.test((document.querySelector('.jp-Dialog-content') || {innerText: ''}).innerText)",
        timeout=CELL_TIMEOUT)
    return dialog.inner_text()


def save(day, page):
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    page.keyboard.press("Control+S")
    try:
        page.locator(".jp-Dialog-content").get_by_text("File Changed").wait_for(timeout=3000)
    except PlaywrightTimeout:
        pass   # the usual case: saved without a question
    else:
        answer_file_changed(day, page)
    page.wait_for_selector(".lm-TabBar-tab.jp-mod-current:not(.jp-mod-dirty)", timeout=TIMEOUT)


def test_student_fetches_answers_validates_and_submits(day):
    day.need("student-lab")
    page = open_lab(day.student, day.student_lab)
    open_assignment_list(page)
    released = page.locator("#released_assignments_list")
    released.get_by_text(ASSIGNMENT, exact=True).wait_for(timeout=TIMEOUT)
    day.student.shot("assignment-list-released")
    released.get_by_role("button", name="Fetch").click()
    fetched = page.locator("#fetched_assignments_list")
    fetched.get_by_role("button", name="Submit").wait_for(timeout=TIMEOUT)
    notebook = day.alice / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    assert notebook.is_file()
    day.student.shot("assignment-fetched")

    page.goto(day.student_lab.url(f"lab/tree/{ASSIGNMENT}/{ASSIGNMENT}.ipynb?reset"))   # only this notebook open
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=TIMEOUT)
    page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=TIMEOUT)
    answers = solutions()
    run_cell(page, cell_index(notebook, "imports"))
    zeros, check = cell_index(notebook, FUNCTIONS[0]), cell_index(notebook, f"test_{FUNCTIONS[0]}")
    wrong = answers[FUNCTIONS[0]].replace("np.zeros(", "np.ones(")
    assert wrong != answers[FUNCTIONS[0]]
    type_into_cell(page, zeros, wrong)
    run_cell(page, zeros)
    message = run_cell(page, check)
    cell(page, check).locator(".jp-OutputArea").scroll_into_view_if_needed()
    day.student.shot("check-says-wrong")
    assert message.strip(), "the check printed nothing for a wrong answer"
    assert cell(page, check).locator("[data-mime-type='application/vnd.jupyter.stderr']").count() > 0, message
    day.check_message_wrong = message
    # Validate says which check fails and shows its message without scrolling.
    save(day, page)
    page.locator(".jp-NotebookPanel-toolbar").get_by_text("Validate", exact=True).click()
    text = dialog_text(day, page)
    day.student.shot("validate-says-which-check-fails")
    first_line = next(line.strip() for line in message.splitlines() if line.strip())
    assert "failed" in text and first_line in text, (first_line, text)
    # Its first three lines (~50 px) lie inside the part of the dialog's body that shows without scrolling.
    shown = page.locator(".jp-Dialog-content pre", has_text=first_line).first.bounding_box()
    body = page.locator(".jp-Dialog-body").bounding_box()
    assert shown and shown["y"] + min(shown["height"], 50) <= body["y"] + body["height"], (shown, body)
    page.locator(".jp-Dialog-button.jp-mod-accept").click()

    type_into_cell(page, zeros, answers[FUNCTIONS[0]])
    run_cell(page, zeros)
    message = run_cell(page, check)
    cell(page, check).locator(".jp-OutputArea").scroll_into_view_if_needed()
    day.student.shot("check-passes")
    assert cell(page, check).locator("[data-mime-type='application/vnd.jupyter.stderr']").count() == 0, message
    for name in FUNCTIONS[1:]:
        type_into_cell(page, cell_index(notebook, name), answers[name])
        run_cell(page, cell_index(notebook, name))
    save(day, page)

    page.locator(".jp-NotebookPanel-toolbar").get_by_text("Validate", exact=True).click()
    text = dialog_text(day, page)
    day.student.shot("validate-assignment")
    assert "Success! Your notebook passes all the tests." in text, text
    page.locator(".jp-Dialog-button.jp-mod-accept").click()

    open_assignment_list(page)
    page.locator("#fetched_assignments_list").get_by_role("button", name="Submit").click()
    submitted = page.locator("#submitted_assignments_list")
    submitted.get_by_text(ASSIGNMENT).first.wait_for(timeout=TIMEOUT)
    day.student.shot("submitted")
    inbound = list((day.exchange / COURSE_ID / "inbound").glob(f"alice+{ASSIGNMENT}+*"))
    assert len(inbound) == 1, inbound
    no_js_errors(day.student)
    day.done.add("alice-submitted")


def autograder_cli(day, *args):
    return run([sys.executable, "-m", "autograder", *args], day.course, day.instructor_env)


def test_instructor_collects_grades_and_formgrader_shows_the_scores(day):
    day.need("alice-submitted")
    # bob hands in a notebook that is not JSON, with nbgrader's own commands (as a student's terminal would).
    bob = day.tmp / "bob"
    bob.mkdir()
    run([sys.executable, "-m", "nbgrader", "fetch_assignment", ASSIGNMENT], bob, day.bob_env)
    (bob / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").write_text('{"cells": [ this is not JSON', encoding="utf-8")
    run([sys.executable, "-m", "nbgrader", "submit", ASSIGNMENT], bob, day.bob_env)

    autograder_cli(day, "collect", ASSIGNMENT)
    assert sorted(p.name for p in (day.course / "submitted").iterdir()) == ["alice", "bob"]
    autograder_cli(day, "grade", ASSIGNMENT, "--report", f"reports/{ASSIGNMENT}.json")
    report = load_json(day.course / "reports" / f"{ASSIGNMENT}.json")
    assert report["alice"]["status"] == "graded" and report["alice"]["total"] == report["alice"]["max"] > 0, report
    assert report["bob"]["status"] == "failed" and report["bob"]["total"] is None, report["bob"]
    day.report = report
    assert "bob" in autograder_cli(day, "review", ASSIGNMENT).stdout

    page = open_lab(day.instructor, day.instructor_lab)
    items = menu_items(page, "Nbgrader")
    assert "Formgrader" in items and "Assignment List" not in items, items
    assert "Nbgrader Create Assignment" in sidebar_panels(page)
    # Formgrader's Autograde (student code unconfined) and Collect (links followed) name our commands instead.
    for action, command in (("submission/initialization/alice/autograde", "python -m autograder grade"),
                            ("assignment/initialization/collect", "python -m autograder collect")):
        answer = json.loads(page.request.post(day.instructor_lab.url(f"formgrader/api/{action}")).text())
        assert answer["success"] is False and command in answer["log"], answer
    page.locator(".lm-MenuBar-itemLabel:text-is('Nbgrader')").click()
    page.locator(".lm-Menu-itemLabel:text-is('Formgrader')").click()
    frame = page.frame_locator("iframe").first
    frame.get_by_text(ASSIGNMENT).first.wait_for(timeout=TIMEOUT)
    day.instructor.shot("formgrader-opened")

    rows = formgrader_rows(day)
    day.instructor.shot("formgrader-submissions")
    alice, bob = rows["alice"], rows["bob"]
    assert alice["score"] == f"{report['alice']['total']:g} / {report['alice']['max']:g}", alice
    assert not alice["needs_manual_grade"] and bob["needs_manual_grade"], rows
    day.submission_urls = {name: row["href"] for name, row in rows.items()}

    # alice's own submission: each test's automatic score is the grader's.
    page.goto(day.instructor_lab.url(day.submission_urls["alice"].lstrip("/")))
    wait_for_grade_boxes(page, len(day.report["alice"]["tests"]))
    day.instructor.shot("formgrader-alice")
    for test_id, result in report["alice"]["tests"].items():
        shown = page.locator(f"input.score#{test_id}").get_attribute("placeholder")
        assert float(shown) == result["points"], (test_id, shown, result)
    no_js_errors(day.instructor)
    day.done.add("graded")


def formgrader_rows(day):
    """{student: {score, needs_manual_grade, href}} from formgrader's list of the notebook's submissions."""
    page = day.instructor.page
    page.goto(day.instructor_lab.url(f"formgrader/gradebook/{ASSIGNMENT}/{ASSIGNMENT}"))
    page.wait_for_selector("#main-table tr td.score", timeout=TIMEOUT)
    rows = {}
    for row in page.locator("#main-table tr").all():
        link = row.locator("td.name a.name-shown")
        rows[link.inner_text().strip()] = {
            "score": row.locator("td.score").inner_text().strip(),
            "needs_manual_grade": row.locator("td.needs-manual-grade .glyphicon-ok").count() > 0,
            "href": link.get_attribute("href")}
    return rows


def grades_in_gradebook(day, student):
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{day.course / 'gradebook.db'}") as gb:
        nb = gb.find_submission_notebook(ASSIGNMENT, ASSIGNMENT, student)
        return {g.name: (g.auto_score, g.manual_score) for g in nb.grades}


def wait_for_grade_boxes(page, count):
    """formgrader binds each score box to its grade with JavaScript after the page has loaded (the automatic
    score as placeholder, a saved score as value, saving on change): reading or filling one before that
    races it. Binding sets every extra-credit box's placeholder; wait until all `count` have one."""
    page.wait_for_function("n => document.querySelectorAll('input.extra-credit[placeholder]').length >= n",
                           arg=count, timeout=TIMEOUT)


def test_manual_grade_on_a_flagged_submission_is_saved(day):
    day.need("graded")
    page = day.instructor.page
    page.goto(day.instructor_lab.url(day.submission_urls["bob"].lstrip("/")))
    wait_for_grade_boxes(page, len(day.report["alice"]["tests"]))
    assert page.get_by_text("NOT GRADED AUTOMATICALLY").count() > 0
    assert page.get_by_text("not valid JSON").count() > 0
    day.instructor.shot("formgrader-bob-flagged")
    given = {"test_initialize_parameters_zeros": 2, "test_initialize_parameters_random": 1,
             "test_initialize_parameters_he": 0}
    assert set(given) == set(day.report["alice"]["tests"])
    for test_id, points in given.items():
        box = page.locator(f"input.score#{test_id}")
        box.fill(str(points))
        box.press("Tab")   # formgrader saves a score when it changes
    deadline = time.monotonic() + 30
    while grades_in_gradebook(day, "bob") != {k: (None, float(v)) for k, v in given.items()}:
        assert time.monotonic() < deadline, grades_in_gradebook(day, "bob")
        time.sleep(0.5)
    day.instructor.shot("formgrader-bob-graded-by-hand")
    page.reload()
    wait_for_grade_boxes(page, len(day.report["alice"]["tests"]))
    for test_id, points in given.items():
        assert page.locator(f"input.score#{test_id}").input_value() == str(points)
    rows = formgrader_rows(day)
    day.instructor.shot("formgrader-submissions-after-manual-grade")
    assert rows["bob"]["score"] == f"{sum(given.values()):g} / {day.report['alice']['max']:g}", rows["bob"]
    assert not rows["bob"]["needs_manual_grade"], rows["bob"]
    day.bob_total = sum(given.values())
    no_js_errors(day.instructor)
    day.done.add("bob-graded-by-hand")


def test_feedback_is_returned_and_the_student_reads_it(day):
    day.need("graded", "bob-graded-by-hand")
    out = autograder_cli(day, "return-feedback", ASSIGNMENT).stdout
    assert "alice" in out and "bob" in out and "waiting" not in out, out
    page = open_lab(day.student, day.student_lab, "lab?reset")
    open_assignment_list(page)
    submitted = page.locator("#submitted_assignments_list")
    submitted.get_by_role("button", name="Fetch Feedback").click()
    feedback = sorted((day.alice / ASSIGNMENT / "feedback").glob(f"*/{ASSIGNMENT}.html"))
    deadline = time.monotonic() + 30
    while not feedback:
        assert time.monotonic() < deadline, "no feedback file after Fetch Feedback"
        time.sleep(0.5)
        feedback = sorted((day.alice / ASSIGNMENT / "feedback").glob(f"*/{ASSIGNMENT}.html"))
    view = submitted.get_by_text("(view feedback)")
    view.wait_for(timeout=TIMEOUT)
    day.student.shot("feedback-fetched")
    view.click()   # the file browser goes to the feedback's folder
    item = page.locator(".jp-DirListing-item", has_text=f"{ASSIGNMENT}.html")
    item.wait_for(timeout=TIMEOUT)
    item.dblclick()
    html = page.frame_locator(".jp-HTMLViewer iframe").first
    total = day.report["alice"]["total"]
    html.get_by_text(re.compile(rf"Score: {total:g}(\.0+)? / {day.report['alice']['max']:g}")).first.wait_for(timeout=TIMEOUT)
    day.student.shot("feedback-read")
    no_js_errors(day.student)
