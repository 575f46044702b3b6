"""Grading pays for matplotlib only where something uses it; whatever uses it gets the real module.

The releases' setup cells import pyplot for the figures. The grader's declarations and the student's
sandboxed process run that setup with autograder.deferred_imports in force: the import binds a
stand-in, and the first attribute read imports the real module.
"""
import os
import subprocess
import sys
import textwrap

import pytest

from autograder import sandbox, wire
from autograder.assignment import load_assignment, read_source
from conftest import REPO, assignments


def _python(code):
    """Run `code` in a fresh interpreter (sys.modules is the subject); its stdout, stripped."""
    proc = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, cwd=REPO,
                          timeout=120, env=dict(os.environ, MPLBACKEND="Agg"))
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout.strip()


KINDS = "[type(sys.modules.get(n)).__name__ for n in ('matplotlib', 'matplotlib.pyplot')]"


def test_an_import_binds_a_stand_in_and_the_first_use_imports_the_real_module():
    out = _python(f"""
        import sys
        from autograder.deferred_imports import defer
        defer()
        import matplotlib.pyplot as plt
        print({KINDS})
        fig, ax = plt.subplots()            # the first use
        print({KINDS})
        print(type(fig).__name__, plt.get_fignums(), plt.subplots is sys.modules['matplotlib.pyplot'].subplots)
    """)
    assert out.splitlines() == ["['_StandIn', '_StandIn']", "['module', 'module']", "Figure [1] True"]


@pytest.mark.parametrize("code, expected", [
    ("import matplotlib.colors; print(matplotlib.colors.to_hex('red'))", "#ff0000"),
    ("from matplotlib import pyplot; print(pyplot.get_backend().lower())", "agg"),
    ("import matplotlib as mpl; mpl.rcParams['figure.dpi'] = 90; import matplotlib.pyplot as plt; "
     "print(plt.rcParams['figure.dpi'])", "90.0"),
    ("import matplotlib.pyplot as plt; plt.rcParams['figure.dpi'] = 77; import matplotlib; "
     "print(matplotlib.rcParams['figure.dpi'])", "77.0"),
    ("import matplotlib.pyplot as plt; plt.my_flag = 1; import matplotlib.pyplot as again; print(again.my_flag)", "1"),
    ("import matplotlib; print('rcParams' in dir(matplotlib), matplotlib.__version__ > '3')", "True True"),
])
def test_every_way_of_using_matplotlib_reaches_the_real_one(code, expected):
    out = _python(f"""
        from autograder.deferred_imports import defer
        defer()
        {code}
    """)
    assert out == expected


def test_undefer_leaves_later_imports_real_and_already_bound_stand_ins_working():
    out = _python(f"""
        import sys
        from autograder.deferred_imports import defer, undefer
        placed = defer()
        import matplotlib.pyplot as plt
        undefer(placed)
        print(placed, {KINDS})
        print(plt.get_backend().lower(), {KINDS})
    """)
    assert out.splitlines() == ["['matplotlib', 'matplotlib.pyplot'] ['NoneType', 'NoneType']",
                                "agg ['module', 'module']"]


def test_reading_the_declarations_imports_no_matplotlib():
    out = _python(f"""
        import sys
        from autograder.assignment import load_assignment
        for name in {assignments()!r}:
            load_assignment('.', name)
        print(sorted(m for m in sys.modules if m.split('.')[0] == 'matplotlib'))
    """)
    assert out == "[]"


@pytest.mark.parametrize("name", ["initialization", "regularization", "logistic_regression"])
def test_the_releases_setup_imports_no_matplotlib_in_the_sandbox_until_a_call_uses_it(name):
    probe = f"""
import sys

def kinds():
    return {KINDS}

def plots():
    fig, ax = plt.subplots()
    ax.plot([0, 1], [1, 0])
    plt.close(fig)
    return kinds()
"""
    calls = [{"id": f"{fn}#{i}", "function": fn, "args": wire.encode([]), "seed": None}
             for i, fn in enumerate(["kinds", "plots", "kinds"])]
    result = sandbox.run(read_source(REPO, name).setup, [{"grade_id": "probe", "source": probe}], calls,
                         sandbox.Limits(call_seconds=20))
    values = [wire.decode(result.calls[c["id"]].value) if result.calls[c["id"]].status == "ok"
              else result.calls[c["id"]].message for c in calls]
    assert values == [["_StandIn", "_StandIn"], ["module", "module"], ["module", "module"]]


def test_the_setups_touch_no_attribute_of_pyplot():
    """A setup cell that read plt.rcParams would import pyplot in every student's process again: the
    figure settings live in a cell of their own, which grading does not run."""
    for name in assignments():
        setup = "\n".join(read_source(REPO, name).setup)
        assert "plt." not in setup and "matplotlib." not in setup.replace("import matplotlib.pyplot", ""), name
    assert load_assignment(REPO, "initialization").setup   # the check above read real setups
