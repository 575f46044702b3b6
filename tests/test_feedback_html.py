"""Feedback HTML shows what a student wrote and runs none of it; odd notebooks stop no step of a batch."""
import json

import nbformat
import pytest
from bs4 import BeautifulSoup

from autograder import autograded, batch, feedback_markdown
from conftest import load_json, make_course_root, run_cli
from examples.make_class import build_class
from examples.threats_notebooks import SCRIPT_MARKER, THREATS

ASSIGNMENT, NOTEBOOK = "initialization", "initialization.ipynb"
# Elements that run or embed active content; the feedback template itself has none in its body.
ACTIVE = {"script", "iframe", "frame", "object", "embed", "svg", "math", "form", "base", "link", "meta",
          "style", "template", "applet"}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """Every notebook-shape and script scenario graded beside an honest student, then feedback."""
    root = make_course_root(tmp_path_factory.mktemp("feedback") / "course", call_seconds=5)
    build_class(root, ASSIGNMENT, NOTEBOOK, {"perfect-student": "solution"})
    for scenario, (builder, *_rest) in THREATS.items():
        folder = root / "submitted" / scenario / ASSIGNMENT
        folder.mkdir(parents=True)
        for name, data in builder(root).items():
            (folder / name).write_bytes(data)
    graded = run_cli(root, "grade", ASSIGNMENT, "--report", "report.json", "--csv", "grades.csv")
    feedback = run_cli(root, "feedback", ASSIGNMENT)
    return {"root": root, "grade": graded, "feedback": feedback}


def _feedback_html(root, student):
    return (root / "feedback" / student / ASSIGNMENT / NOTEBOOK.replace(".ipynb", ".html")).read_text()


def test_grade_and_feedback_complete_for_every_student(course):
    root = course["root"]
    assert course["grade"].returncode == 0, course["grade"].stderr[-3000:]
    assert course["feedback"].returncode == 0, course["feedback"].stderr[-3000:]
    assert not (root / "report.json.journal").exists()
    report = load_json(root / "report.json")
    students = set(THREATS) | {"perfect-student"}
    assert set(report) == students
    rows = (root / "grades.csv").read_text().splitlines()[1:]
    assert sorted(r.split(",")[1] for r in rows) == sorted(students)
    for student, entry in report.items():
        autograded = root / "autograded" / student / ASSIGNMENT / NOTEBOOK
        if entry["status"] == "graded":
            nbformat.validate(nbformat.read(str(autograded), as_version=4))
            assert "[PASSED]" in _feedback_html(root, student), student
        else:
            assert not autograded.exists() and entry["reason"], student


def _active_content(html):
    """Every place in the page where the attack's marker could run: elements, attributes, URLs."""
    soup = BeautifulSoup(html, "html.parser")
    found = []
    for tag in soup.find_all(True):
        if tag.name in ACTIVE and SCRIPT_MARKER in str(tag):
            found.append(str(tag)[:200])
        for name, value in tag.attrs.items():
            value = " ".join(value) if isinstance(value, list) else value
            if SCRIPT_MARKER in value or name.startswith("on") or "script:" in value.replace(" ", "").lower():
                found.append(f"<{tag.name} {name}={value[:200]!r}>")
    return found


def test_no_script_from_a_submission_reaches_the_feedback(course):
    root = course["root"]
    for path in (root / "feedback").rglob("*.html"):
        assert _active_content(path.read_text()) == [], path
    # The attacks are shown as text, so the student can still read what they wrote.
    html = _feedback_html(root, "script-in-feedback")
    text = BeautifulSoup(html, "html.parser").get_text()
    assert "Plain words stay readable." in text and f"<script>alert('{SCRIPT_MARKER}')</script>" in text
    assert f"<b onmouseover=\"alert('{SCRIPT_MARKER}')\">raw</b>" in text   # the raw cell, as text
    assert "print('hello')" in text                                        # code as code
    assert "[PASSED]" in html


def test_the_detector_finds_the_attacks_when_they_are_not_sanitized(course):
    """Rendered the way nbconvert would without our sanitizing, the same cells are caught."""
    from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath
    nb = json.loads((course["root"] / "submitted" / "script-in-feedback" / ASSIGNMENT / NOTEBOOK).read_text())
    cell = next(c for c in nb["cells"] if c.get("id") == "evil-md")
    renderer = IPythonRenderer(escape=False, attachments={**cell["attachments"], "missing.png": {"image/png": "AAAA"}})
    assert len(_active_content(MarkdownWithMath(renderer=renderer).render(cell["source"]))) >= 5


def test_ordinary_markdown_stays_readable(course):
    soup = BeautifulSoup(_feedback_html(course["root"], "perfect-student"), "html.parser")
    release = nbformat.read(str(course["root"] / "release" / ASSIGNMENT / NOTEBOOK), as_version=4)
    first_heading = next(line for c in release.cells if c.cell_type == "markdown"
                         for line in c.source.splitlines() if line.startswith("#")).lstrip("#").strip()
    assert any(first_heading in h.get_text() for h in soup.find_all(["h1", "h2", "h3"]))
    page = str(soup)
    assert "<em>" in page or "<strong>" in page
    assert "<li>" in page and "<code>" in page and "$" in soup.get_text()


@pytest.mark.parametrize("markdown, kept", [
    ("# Title\n\nSome *emphasis*, **bold**, `a < b` and $x^2 < y$.", ["<h1", "<em>emphasis</em>",
                                                                    "<strong>bold</strong>",
                                                                    "<code>a &lt; b</code>", "$x^2 &lt; y$"]),
    ("- one\n- two\n\n1. first\n\n> quoted\n\n```python\nx = 1\n```", ["<li>one</li>", "<ol>", "<blockquote>",
                                                                      "highlight"]),
    ("| a | b |\n|---|---|\n| 1 | 2 |", ["<table>", "<td>1</td>"]),
    ("[site](https://example.org) and <b>bold</b>", ['href="https://example.org"', "<b>bold</b>"]),
])
def test_safe_markdown_keeps_structure(markdown, kept):
    from nbconvert.filters.markdown_mistune import markdown2html_mistune
    html = markdown2html_mistune(feedback_markdown.safe_markdown(markdown))
    for fragment in kept:
        assert fragment in html, (fragment, html)


@pytest.mark.parametrize("markdown", [
    f"<script>alert('{SCRIPT_MARKER}')</script>",
    f"<img src=x onerror=alert('{SCRIPT_MARKER}')>",
    f"[a](javascript:alert('{SCRIPT_MARKER}'))",
    f"<a href=\"java\tscript:alert('{SCRIPT_MARKER}')\">a</a>",
    f"[a](files/files/javascript:alert('{SCRIPT_MARKER}'))",
    f"<svg onload=alert('{SCRIPT_MARKER}')></svg>",
    f"<math><mtext><table><mglyph><style><img src=x onerror=alert('{SCRIPT_MARKER}')></style></math>",
    f"<!--><img src=x onerror=alert('{SCRIPT_MARKER}')>-->",
    f"<iframe srcdoc=\"<script>alert('{SCRIPT_MARKER}')</script>\"></iframe>",
    f"<img src=\"data:image/svg+xml,<svg onload=alert('{SCRIPT_MARKER}')>\">",
    f"<img src=\"&#x01; data:image/svg+xml,<svg onload=alert('{SCRIPT_MARKER}')>\">",
    f"<a href=\"data:text/html,<script>alert('{SCRIPT_MARKER}')</script>\">a</a>",
    f"<div style=\"background:url(javascript:alert('{SCRIPT_MARKER}'))\">x</div>",
    f"```\n</code></pre><script>alert('{SCRIPT_MARKER}')</script>\n```",
    f"<pre>\n\n<script>alert('{SCRIPT_MARKER}')</script>\n\n</pre>",
])
def test_safe_markdown_leaves_nothing_that_runs(markdown):
    from nbconvert.filters.markdown_mistune import markdown2html_mistune
    from nbconvert.filters.strings import strip_files_prefix
    html = strip_files_prefix(markdown2html_mistune(feedback_markdown.safe_markdown(markdown)))
    assert _active_content(html) == [], html


def test_one_students_failure_after_grading_costs_only_that_students_feedback(tmp_path, monkeypatch):
    root = make_course_root(tmp_path / "course")
    build_class(root, ASSIGNMENT, NOTEBOOK, {"alpha": "solution", "beta": "solution"})
    real_write = autograded.write_autograded

    def write_failing_for_beta(course_root, assignment, student, *args):
        if student == "beta":
            raise RuntimeError("disk full")
        return real_write(course_root, assignment, student, *args)
    monkeypatch.setattr(autograded, "write_autograded", write_failing_for_beta)
    report = batch.grade_class(root, ASSIGNMENT, root / "report.json", log=lambda *a: None)
    assert report["alpha"]["total"] == report["beta"]["total"] == 8.0
    assert "the autograded notebook could not be written (RuntimeError('disk full'))" in report["beta"]["notes"][0]
    assert load_json(root / "report.json") == report
    assert not (root / "report.json.journal").exists()
    assert (root / "autograded" / "alpha" / ASSIGNMENT / NOTEBOOK).is_file()
    assert not (root / "autograded" / "beta").joinpath(ASSIGNMENT, NOTEBOOK).exists()

    # A student graded before whose notebook is now unreadable loses the outdated autograded notebook.
    monkeypatch.setattr(autograded, "write_autograded", real_write)
    (root / "submitted" / "alpha" / ASSIGNMENT / NOTEBOOK).write_text('{"cells": 5}')
    report = batch.grade_class(root, ASSIGNMENT, root / "report.json", log=lambda *a: None)
    assert report["alpha"]["status"] == "failed" and "notes" not in report["beta"]
    assert not (root / "autograded" / "alpha" / ASSIGNMENT / NOTEBOOK).exists()
    assert run_cli(root, "feedback", ASSIGNMENT).returncode == 0
    assert sorted(p.name for p in (root / "feedback").iterdir()) == ["beta"]


@pytest.mark.parametrize("file_name", ['<img src="x" onerror="alert(1)">', "[x](javascript:alert(1))",
                                       "`<svg onload=alert(1)>`"])
def test_a_file_name_in_a_flagged_submission_runs_nothing_in_its_feedback(tmp_path, file_name):
    """A folder without the expected notebook is not graded, and the reason lists its file names, which the
    student chose. That reason is the auto comment of every answer cell in the gradebook, and nbgrader's
    feedback template renders comments as markdown, unsanitized: the quoted <img onerror> ran (red team)."""
    from autograder import classroom
    root = make_course_root(tmp_path / "course")
    folder = root / "submitted" / "mallory" / ASSIGNMENT
    folder.mkdir(parents=True)
    (folder / file_name).write_text("x")
    assert run_cli(root, "grade", ASSIGNMENT, "--report", "report.json").returncode == 0
    assert file_name in load_json(root / "report.json")["mallory"]["reason"]   # the report keeps it exactly
    assert classroom.review(root, ASSIGNMENT) == ["mallory"]
    assert run_cli(root, "feedback", ASSIGNMENT).returncode == 0
    html = _feedback_html(root, "mallory")
    soup = BeautifulSoup(html, "html.parser")
    assert [str(t)[:200] for t in soup.find_all(True) if any(a.startswith("on") for a in t.attrs)] == []
    assert not soup.find_all("script", string=lambda s: s and "alert" in s)
    assert not [a for a in soup.find_all("a") if "javascript" in a.get("href", "").lower()]


def test_inert_text_keeps_words_and_drops_what_builds_markup():
    from autograder.gradebook import inert_text
    assert inert_text("no notebook: files are a.txt, my_nb (2).ipynb") == "no notebook: files are a.txt, my_nb (2).ipynb"
    assert inert_text('<img src="x">[a](b) `c` *d* $e$ \\f &lt;\n') == '?img src="x"??a?(b) ?c? ?d? ?e? ?f ?lt;?'
    assert inert_text("Übung ½") == "Übung ½"
