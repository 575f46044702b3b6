"""Grader settings from the course's nbgrader_config.py (section ProcessGrader)."""
from dataclasses import fields
from pathlib import Path

from autograder.sandbox import Limits


def load_limits(course_root):
    """Limits with the defaults overridden by c.ProcessGrader.* in nbgrader_config.py, if present."""
    path = Path(course_root) / "nbgrader_config.py"
    limits = Limits()
    if not path.is_file():
        return limits
    from traitlets.config.loader import PyFileConfigLoader
    section = PyFileConfigLoader(path.name, path=str(path.parent)).load_config().get("ProcessGrader", {})
    known = {f.name: f.type for f in fields(Limits) if f.name != "sandbox"}
    for key, value in section.items():
        if key in ("sandbox", "confine"):
            raise ValueError(f"nbgrader_config.py: ProcessGrader.{key} is not a setting; the sandbox is always on, "
                             f"and `grade --no-sandbox` is the explicit way to grade trusted submissions without it")
        if key not in known:
            raise ValueError(f"nbgrader_config.py: unknown ProcessGrader setting {key!r} "
                             f"(known: {', '.join(known)})")
        if known[key] in (bool, "bool"):
            if not isinstance(value, bool):
                raise ValueError(f"nbgrader_config.py: ProcessGrader.{key} must be True or False")
        elif not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
            raise ValueError(f"nbgrader_config.py: ProcessGrader.{key} must be a positive number")
        setattr(limits, key, value)
    return limits
