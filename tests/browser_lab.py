"""JupyterLab servers and a Chromium for the browser tests (tests/test_browser_classroom.py).

Chromium is the distribution's (/usr/bin/chromium, or COURSE_CHROMIUM), driven by Playwright from PyPI;
Playwright's own browser downloads are never used. Each JupyterLab is started through the README's
script on 127.0.0.1, a free port and a random token, and stopped by its process id.
"""
import itertools
import os
import secrets
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path(os.environ.get("COURSE_CHROMIUM", "/usr/bin/chromium"))
ARTIFACTS = REPO / "build" / "browser-artifacts"
_STEPS = itertools.count(1)
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def skip_reason():
    """Why the browser tests cannot run here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed (it is in requirements.txt: bash scripts/bootstrap.sh)"
    if not os.access(CHROMIUM, os.X_OK):
        return (f"no Chromium at {CHROMIUM} (Debian: apt-get install chromium; scripts/test.sh installs it when "
                f"it runs as root on Debian; COURSE_CHROMIUM names another binary)")
    return None


def must_run():
    """True in CI on a Debian machine as root, where scripts/test.sh installs Chromium: there a skip is a failure."""
    return os.environ.get("CI") == "true" and os.geteuid() == 0 and Path("/etc/debian_version").exists()


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lab:
    """One JupyterLab server, started by scripts/<role>-lab.sh in `folder`."""

    def __init__(self, role, folder, env, log_path):
        self.role, self.folder, self.env, self.log_path = role, Path(folder), env, Path(log_path)
        self.token = secrets.token_hex(16)
        self.port = free_port()
        self.proc = None

    def start(self, timeout=120):
        self.log = open(self.log_path, "w")
        cmd = ["bash", str(REPO / "scripts" / f"{self.role}-lab.sh"), str(self.folder), "--no-browser",
               "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0",
               f"--IdentityProvider.token={self.token}"]
        # Its own session: the script execs JupyterLab, so this PID is the server's and its group holds the kernels.
        self.proc = subprocess.Popen(cmd, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.role} JupyterLab exited ({self.proc.returncode}); see {self.log_path}")
            try:
                with urllib.request.urlopen(self.url("api/status"), timeout=5) as r:
                    if r.status == 200:
                        return self
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"{self.role} JupyterLab did not answer within {timeout} s; see {self.log_path}")

    def url(self, path):
        return f"http://127.0.0.1:{self.port}/{path}{'&' if '?' in path else '?'}token={self.token}"

    def stop(self):
        if self.proc is None:
            return
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)   # JupyterLab shuts its kernels down on SIGTERM
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait(timeout=10)
        self.log.close()


class Browser:
    """A fresh Chromium profile with one page; records console errors and takes numbered screenshots."""

    def __init__(self, playwright, profile, name):
        self.name = name
        self.context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS,
            viewport={"width": 1400, "height": 900})
        self.page = self.context.pages[0] if self.context.pages else self.context.new_page()
        self.errors = []
        self.watch(self.page)

    def watch(self, page):
        page.on("console", lambda msg: msg.type == "error" and self.errors.append(f"{page.url}: {msg.text}"))
        page.on("pageerror", lambda exc: self.errors.append(f"{page.url}: uncaught {exc}"))

    def shot(self, step):
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{next(_STEPS):02d}-{self.name}-{step}.png"
        self.page.screenshot(path=str(path))
        return path

    def close(self):
        self.context.close()
