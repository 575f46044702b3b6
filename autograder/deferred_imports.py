"""Modules a grading run names but rarely uses, imported when first used rather than when named.

The releases' setup cells import matplotlib.pyplot for the notebooks' figures. Grading runs that
setup and the answer cells, then calls functions: it draws nothing, yet importing pyplot costs
about 0.3 s of CPU, more than starting Python with numpy in the sandbox. While `deferred()` is in
force, `import matplotlib.pyplot as plt` binds a stand-in module; the first attribute anything
reads from it (plt.plot, matplotlib.colors, a student's own plotting) imports the real module and
answers from it, so code that does use matplotlib behaves as it would have. Only the cost moves.

This file is one of the three the student's process sees (autograder/isolation.py): it must
import nothing from the grader.
"""
import importlib
import sys
import types

DEFERRED = ("matplotlib", "matplotlib.pyplot")   # a package before its submodules


class _StandIn(types.ModuleType):
    """Takes a module's place in sys.modules until something reads from it."""

    def __getattr__(self, name):   # only reached for names the stand-in itself lacks
        return getattr(_real(self.__name__), name)

    def __setattr__(self, name, value):
        setattr(_real(self.__name__), name, value)

    def __delattr__(self, name):
        delattr(_real(self.__name__), name)

    def __dir__(self):
        return dir(_real(self.__name__))


def _real(name):
    """The real module `name`, imported now if need be; every stand-in leaves sys.modules first, so the
    real package and its submodules import together as they always do."""
    module = sys.modules.get(name)
    if isinstance(module, _StandIn) or module is None:
        for other in DEFERRED:
            if isinstance(sys.modules.get(other), _StandIn):
                del sys.modules[other]
        module = importlib.import_module(name)
    return module


def defer():
    """Put stand-ins for DEFERRED into sys.modules (those not imported already); returns their names."""
    placed = []
    for name in DEFERRED:
        if name in sys.modules:
            continue
        stand_in = _StandIn(name)
        parent, _, child = name.rpartition(".")
        if parent and isinstance(sys.modules.get(parent), _StandIn):
            # `import a.b as c` reads b from a: found in the stand-in's own dict, it imports nothing.
            object.__setattr__(sys.modules[parent], child, stand_in)
        sys.modules[name] = stand_in
        placed.append(name)
    return placed


def undefer(names):
    """Take the stand-ins `defer` placed out of sys.modules again (those still unused), so later imports
    in this process are real; names already bound to a stand-in keep working through it."""
    for name in names:
        if isinstance(sys.modules.get(name), _StandIn):
            del sys.modules[name]

