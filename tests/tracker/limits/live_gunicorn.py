"""A tracker under gunicorn (with tracker.limits.gunicorn_conf) on a free loopback port, for the live tests."""
from __future__ import annotations

import base64
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from tracker import create_app
from tracker.services.credentials import create_credential

ROOT = Path(__file__).resolve().parents[3]
HOME = "https://tracker.test.invalid"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_credential(url: str, schema: str = "", scopes=("all",), name: str = "live") -> str:
    """Migrate the database and return the Authorization header of a new credential."""
    app = create_app({"TRACKER_DATABASE_URL": url, "TRACKER_DATABASE_SCHEMA": schema,
                      "TRACKER_HOME_PAGE": HOME})
    with app.app_context():
        credential, secret = create_credential(app.extensions["tracker"].credentials, name,
                                               list(scopes), HOME)
    app.extensions["tracker"].engine.dispose()
    return "Basic " + base64.b64encode(f"{credential.key}:{secret}".encode()).decode()


@dataclass
class LiveTracker:
    url: str
    port: int
    process: subprocess.Popen
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def workers(self) -> list[int]:
        """The pids of gunicorn's workers (children of the master we started)."""
        found = []
        for task in Path(f"/proc/{self.process.pid}/task").iterdir():
            children = (task / "children").read_text().split()
            found += [int(pid) for pid in children]
        return found

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # quick shutdown (SIGTERM waits for the workers)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start(url: str, workdir: Path, *, schema: str = "", workers: int = 2,
          env: dict[str, str] | None = None, args: tuple[str, ...] = ()) -> LiveTracker:
    """Start gunicorn on `url` (already migrated) and wait until it answers."""
    port = free_port()
    log = workdir / f"gunicorn-{port}.log"
    environ = {**os.environ, "TRACKER_DATABASE_URL": url, "TRACKER_DATABASE_SCHEMA": schema,
               "TRACKER_HOME_PAGE": HOME, "TRACKER_SECRET_KEY": "live-secret", **(env or {})}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "python:tracker.limits.gunicorn_conf", "--bind",
         f"127.0.0.1:{port}", "--workers", str(workers), "--log-level", "warning", *args,
         "tracker:create_app()"], cwd=ROOT, env=environ, stdout=log.open("ab"),
        stderr=subprocess.STDOUT, start_new_session=True)
    live = LiveTracker(url, port, process, log)
    deadline = time.monotonic() + 30
    while True:
        try:
            with urllib.request.urlopen(f"{live.base}/xapi/about", timeout=2):
                return live
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            if process.poll() is not None or time.monotonic() > deadline:
                live.stop()
                raise RuntimeError(f"gunicorn did not start: {log.read_text()[-3000:]}")
            time.sleep(0.2)
