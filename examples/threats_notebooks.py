"""More hostile submissions of the Initialization assignment (merged into examples.threats.THREATS).

Same form as examples/threats.py: scenario -> (builder(root) -> {file name: bytes},
expected total or None, {test id: status other than passed}, text the report must contain).

These attack the reading of the notebook itself: JSON of unexpected shapes (which must be read
fairly when the answers can still be found, and otherwise refused with a reason, never crash a
later step such as the autograded notebooks or the feedback), files too large to read, and
markup that would run as script in the feedback HTML. SCRIPT_MARKER is in every attack on the
feedback, so tests can look for it in the HTML.
"""
import base64
import json

from examples.make_class import notebook_with

NOTEBOOK = "initialization.ipynb"
HE = "initialize_parameters_he"
TEST_HE = "test_" + HE
FULL, NO_HE = 8.0, 5.0
SCRIPT_MARKER = "pwned4711"
FOUND_BY_NAME = "found by its function name"


def _solved(root):
    """The release with the instructor's answers filled in: a notebook that earns full marks."""
    from examples.threat_base import _base
    release, solution = _base(root)
    return notebook_with(release, solution)


def _dump(nb):
    return {NOTEBOOK: (json.dumps(nb, indent=1) + "\n").encode()}


def _grade_id(cell):
    nbg = cell["metadata"].get("nbgrader", {})
    return nbg.get("grade_id", "") if isinstance(nbg, dict) else ""


def _with_nbgrader(root, answer, test):
    """Every answer cell's nbgrader metadata replaced by `answer`, every test cell's by `test`."""
    nb = _solved(root)
    for cell in nb["cells"]:
        gid = _grade_id(cell)
        if gid.startswith("initialize_parameters_"):
            cell["metadata"]["nbgrader"] = answer
        elif gid.startswith("test_"):
            cell["metadata"]["nbgrader"] = test
    return _dump(nb)


def nbgrader_metadata_strings(root):
    return _with_nbgrader(root, "solution", "grade")


def nbgrader_metadata_lists_and_null(root):
    return _with_nbgrader(root, ["solution", True], None)


def cells_of_every_shape(root):
    nb = _solved(root)
    odd = [42, "a cell", None, [], {"cell_type": "heading", "source": "old"}, {"source": "no type"},
           {"cell_type": "code", "metadata": ["a", "list"], "source": 12345, "outputs": "not a list",
            "execution_count": "x"},
           {"cell_type": "markdown", "metadata": None, "source": ["text", 7, None, {"a": 1}],
            "attachments": "not a dict"},
           {"cell_type": "raw", "metadata": {"nbgrader": {"grade_id": ["x"], "grade": "yes", "points": "all"}},
            "source": None, "id": {"not": "an id"}}]
    nb["cells"] = odd[:4] + nb["cells"] + odd[4:]
    return _dump(nb)


def notebook_without_metadata_or_nbformat(root):
    return _dump({"cells": _solved(root)["cells"]})


def absurd_nbformat(root):
    nb = _solved(root)
    nb.update(nbformat=10 ** 30, nbformat_minor="latest", metadata=["not", "a", "dict"])
    return _dump(nb)


def answer_source_not_text(root):
    nb = _solved(root)
    next(c for c in nb["cells"] if _grade_id(c) == HE)["source"] = {"def": HE}
    return _dump(nb)


def lone_surrogates_and_control_characters(root):
    nb = _solved(root)
    nb["cells"][0]["source"] = "Unpaired \ud800 surrogate, NUL \x00, bell \x07, escape \x1b[31m."
    nb["cells"][0]["metadata"] = {"nbgrader": {"grade_id": "\udcff"}}
    return {NOTEBOOK: json.dumps(nb).encode()}   # json.dumps writes the surrogates as \u escapes


def adds_grade_cell_of_its_own(root):
    nb = _solved(root)
    nb["cells"].append({"cell_type": "code", "execution_count": None, "outputs": [], "source": "pass",
                        "metadata": {"nbgrader": {"grade": True, "solution": False, "grade_id": "bonus",
                                                  "points": 100, "schema_version": 3}}})
    nb["cells"].append({"cell_type": "markdown", "source": "I deserve it.",
                        "metadata": {"nbgrader": {"grade": True, "solution": True, "task": True,
                                                  "grade_id": "essay", "points": 50}}})
    return _dump(nb)


def cells_not_a_list(root):
    nb = _solved(root)
    nb["cells"] = {str(i): cell for i, cell in enumerate(nb["cells"])}
    return _dump(nb)


def notebook_is_a_list(root):
    return _dump(_solved(root)["cells"])


def over_the_size_cap(root):
    nb = _solved(root)
    nb["cells"].append({"cell_type": "markdown", "metadata": {}, "source": "x" * (17 * 1024 ** 2)})
    return _dump(nb)


def millions_of_tiny_cells(root):
    nb = _solved(root)
    nb["cells"] += [{}] * 1_000_000
    return {NOTEBOOK: json.dumps(nb).encode()}


def deeply_nested_metadata(root):
    text = json.dumps(_solved(root))
    bomb = '"bomb": ' + "[" * 200_000 + "]" * 200_000 + ", "
    return {NOTEBOOK: text.replace('"metadata": {', '"metadata": {' + bomb, 1).encode()}


def script_in_feedback(root):
    """Markup that would run in the feedback page, in every place a notebook can carry it."""
    nb = _solved(root)
    m = SCRIPT_MARKER
    svg = f'<svg xmlns="http://www.w3.org/2000/svg"><script>alert("{m}")</script></svg>'
    svg64 = base64.b64encode(svg.encode()).decode()
    markdown = (f"## My notes\n\nPlain words stay readable.\n\n<script>alert('{m}')</script>\n\n"
                f"<img src=x onerror=\"alert('{m}')\">\n\n[click](javascript:alert('{m}'))\n\n"
                f"<a href=\"jav&#x09;ascript:alert('{m}')\">tab</a> <iframe src=\"javascript:alert('{m}')\"></iframe>\n\n"
                f"![pic](attachment:evil.svg) ![gone](attachment:missing.png)\n\n"
                f"<details open ontoggle=\"alert('{m}')\"><summary>s</summary></details>\n\n"
                f"[files](files/files/javascript:alert('{m}'))\n\n"
                f"$\\href{{javascript:alert('{m}')}}{{x}}$\n")
    extra = [
        {"cell_type": "markdown", "id": "evil-md", "source": markdown,
         "metadata": {"tags": [f'"><script>alert("{m}")</script>'],
                      "nbgrader": {"grade": True, "grade_id": f'"><script>alert("{m}")</script>', "points": 1}},
         "attachments": {"evil.svg": {"image/svg+xml": svg64}, "evil.html": {"text/html": f"<script>{m}</script>"}}},
        {"cell_type": "raw", "id": "evil-raw", "metadata": {"raw_mimetype": "text/html", "format": "text/html"},
         "source": f"<script>alert('{m}')</script><b onmouseover=\"alert('{m}')\">raw</b>"},
        {"cell_type": "code", "id": "evil-out", "execution_count": 1, "source": "print('hello')",
         "metadata": {"nbgrader": {"grade_id": f"<img src=x onerror=alert('{m}')>", "solution": True}},
         "outputs": [{"output_type": "display_data", "metadata": {},
                      "data": {"text/html": f"<script>alert('{m}')</script>", "image/svg+xml": svg,
                               "application/javascript": f"alert('{m}')"}}]},
    ]
    nb["cells"] = nb["cells"][:1] + extra + nb["cells"][1:]
    nb["metadata"]["title"] = f"</title><script>alert('{m}')</script>"
    nb["metadata"]["widgets"] = {"application/vnd.jupyter.widget-state+json": {"state": {},
                                 "x": f"</script><script>alert('{m}')</script>"}}
    return _dump(nb)


THREATS = {
    # scenario: (builder, expected total, {test: expected status}, text the report must contain)
    "nbgrader-metadata-strings": (nbgrader_metadata_strings, FULL, {}, FOUND_BY_NAME),
    "nbgrader-metadata-lists-and-null": (nbgrader_metadata_lists_and_null, FULL, {}, FOUND_BY_NAME),
    "cells-of-every-shape": (cells_of_every_shape, FULL, {}, "ignored 6 item(s) of the notebook's cell list"),
    "notebook-without-metadata-or-nbformat": (notebook_without_metadata_or_nbformat, FULL, {}, ""),
    "absurd-nbformat": (absurd_nbformat, FULL, {}, ""),
    "answer-source-not-text": (answer_source_not_text, NO_HE, {TEST_HE: "missing"}, f"{HE} is not defined"),
    "lone-surrogates-and-control-characters": (lone_surrogates_and_control_characters, FULL, {}, ""),
    "adds-grade-cell-of-its-own": (adds_grade_cell_of_its_own, FULL, {}, ""),
    "cells-not-a-list": (cells_not_a_list, None, {}, "not a notebook (no list of cells)"),
    "notebook-is-a-list": (notebook_is_a_list, None, {}, "not a notebook (no list of cells)"),
    "over-the-size-cap": (over_the_size_cap, None, {}, "MiB, over the grader's limit of 16 MiB"),
    "millions-of-tiny-cells": (millions_of_tiny_cells, None, {}, "JSON objects and lists"),
    "deeply-nested-metadata": (deeply_nested_metadata, None, {}, "nested too deeply"),
    "script-in-feedback": (script_in_feedback, FULL, {}, ""),
}
