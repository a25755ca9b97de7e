"""Tracking end to end: Debian's Chromium at a phone viewport, a portal built with --tracker and
served on one loopback port, the real tracker (Flask app, temporary SQLite) on another port."""

from __future__ import annotations

import json
import urllib.parse

from tracking_stack import (ANSWERED, COMPLETED, OPENED, REFLECTED, ROLE, answer_module, queue_empty,
                            sign_in, wait_for)


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
    step = next(k for k, v in page.evaluate("leerpad.session.tracking().then(() => leerpad.session.config.steps)").items()
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


def test_a_visitor_downloads_no_tracking_script_until_somebody_signs_in(stack, contexts):
    """The xAPI client (the signed-in script) is not part of a visitor's first load; a sign-in
    fetches it, and every later page of a signed-in learner loads it at start."""
    page = contexts()
    scripts: list[str] = []
    page.on("request", lambda request: scripts.append(request.url) if request.resource_type == "script" else None)
    module = stack.module_with_check_and_reflection()
    page.goto(f"{stack.portal}{ROLE}/modules/{module}/")
    page.wait_for_load_state("networkidle")
    assert [u for u in scripts if "/leerpad." in u] and not [u for u in scripts if "/signed-in." in u]
    assert page.evaluate("!window.leerpad.statements && !window.leerpad.Queue")
    _, link = stack.link(name="Hanna")
    session = sign_in(page, link)
    page.wait_for_function("!!(window.leerpad.statements && window.leerpad.sync)")
    assert len([u for u in scripts if "/signed-in." in u]) == 1
    page.goto(f"{stack.portal}{ROLE}/modules/{module}/")     # a signed-in learner's page: "opened" is sent
    module_id = f"{stack.root}modules/{module}/"
    assert wait_for(lambda: [s for s in stack.statements(session)
                             if s["verb"]["id"] == OPENED and s["object"]["id"] == module_id])
