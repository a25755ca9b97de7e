"""Tracking end to end: Debian's Chromium at a phone viewport, a portal built with --tracker and
served on one loopback port, the real tracker (Flask app, temporary SQLite) on another port."""

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

werkzeug_serving = pytest.importorskip("werkzeug.serving")
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
        context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
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
    page.goto(link)
    page.wait_for_function(f"() => (JSON.parse(localStorage.getItem('leerpad:session:{ROLE}') || 'null') || {{}}).token")
    assert "code=" not in page.url
    return page.evaluate(f"JSON.parse(localStorage.getItem('leerpad:session:{ROLE}'))")


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


def test_open_answer_reflect_complete_reach_the_tracker(stack, contexts):
    page = contexts()
    _, link = stack.link(name="Anna")
    session = sign_in(page, link)
    module = stack.module_with_check_and_reflection()
    module_id = f"{stack.root}modules/{module}/"
    page.goto(f"{stack.portal}{ROLE}/modules/{module}/")
    answer_module(page, module, "Ik let beter op de stille kinderen.")
    found = wait_for(lambda: [s for s in stack.statements(session) if s["verb"]["id"] == REFLECTED])
    queue_empty(page)
    statements = stack.statements(session)
    by_verb: dict[str, list[dict]] = {}
    for s in statements:
        by_verb.setdefault(s["verb"]["id"], []).append(s)
        assert s["actor"]["account"] == session["actor"]["account"]
        assert "name" not in s["actor"] and "mbox" not in s["actor"]
        assert s["context"]["registration"] == session["registration"]
        assert s["context"]["contextActivities"]["parent"][0]["id"] == stack.root
    assert found
    assert [s["object"]["id"] for s in by_verb[OPENED]] == [module_id]
    assert [s["object"]["id"] for s in by_verb[COMPLETED]] == [module_id]
    answered = by_verb[ANSWERED]
    assert {s["object"]["id"] for s in answered} == {a["id"] for a in stack.manifest["activities"]
                                                     if a["id"].startswith(module_id + "#toets-")}
    assert all(s["result"]["response"] == "a" and isinstance(s["result"]["success"], bool) for s in answered)
    outcome = [s for s in statements if s["object"]["id"] == module_id + "#toets" and s["verb"]["id"] != ANSWERED]
    assert len(outcome) == 1 and outcome[0]["verb"]["id"].rsplit("/", 1)[1] in ("passed", "failed")
    assert outcome[0]["result"]["score"]["max"] == len(answered)
    reflection = by_verb[REFLECTED][-1]
    assert reflection["object"]["id"] == module_id + "#reflectie-1"
    assert reflection["result"]["response"] == "Ik let beter op de stille kinderen."
    assert list(reflection["result"]["extensions"].values()) == ["private"]


def test_offline_actions_arrive_exactly_once(stack, contexts):
    page = contexts()
    _, link = stack.link(name="Bram")
    session = sign_in(page, link)
    step = next(k for k, v in page.evaluate("JSON.parse(document.getElementById('__leerpad').textContent).xapi.steps").items()
                if v != "module")
    page.goto(f"{stack.portal}{ROLE}/stappen/{step}/")
    page.wait_for_function("navigator.serviceWorker.controller !== null")
    queue_empty(page)
    page.context.set_offline(True)
    page.locator(".lp-done__button").click()
    page.reload()                                   # served by the service worker
    assert page.locator(".lp-done").first.get_attribute("class").find("is-done") != -1
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('leerpad:queue:'))"
                         ".map(k => JSON.parse(localStorage.getItem(k)).length).reduce((a, b) => a + b, 0)") >= 2
    page.context.set_offline(False)
    queue_empty(page)
    statements = stack.statements(session)
    ids = [s["id"] for s in statements]
    assert len(ids) == len(set(ids))
    step_id = f"{stack.root}stappen/{step}/"
    assert [s["verb"]["id"] for s in statements if s["object"]["id"] == step_id].count(COMPLETED) == 1
    assert [s["verb"]["id"] for s in statements if s["object"]["id"] == step_id].count(OPENED) == 2


def test_a_second_device_shows_the_same_progress(stack, contexts):
    first = contexts()
    learner, link = stack.link(name="Chris")
    sign_in(first, link)
    module = stack.module_with_check_and_reflection()
    first.goto(f"{stack.portal}{ROLE}/modules/{module}/")
    first.locator(".lp-done__button").click()
    queue_empty(first)
    second = contexts()
    _, new_link = stack.link(learner)
    sign_in(second, new_link)
    second.wait_for_selector(f'li.lp-step[data-step-id="{module}"].is-done')
    second.goto(f"{stack.portal}{ROLE}/reflecties/")
    second.wait_for_selector(".lp-reflections__list:not(:empty)")


def test_reflections_are_private_until_shared_and_not_readable_by_others(stack, contexts):
    page = contexts()
    _, link = stack.link(name="Dewi")
    session = sign_in(page, link)
    module = stack.module_with_check_and_reflection()
    page.goto(f"{stack.portal}{ROLE}/modules/{module}/")
    area = page.locator('textarea[name="reflection:0"]')
    area.fill("Mijn eigen gedachte.")
    area.blur()
    assert wait_for(lambda: [s for s in stack.statements(session) if s["verb"]["id"] == REFLECTED])
    page.goto(f"{stack.portal}{ROLE}/reflecties/")
    item = page.locator(".lp-reflection").first
    item.wait_for()
    assert "Mijn eigen gedachte." in item.inner_text() and "Privé" in item.inner_text()
    item.locator(".lp-reflection__share").click()
    assert "Gedeeld met je coach" in item.inner_text()
    queue_empty(page)
    statements = stack.statements(session)
    reflected = next(s for s in statements if s["verb"]["id"] == REFLECTED)
    shared = [s for s in statements if s["verb"]["id"].endswith("/shared")]
    assert len(shared) == 1 and shared[0]["context"]["statement"] == {"objectType": "StatementRef", "id": reflected["id"]}
    assert reflected["result"]["response"] == "Mijn eigen gedachte."      # nothing overwritten

    other = contexts()
    _, other_link = stack.link(name="Eva")
    intruder = sign_in(other, other_link)
    query = urllib.parse.urlencode({"agent": json.dumps(session["actor"])})
    assert stack.xapi(intruder["token"], "statements?" + query)[0] == 403
    assert stack.xapi(intruder["token"], "statements?statementId=" + reflected["id"])[0] == 404
    forged = dict(reflected, id=None)
    forged.pop("id"), forged.pop("authority", None), forged.pop("stored", None)
    status, body = stack.xapi(intruder["token"], "statements", "POST", forged)
    assert status == 403, body


def test_a_reused_link_is_refused_with_a_clear_message(stack, contexts):
    _, link = stack.link(name="Fenna")
    sign_in(contexts(), link)
    again = contexts()
    again.goto(link)
    alert = again.locator(".lp-signin[role=alert]")
    alert.wait_for()
    assert "al gebruikt" in alert.inner_text()
    assert "code=" not in again.url
    assert again.evaluate(f"localStorage.getItem('leerpad:session:{ROLE}')") is None


def test_a_revoked_token_stops_working(stack, contexts):
    page = contexts()
    learner, link = stack.link(name="Gijs")
    sign_in(page, link)
    stack.cli("learners", "revoke", learner.id)
    module = stack.module_with_check_and_reflection()
    page.goto(f"{stack.portal}{ROLE}/modules/{module}/")
    alert = page.locator(".lp-signin[role=alert]")
    alert.wait_for()
    assert "ingetrokken" in alert.inner_text()
    pending = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('leerpad:queue:') && !k.endsWith(':dead'))"
                            ".map(k => JSON.parse(localStorage.getItem(k)).length).reduce((a, b) => a + b, 0)")
    assert pending >= 1                                # the "opened" statement waits for a new sign-in
