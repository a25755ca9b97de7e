"""The tracking stack shared by the tracking browser tests: a portal built with --tracker and
served on one loopback port, the real tracker (Flask app, temporary SQLite) on another."""

from __future__ import annotations

import functools
import http.server
import json
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PHONE = {"width": 390, "height": 844}
ROLE = "pm-starter"
ANSWERED = "http://adlnet.gov/expapi/verbs/answered"
COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
REFLECTED = "https://w3id.org/xapi/catch/verbs/reflected"
OPENED = "http://activitystrea.ms/schema/1.0/open"


class Stack:
    """The built portal and the tracker, each on its own loopback port."""

    def __init__(self, portal: str, tracker: str, app, manifest: dict):
        self.portal, self.tracker, self.app, self.manifest = portal, tracker, app, manifest
        self.root = manifest["root"]

    def link(self, learner=None, name: str = "Anna") -> tuple[object, str]:
        """(learner, personal link) made by the tracker's Python API, as `learners add` does."""
        from tracker.learners.sign_in import create_learner, issue_link
        from tracker.learners.state import learner_state

        with self.app.app_context():
            store = learner_state().learners
            learner = learner or create_learner(store, name=name, role=ROLE,
                                                home_page=self.app.config["TRACKER_HOME_PAGE"])
            link = issue_link(store, learner, self.app.config["TRACKER_PORTAL_URL"],
                              self.app.config["TRACKER_LINK_TTL"])
        return learner, link.url

    def cli(self, *args: str) -> str:
        result = self.app.test_cli_runner().invoke(args=list(args))
        assert result.exit_code == 0, result.output
        return result.output

    def xapi(self, token: str, path: str, method: str = "GET", body=None) -> tuple[int, object]:
        request = urllib.request.Request(self.tracker + "/xapi/" + path, method=method,
                                         data=None if body is None else json.dumps(body).encode(),
                                         headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json",
                                                  "X-Experience-API-Version": "1.0.3"})
        try:
            with urllib.request.urlopen(request) as answer:
                raw = answer.read()
                return answer.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")

    def statements(self, session: dict) -> list[dict]:
        query = urllib.parse.urlencode({"agent": json.dumps(session["actor"]), "limit": 500})
        status, body = self.xapi(session["token"], "statements?" + query)
        assert status == 200, body
        return body["statements"]

    def module_with_check_and_reflection(self) -> str:
        ids = {a["id"] for a in self.manifest["activities"]}
        for a in self.manifest["activities"]:
            if "/modules/" in a["id"] and "#" not in a["id"] and {a["id"] + "#toets", a["id"] + "#reflectie-1"} <= ids:
                return a["id"][len(self.root) + len("modules/"):].strip("/")
        raise AssertionError("the demo has no module with a knowledge check and reflection prompts")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def _serve_thread(server) -> None:
    threading.Thread(target=server.serve_forever, daemon=True).start()


@pytest.fixture(scope="session")
def stack(tmp_path_factory):
    werkzeug_serving = pytest.importorskip("werkzeug.serving")
    from tracker import create_app

    folder = tmp_path_factory.mktemp("tracking")
    out = folder / "site"
    out.mkdir()
    portal = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(out)))
    _serve_thread(portal)
    portal_url = f"http://127.0.0.1:{portal.server_port}/"
    app = create_app({"TRACKER_DATABASE_URL": f"sqlite:///{folder / 'tracker.sqlite3'}",
                      "TRACKER_CORS_ORIGINS": (portal_url.rstrip("/"),), "TRACKER_PORTAL_URL": portal_url,
                      "TRACKER_HOME_PAGE": "https://tracker.leerpad.test"})
    tracker = werkzeug_serving.make_server("127.0.0.1", 0, app, threaded=True)
    _serve_thread(tracker)
    tracker_url = f"http://127.0.0.1:{tracker.server_port}"
    built = subprocess.run([sys.executable, str(ROOT / "build.py"), "--out", str(out), "--jobs", "1",
                            "--role", ROLE, "--tracker", tracker_url], cwd=ROOT, capture_output=True, text=True)
    assert built.returncode == 0, built.stdout + built.stderr
    manifest = json.loads((out / ROLE / "xapi-manifest.json").read_text(encoding="utf-8"))
    result = app.test_cli_runner().invoke(args=["portals", "load", str(out)])
    assert result.exit_code == 0, result.output
    yield Stack(portal_url, tracker_url, app, manifest)
    tracker.shutdown()
    portal.shutdown()


@pytest.fixture
def contexts(browser):
    """new() -> a fresh phone-sized page in its own browser context (its own storage)."""
    opened, errors = [], []

    def new():
        # bypass_csp: Playwright's wait_for_function evaluates its predicate with eval(), which the
        # portal's Content-Security-Policy refuses; test_portal_csp_browser.py runs with the policy.
        context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                      bypass_csp=True)
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        opened.append(context)
        return page

    yield new
    for context in opened:
        context.close()
    assert errors == [], f"JavaScript errors: {errors}"


def sign_in(page, link: str) -> dict:
    """Open a personal link; wait until its code was exchanged for a (new) token."""
    key = f"'leerpad:session:{ROLE}'"
    before = stored_token(page, link)
    page.goto(link)
    # The session comes back from the same check that saw the new token: a sign-in may reload the page
    # (another learner was signed in there), and a second read afterwards could find nothing yet.
    wanted = f"(old) => {{ const s = JSON.parse(localStorage.getItem({key}) || 'null'); return s && s.token && s.token !== old ? s : null; }}"
    for attempt in range(3):
        try:
            session = page.wait_for_function(wanted, arg=before).json_value()
            break
        except Exception as error:  # the page navigated while the check ran: check again
            if attempt == 2 or "context was destroyed" not in str(error).lower() and "navigat" not in str(error).lower():
                raise
    assert "code=" not in page.url
    return session


def stored_token(page, url: str) -> str:
    """The token the browser context keeps for the portal at `url` ("" when none), read without the
    page: a new tab (about:blank) shares the context's storage with the tabs already signed in."""
    parts = urllib.parse.urlsplit(url)
    origin = f"{parts.scheme}://{parts.netloc}"
    for kept in page.context.storage_state()["origins"]:
        if kept["origin"] == origin:
            for item in kept["localStorage"]:
                if item["name"] == f"leerpad:session:{ROLE}":
                    return (json.loads(item["value"]) or {}).get("token") or ""
    return ""


def queue_empty(page) -> None:
    page.wait_for_function("""() => Object.keys(localStorage).filter(k => k.startsWith('leerpad:queue:') && !k.endsWith(':dead'))
        .every(k => JSON.parse(localStorage.getItem(k)).length === 0)""")


def wait_for(predicate, seconds: float = 10.0):
    deadline = time.monotonic() + seconds
    while True:
        value = predicate()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.2)


def answer_module(page, module: str, text: str) -> None:
    """Answer every question (first option), write the first reflection, mark the module done."""
    for form in page.locator(".lp-question").all():
        form.locator("input").first.check()
        form.locator(".lp-question__submit").click()
    area = page.locator('textarea[name="reflection:0"]')
    area.fill(text)
    area.blur()
    page.locator(".lp-done__button").click()
