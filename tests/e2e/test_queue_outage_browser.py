"""The kill -9 drill for a portal (issue 11): the tracker runs under gunicorn on loopback and is killed
with SIGKILL while the learner answers a module's check questions and marks a step done; restarted on
the same port, the browser queue delivers every statement the page made, each exactly once."""

from __future__ import annotations

import functools
import http.server
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from tracking_stack import ANSWERED, COMPLETED, ROLE, QuietHandler, Stack, queue_empty, sign_in

ROOT = Path(__file__).resolve().parents[2]
HOME = "https://tracker.leerpad.test"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Gunicorn:
    """The tracker as its own gunicorn process group on a fixed loopback port, killed and started again."""

    def __init__(self, port: int, env: dict[str, str], log: Path):
        self.port, self.env, self.log = port, env, log
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "python:tracker.limits.gunicorn_conf", "--bind",
             f"127.0.0.1:{self.port}", "--workers", "2", "--preload", "--log-level", "warning",
             "tracker:create_app()"], cwd=ROOT, env={**os.environ, **self.env},
            stdout=self.log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/xapi/about", timeout=2):
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.kill()
                    raise RuntimeError(f"gunicorn did not start: {self.log.read_text()[-3000:]}")
                time.sleep(0.1)

    def kill(self) -> None:
        """SIGKILL to the master and every worker at once: no shutdown, no answer to what is in flight."""
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.process.wait()
        self.process = None


@pytest.fixture
def outage_stack(tmp_path):
    """(Stack whose tracker is a gunicorn on loopback, that Gunicorn): the portal built for its port."""
    from tracker import create_app

    out = tmp_path / "site"
    out.mkdir()
    portal = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(out)))
    threading.Thread(target=portal.serve_forever, daemon=True).start()
    portal_url = f"http://127.0.0.1:{portal.server_port}/"
    port = free_port()
    tracker_url = f"http://127.0.0.1:{port}"
    built = subprocess.run([sys.executable, str(ROOT / "build.py"), "--out", str(out), "--jobs", "1",
                            "--role", ROLE, "--tracker", tracker_url], cwd=ROOT, capture_output=True, text=True)
    assert built.returncode == 0, built.stdout + built.stderr
    manifest = json.loads((out / ROLE / "xapi-manifest.json").read_text(encoding="utf-8"))
    env = {"TRACKER_DATABASE_URL": f"sqlite:///{tmp_path / 'tracker.sqlite3'}", "TRACKER_HOME_PAGE": HOME,
           "TRACKER_CORS_ORIGINS": portal_url.rstrip("/"), "TRACKER_PORTAL_URL": portal_url,
           "TRACKER_SECRET_KEY": "outage-secret"}
    app = create_app({key: value for key, value in env.items() if key != "TRACKER_CORS_ORIGINS"})
    result = app.test_cli_runner().invoke(args=["portals", "load", str(out)])
    assert result.exit_code == 0, result.output
    server = Gunicorn(port, env, tmp_path / "gunicorn.log")
    server.start()
    try:
        yield Stack(portal_url, tracker_url, app, manifest), server
    finally:
        server.kill()
        portal.shutdown()
        app.extensions["tracker"].engine.dispose()


def statement_ids(request) -> list[str]:
    """The ids of the statements one request of the page sends (PUT, POST batch, or a beacon's form)."""
    url = urlsplit(request.url)
    if not url.path.endswith("/xapi/statements") or request.method not in ("PUT", "POST"):
        return []
    query = parse_qs(url.query)
    method, raw = request.method, request.post_data or ""
    if "method" in query:  # xAPI's alternate syntax: the pagehide beacon, a form
        form = parse_qs(raw)
        method, raw = query["method"][0], form["content"][0]
        query = {**query, **form}
    if method == "PUT":
        return [query["statementId"][0]]
    body = json.loads(raw)
    return [s["id"] for s in (body if isinstance(body, list) else [body])]


def dead_letters(page) -> list:
    return page.evaluate("""() => Object.keys(localStorage).filter(k => k.startsWith('leerpad:queue:') && k.endsWith(':dead'))
        .flatMap(k => JSON.parse(localStorage.getItem(k)))""")


def waiting(page) -> int:
    return page.evaluate("""() => Object.keys(localStorage).filter(k => k.startsWith('leerpad:queue:') && !k.endsWith(':dead'))
        .map(k => JSON.parse(localStorage.getItem(k)).length).reduce((a, b) => a + b, 0)""")


def test_the_queue_delivers_everything_exactly_once_after_a_kill_9(outage_stack, contexts):
    stack, server = outage_stack
    page = contexts()
    queued: list[str] = []
    page.on("request", lambda request: queued.extend(statement_ids(request)))
    _learner, link = stack.link(name="Noor")
    session = sign_in(page, link)

    module = stack.module_with_check_and_reflection()
    module_id = f"{stack.root}modules/{module}/"
    page.goto(f"{stack.portal}{ROLE}/modules/{module}/")
    questions = page.locator(".lp-question").all()
    assert len(questions) >= 3

    def answer(form) -> None:
        form.locator("input").first.check()
        form.locator(".lp-question__submit").click()

    answer(questions[0])
    queue_empty(page)                          # delivered while the tracker is up
    answer(questions[1])
    server.kill()                              # its statement may be in flight, stored or not
    for form in questions[2:]:
        answer(form)
    page.locator(".lp-done__button").click()
    step = next(k for k, v in page.evaluate("leerpad.session.config.steps").items() if v != "module")
    page.goto(f"{stack.portal}{ROLE}/stappen/{step}/")
    page.locator(".lp-done__button").click()
    assert waiting(page) >= len(questions) - 1  # the tracker is down: they wait in the browser

    server.start()                             # same port, same database
    page.goto(f"{stack.portal}{ROLE}/modules/{module}/")  # the learner goes on: the next page flushes
    queue_empty(page)
    assert dead_letters(page) == []

    statements = stack.statements(session)
    stored = [s["id"] for s in statements]
    assert len(stored) == len(set(stored))
    assert set(stored) == set(queued)          # everything the page sent arrived, nothing else
    per_activity = Counter((s["verb"]["id"], s["object"]["id"]) for s in statements)
    answered = {a["id"] for a in stack.manifest["activities"] if a["id"].startswith(module_id + "#toets-")}
    assert {obj for verb, obj in per_activity if verb == ANSWERED} == answered
    assert all(per_activity[(ANSWERED, obj)] == 1 for obj in answered)
    assert per_activity[(COMPLETED, module_id)] == 1
    assert per_activity[(COMPLETED, f"{stack.root}stappen/{step}/")] == 1
