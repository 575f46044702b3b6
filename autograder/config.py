"""Grader settings from the course's nbgrader_config.py (section ProcessGrader), and where its gradebook is."""
from dataclasses import fields
from pathlib import Path

from autograder.sandbox import Limits


def _course_config(course_root):
    """The traitlets Config of the course's nbgrader_config.py (empty when there is none)."""
    path = Path(course_root) / "nbgrader_config.py"
    if not path.is_file():
        return {}
    from traitlets.config.loader import PyFileConfigLoader
    return PyFileConfigLoader(path.name, path=str(path.parent)).load_config()


def load_db_url(course_root):
    """The gradebook's SQLAlchemy URL: c.CourseDirectory.db_url if the course sets it, else nbgrader's
    default, gradebook.db (SQLite) in the course root."""
    url = _course_config(course_root).get("CourseDirectory", {}).get("db_url")
    if url is None:
        return f"sqlite:///{Path(course_root).resolve() / 'gradebook.db'}"
    if not isinstance(url, str) or not url:
        raise ValueError("nbgrader_config.py: CourseDirectory.db_url must be a database URL such as "
                         "postgresql+psycopg://user@host/dbname")
    return url


def load_limits(course_root):
    """Limits with the defaults overridden by c.ProcessGrader.* in nbgrader_config.py, if present."""
    limits = Limits()
    section = _course_config(course_root).get("ProcessGrader", {})
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


DASK_TLS_SETTINGS = {"tls_ca_file": "ca_file", "tls_cert": "cert", "tls_key": "key"}


def load_dask_tls(course_root):
    """TLS files for `grade --dask tls://...`: {"ca_file", "cert", "key"} as absolute paths, or None.

    From c.DaskCluster.tls_ca_file / tls_cert / tls_key in nbgrader_config.py (PEM files; a relative
    path is taken from the course root). All three or none: a half-configured TLS is refused.
    """
    root = Path(course_root).resolve()
    section = _course_config(root).get("DaskCluster", {})
    for key in section:
        if key not in DASK_TLS_SETTINGS:
            raise ValueError(f"nbgrader_config.py: unknown DaskCluster setting {key!r} "
                             f"(known: {', '.join(DASK_TLS_SETTINGS)})")
    if not section:
        return None
    missing = [k for k in DASK_TLS_SETTINGS if not section.get(k)]
    if missing:
        raise ValueError(f"nbgrader_config.py: DaskCluster needs all of {', '.join(DASK_TLS_SETTINGS)} "
                         f"(missing: {', '.join(missing)})")
    files = {}
    for key, name in DASK_TLS_SETTINGS.items():
        file = root / str(section[key])
        if not file.is_file():
            raise ValueError(f"nbgrader_config.py: DaskCluster.{key} = {section[key]!r} is not a file")
        files[name] = str(file)
    return files
