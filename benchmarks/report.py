"""Where benchmark results go: each benchmark owns one marked section of docs/benchmarks.md.

A section is rewritten whole by its benchmark and nothing else in the file is touched, so two benchmarks
(grading speed, training speed) can be re-run independently and their results stay side by side.
"""
import os
import platform
from pathlib import Path


def machine():
    """One line naming the machine, the interpreter and the numeric stack a measurement ran on."""
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    import numpy
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count()
    return (f"{platform.system()} {platform.release()}, {cores} cores ({cpu}), "
            f"Python {platform.python_version()}, numpy {numpy.__version__}")


def write_section(path, name, text):
    """Replace the section `name` of the Markdown file at `path` (appended when absent) by `text`."""
    path = Path(path)
    start, end = f"<!-- {name}: generated, do not edit by hand -->", f"<!-- end of {name} -->"
    block = f"{start}\n{text.strip()}\n{end}"
    old = path.read_text(encoding="utf-8") if path.is_file() else "# Benchmarks\n"
    if start in old and end in old:
        before, rest = old.split(start, 1)
        new = before + block + rest.split(end, 1)[1]
    else:
        new = old.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(new, encoding="utf-8")
