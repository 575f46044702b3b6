"""Notebook metadata complete enough that JupyterLab opens a notebook without changing it.

On opening a notebook and starting its kernel, JupyterLab writes the kernel's `kernelspec` (name,
display_name, language) and the kernel's `language_info` into the notebook's metadata. It skips a write
whose value is already there (a deep comparison), so a notebook that carries exactly these values stays
unmodified, and closing it does not ask to save. Anything less, e.g. `language_info` holding only a name,
marks every untouched notebook as changed. Cells also need ids (nbformat 4.5); older notebooks get them
added on open, which is a change too.

    python -m autograder.notebook_metadata PATH...   # complete these notebooks in place
"""
import json
import sys
from pathlib import Path

# The course's interpreter (the machines it is built and graded on). ipykernel reports the running
# interpreter's full version, so on another 3.11.x JupyterLab still updates `version`: no value can
# match every patch release.
COURSE_PYTHON = "3.11.7"

KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}

# What ipykernel's kernel_info reply carries (ipykernel.ipkernel.IPythonKernel.language_info).
LANGUAGE_INFO = {
    "codemirror_mode": {"name": "ipython", "version": 3},
    "file_extension": ".py",
    "mimetype": "text/x-python",
    "name": "python",
    "nbconvert_exporter": "python",
    "pygments_lexer": "ipython3",
    "version": COURSE_PYTHON,
}

NBFORMAT, NBFORMAT_MINOR = 4, 5


def complete(nb):
    """Set the kernel metadata and format version JupyterLab would write; return the same dict."""
    nb["metadata"]["kernelspec"] = dict(KERNELSPEC)
    nb["metadata"]["language_info"] = json.loads(json.dumps(LANGUAGE_INFO))
    nb["nbformat"], nb["nbformat_minor"] = NBFORMAT, NBFORMAT_MINOR
    return nb


def problems(nb):
    """What an opening JupyterLab would still change in this notebook dict (empty when nothing)."""
    found = []
    meta = nb.get("metadata", {})
    for key, want in (("kernelspec", KERNELSPEC), ("language_info", LANGUAGE_INFO)):
        if meta.get(key) != want:
            found.append(f"metadata.{key} is {meta.get(key)!r}, expected {want!r}")
    if (nb.get("nbformat"), nb.get("nbformat_minor")) != (NBFORMAT, NBFORMAT_MINOR):
        found.append(f"nbformat {nb.get('nbformat')}.{nb.get('nbformat_minor')}, expected {NBFORMAT}.{NBFORMAT_MINOR}")
    missing = [i for i, cell in enumerate(nb.get("cells", [])) if not cell.get("id")]
    if missing:
        found.append(f"cells {missing} have no id")
    return found


def main(paths):
    for path in map(Path, paths):
        nb = json.loads(path.read_text(encoding="utf-8"))
        if problems(nb):
            # Same layout as the committed notebooks (nbformat's: one-space indent, unicode kept).
            path.write_text(json.dumps(complete(nb), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
            print(f"completed {path}")


if __name__ == "__main__":
    main(sys.argv[1:])
