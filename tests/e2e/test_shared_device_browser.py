"""Issue 11, shared devices: two learners on one browser (group tablets). Real Chromium at a phone
viewport, the portal and the real tracker on two loopback ports; a WSGI middleware slows the
tracker's statement downloads, so a download for one learner is still running when the next signs in."""

from __future__ import annotations

import json
import threading
import time
import urllib.parse
import urllib.request
from datetime import datetime, timedelta, timezone

import pytest
from playwright.sync_api import Error as PlaywrightError
from sqlalchemy import select, update

from tracking_stack import COMPLETED, REFLECTED, ROLE, answer_module, queue_empty, sign_in, wait_for

A_TEXT = "Privé van Anouk: ik twijfel of ik dit werk wel aankan."
STORED = "() => Object.keys(localStorage).filter(k => k.startsWith('leerpad:')).map(k => k + '=' + localStorage.getItem(k)).join('\\n')"
SESSION = f"JSON.parse(localStorage.getItem('leerpad:session:{ROLE}'))"


class SlowStatements:
    """WSGI middleware: every `GET /xapi/statements` waits `delay` seconds before the tracker answers;
    which token asked, and when each answer left, is recorded."""

    def __init__(self, app) -> None:
        self.app, self.delay = app, 0.0
        self.started = threading.Event()
        self.answered: list[str] = []          # the Bearer token of each slowed download, when it was answered

    def __call__(self, environ, start_response):
        slow = self.delay and environ["REQUEST_METHOD"] == "GET" and environ["PATH_INFO"] == "/xapi/statements"
        if slow:
            self.started.set()
            time.sleep(self.delay)
        try:
            return self.app(environ, start_response)
        finally:
            if slow:
                self.answered.append(environ.get("HTTP_AUTHORIZATION", "")[7:])


@pytest.fixture
def slow(stack):
    """The session's tracker, its statement downloads slowed while `slow.delay` is set."""
    middleware = SlowStatements(stack.app.wsgi_app)
    stack.app.wsgi_app = middleware
    yield middleware
    stack.app.wsgi_app = middleware.app


def new_token(stack, learner) -> dict:
    """A fresh session for `learner` through the real code exchange (to read what the tracker holds)."""
    code = stack.link(learner)[1].split("#code=")[1]
    request = urllib.request.Request(stack.tracker + "/portal/session", data=json.dumps({"code": code}).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request) as answer:
        return json.loads(answer.read())


def switch(page, link: str, name: str) -> dict:
    """Open another learner's link where someone is signed in: the page ends the previous session and
    loads again as the new learner; returns the new session once that fresh page is complete."""
    page.goto(link)

    def reloaded_as_new_learner() -> bool:
        try:
            return page.evaluate(f"""() => performance.getEntriesByType('navigation')[0].type === 'reload'
                && document.readyState === 'complete' && ({SESSION} || {{learner: {{}}}}).learner.name === {name!r}""")
        except PlaywrightError:                  # the page is being replaced
            return False

    assert wait_for(reloaded_as_new_learner, 20), f"the page did not load again as {name}"
    return page.evaluate(SESSION)


def stored(page) -> str:
    return page.evaluate(STORED)


def answers_on_module(page) -> tuple[str, int]:
    """(reflection text, checked options) on the module page in view."""
    return (page.locator('textarea[name="reflection:0"]').input_value(),
            page.locator(".lp-question input:checked").count())


def signed_in_as(page, name: str) -> None:
    button = page.locator(".lp-signout")
    page.wait_for_function("(name) => { const b = document.querySelector('.lp-signout');"
                           " return b && !b.hidden && b.title.endsWith(name); }", arg=name)
    assert button.inner_text() == "Afmelden"
    box = button.bounding_box()
    assert box["height"] >= 44 and box["width"] >= 44 and box["x"] + box["width"] <= 390   # a tap target, on screen


def anouk_with_answers(stack, page) -> tuple[object, dict, str]:
    """Anouk signs in and answers a module (check, private reflection, done); everything reaches the tracker."""
    anouk, link = stack.link(name="Anouk")
    session = sign_in(page, link)
    module = stack.module_with_check_and_reflection()
    page.goto(f"{stack.portal}{ROLE}/modules/{module}/")
    answer_module(page, module, A_TEXT)
    assert wait_for(lambda: [s for s in stack.statements(session) if s["verb"]["id"] == REFLECTED])
    queue_empty(page)
    return anouk, session, module


@pytest.mark.parametrize("opened", ["as a new page", "in the page in view (hashchange)"])
def test_the_next_learner_never_sees_a_download_of_the_previous_one(stack, contexts, slow, opened):
    """The leak of issue 11: Bente opens her link where Anouk is signed in while a download of Anouk's
    progress is still running; it arrives after Bente's sign-in and must not become hers."""
    page = contexts()
    anouk, first, module = anouk_with_answers(stack, page)
    slow.delay = 4.0
    slow.started.clear()
    link = stack.link(name="Bente")[1]
    if opened == "as a new page":        # the page that opens the link starts a download for Anouk itself
        page.goto(f"{stack.portal}{ROLE}/modules/{module}/")
        link = link.replace(f"/{ROLE}/#code=", f"/{ROLE}/intake/#code=")
    else:
        page.goto(f"{stack.portal}{ROLE}/", wait_until="domcontentloaded")   # Anouk's download starts
        assert slow.started.wait(10)
    bente = switch(page, link, "Bente")
    assert first["token"] not in slow.answered                          # Anouk's download still running then
    assert wait_for(lambda: first["token"] in slow.answered)             # and answered after Bente's sign-in
    page.wait_for_timeout(500)
    signed_in_as(page, "Bente")
    assert A_TEXT not in stored(page) and anouk.id not in stored(page)  # nothing of Anouk kept in this browser
    page.goto(f"{stack.portal}{ROLE}/")
    page.locator(".lp-whoami").filter(has_text="Aangemeld als Bente").wait_for()
    page.goto(f"{stack.portal}{ROLE}/modules/{module}/")
    assert wait_for(lambda: bente["token"] in slow.answered)             # Bente's own download arrived too
    page.wait_for_timeout(300)
    assert answers_on_module(page) == ("", 0)
    assert page.locator(f'li[data-step-id="{module}"].is-done').count() == 0
    assert A_TEXT not in page.content() and A_TEXT not in stored(page)
    assert stack.xapi(first["token"], "statements")[0] == 401            # Anouk's token ended at the tracker
    assert all(s["actor"] == bente["actor"] for s in stack.statements(bente))


def test_a_sign_in_in_another_tab_reloads_the_tab_that_showed_the_previous_learner(stack, contexts, slow):
    first_tab = contexts()
    _, first, module = anouk_with_answers(stack, first_tab)
    slow.delay = 4.0
    slow.started.clear()
    first_tab.goto(f"{stack.portal}{ROLE}/modules/{module}/", wait_until="domcontentloaded")
    assert slow.started.wait(10)
    second_tab = first_tab.context.new_page()
    bente = sign_in(second_tab, stack.link(name="Bente")[1])
    assert wait_for(lambda: first["token"] in slow.answered)
    first_tab.wait_for_function(f"() => ({SESSION} || {{learner: {{}}}}).learner.name === 'Bente'")
    first_tab.wait_for_function("() => document.querySelector('textarea[name=\"reflection:0\"]').value === ''")
    signed_in_as(first_tab, "Bente")
    assert answers_on_module(first_tab) == ("", 0) and A_TEXT not in first_tab.content()
    assert A_TEXT not in stored(second_tab)
    assert all(A_TEXT not in json.dumps(s) for s in stack.statements(bente))


def test_sign_out_sends_what_waits_revokes_the_token_and_clears_the_device(stack, contexts):
    page = contexts()
    anouk, session, module = anouk_with_answers(stack, page)
    signed_in_as(page, "Anouk")
    area = page.locator('textarea[name="reflection:0"]')
    area.fill("Net voor het afmelden getypt.")                      # still waiting for the 2 s pause
    area.blur()
    page.locator(".lp-signout").click()
    note = page.locator(".lp-signedout[role=status]")
    note.wait_for()                                                  # a fresh page says so
    assert "Je bent afgemeld" in note.inner_text() and "behalve" not in note.inner_text()
    assert page.locator(".lp-signout").is_hidden()
    assert answers_on_module(page) == ("", 0)
    assert stored(page) == ""                                        # nothing of Anouk's left in the browser
    assert stack.xapi(session["token"], "statements")[0] == 401      # revoked at the tracker at once
    again = new_token(stack, anouk)
    texts = [s["result"]["response"] for s in stack.statements(again) if s["verb"]["id"] == REFLECTED]
    assert sorted(texts) == sorted([A_TEXT, "Net voor het afmelden getypt."])   # sent before signing out

    page.goto(f"{stack.portal}{ROLE}/")                              # the next person starts clean
    assert page.locator(".lp-step.is-done").count() == 0 and page.locator(".lp-whoami").count() == 0


def test_sign_out_without_the_tracker_keeps_unsent_answers_for_the_same_learner_only(stack, contexts):
    page = contexts()
    anouk, link = stack.link(name="Anouk")
    sign_in(page, link)
    module = stack.module_with_check_and_reflection()
    page.goto(f"{stack.portal}{ROLE}/modules/{module}/")
    queue_empty(page)
    page.context.route(f"{stack.tracker}/**", lambda route: route.abort())       # the tracker cannot be reached
    area = page.locator('textarea[name="reflection:0"]')
    area.fill(A_TEXT)
    area.blur()
    page.locator(".lp-done__button").click()
    page.locator(".lp-signout").click()
    note = page.locator(".lp-signedout[role=status]")
    note.wait_for()
    assert "behalve" in note.inner_text() and "weer aanmeldt" in note.inner_text()
    kept = page.evaluate(f"Object.keys(localStorage).filter(k => k.startsWith('leerpad:'))")
    assert kept == [f"leerpad:queue:{ROLE}:{anouk.id}"]                         # only Anouk's own queue
    assert answers_on_module(page) == ("", 0)
    page.context.unroute(f"{stack.tracker}/**")

    bente = sign_in(page, stack.link(name="Bente")[1])                         # Bente's sign-in sends none of it
    page.goto(f"{stack.portal}{ROLE}/modules/{module}/")
    page.wait_for_function(f"() => JSON.parse(localStorage.getItem('leerpad:queue:{ROLE}:{bente['learner']['id']}') || '[]').length === 0")
    assert all(A_TEXT not in json.dumps(s) for s in stack.statements(bente))
    assert A_TEXT in stored(page)                                                # still kept, for Anouk only
    assert [s for s in stack.statements(new_token(stack, anouk)) if s["verb"]["id"] == REFLECTED] == []

    switch(page, stack.link(anouk)[1], "Anouk")                                  # Anouk back: now it is sent, as hers
    queue_empty(page)
    mine = stack.statements(new_token(stack, anouk))
    assert [s["result"]["response"] for s in mine if s["verb"]["id"] == REFLECTED] == [A_TEXT]
    assert [s["object"]["id"] for s in mine if s["verb"]["id"] == COMPLETED] == [f"{stack.root}modules/{module}/"]


def test_a_link_opened_in_a_tab_showing_the_portal_signs_in_at_once(stack, contexts):
    page = contexts()
    page.goto(f"{stack.portal}{ROLE}/")                              # the portal, nobody signed in
    assert page.locator(".lp-signout").is_hidden()
    _, link = stack.link(name="Cas")
    page.evaluate("(link) => { window.sameDocument = true; location.href = link; }", link)   # hashchange only
    page.locator(".lp-whoami").filter(has_text="Aangemeld als Cas").wait_for()
    signed_in_as(page, "Cas")
    assert page.evaluate("window.sameDocument") is True and "code=" not in page.url
    assert page.evaluate(SESSION)["learner"]["name"] == "Cas"


def test_progress_from_before_the_sign_in_is_not_uploaded_when_the_learner_says_it_is_not_theirs(stack, contexts):
    page = contexts()
    module = stack.module_with_check_and_reflection()
    page.goto(f"{stack.portal}{ROLE}/modules/{module}/")           # someone used the tablet without signing in
    answer_module(page, module, "Iemand anders schreef dit.")
    learner, link = stack.link(name="Daan")
    session = sign_in(page, link)
    ask = page.locator(".lp-adopt[role=alert]")
    ask.wait_for()
    assert "Is deze voortgang van jou?" in ask.inner_text()
    queue_empty(page)
    assert [s for s in stack.statements(session) if s["verb"]["id"] != "http://activitystrea.ms/schema/1.0/open"] == []
    ask.get_by_role("button", name="Nee, verwijder het").click()
    page.locator(".lp-overview").wait_for()
    page.wait_for_function(f"() => localStorage.getItem('leerpad:{ROLE}:v1') === null")
    assert page.locator(".lp-adopt").count() == 0
    page.goto(f"{stack.portal}{ROLE}/modules/{module}/")
    assert answers_on_module(page) == ("", 0) and page.locator(".lp-adopt").count() == 0
    queue_empty(page)
    assert [s["verb"]["id"].rsplit("/", 1)[1] for s in stack.statements(session)] == ["open"]


def set_token(stack, token: str, **values: str) -> None:
    from tracker.learners.sign_in import digest
    from tracker.storage.schema import credentials

    with stack.app.extensions["tracker"].engine.begin() as conn:
        conn.execute(update(credentials).where(credentials.c.key == digest(token)).values(**values))


def token_expiry(stack, token: str) -> datetime:
    from tracker.learners.sign_in import digest
    from tracker.services.clock import parse_iso
    from tracker.storage.schema import credentials

    with stack.app.extensions["tracker"].engine.connect() as conn:
        return parse_iso(conn.execute(select(credentials.c.expires_at).where(credentials.c.key == digest(token))).scalar())


def iso(delta: timedelta) -> str:
    from tracker.services.clock import now_iso

    return now_iso(datetime.now(timezone.utc) + delta)


def test_a_token_in_use_is_renewed_and_an_idle_one_asks_for_a_new_link(stack, contexts):
    page = contexts()
    _, link = stack.link(name="Eef")
    session = sign_in(page, link)
    idle = timedelta(seconds=stack.app.config["TRACKER_TOKEN_IDLE"])
    set_token(stack, session["token"], created_at=iso(-idle), expires_at=iso(timedelta(hours=1)))   # last used 11 h ago
    page.goto(f"{stack.portal}{ROLE}/")                              # the page reads progress: the token is used
    assert wait_for(lambda: token_expiry(stack, session["token"]) > datetime.now(timezone.utc) + idle - timedelta(minutes=5))
    assert stack.xapi(session["token"], "statements")[0] == 200

    set_token(stack, session["token"], expires_at=iso(timedelta(minutes=-1)))   # 12 h without use
    page.goto(f"{stack.portal}{ROLE}/")
    alert = page.locator(".lp-signin[role=alert]")
    alert.wait_for()
    assert "verlopen" in alert.inner_text()
    assert token_expiry(stack, session["token"]) < datetime.now(timezone.utc)   # not revived by that use
