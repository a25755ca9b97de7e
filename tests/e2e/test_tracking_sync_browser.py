"""What a learner notices of sync, refusals, early progress and leaving a page: real Chromium at a
phone viewport, the portal and the real tracker on two loopback ports (cross-origin)."""

from __future__ import annotations

import json
import socket
import urllib.parse
import urllib.request

from tracking_stack import (ANSWERED, COMPLETED, OPENED, REFLECTED, ROLE, answer_module, queue_empty,
                            sign_in, wait_for)


def link_to(link: str, page: str) -> str:
    """The personal link opened on another page of the portal (the code works on every page)."""
    return link.replace(f"/{ROLE}/#code=", f"/{ROLE}/{page}#code=")


def prepared_step(stack) -> tuple[str, str]:
    """(step id, its first preparation question's activity id) of a training/coaching/intervisie step."""
    activity = next(a["id"] for a in stack.manifest["activities"] if "#voorbereiding-1" in a["id"])
    return activity[len(stack.root) + len("stappen/"):].split("/")[0], activity


def by_verb(statements: list[dict], verb: str) -> list[dict]:
    return [s for s in statements if s["verb"]["id"] == verb]


def test_a_second_device_shows_answers_on_the_page_in_view_when_sync_returns(stack, contexts):
    first = contexts()
    learner, link = stack.link(name="Hanna")
    session = sign_in(first, link)
    module = stack.module_with_check_and_reflection()
    step, prep_id = prepared_step(stack)
    first.goto(f"{stack.portal}{ROLE}/modules/{module}/")
    answer_module(first, module, "Ik geef kinderen meer tijd.")
    first.goto(f"{stack.portal}{ROLE}/stappen/{step}/")
    area = first.locator('textarea[name="preparation:0"]')
    area.fill("Mijn certificaat verloopt in mei.")
    area.blur()
    assert "op dit apparaat" not in first.locator(".lp-answers").inner_text()   # truthful with a tracker
    prepared = wait_for(lambda: [s for s in by_verb(stack.statements(session), ANSWERED) if s["object"]["id"] == prep_id])
    assert len(prepared) == 1
    assert prepared[0]["result"]["response"] == "Mijn certificaat verloopt in mei."
    assert prepared[0]["context"]["contextActivities"]["grouping"][0]["id"] == f"{stack.root}stappen/{step}/"
    queue_empty(first)

    # A second phone opens a personal link on the module page: the tracker's answers fill the page in view.
    second = contexts()
    second.goto(link_to(stack.link(learner)[1], f"modules/{module}/"))
    questions = second.locator(".lp-question").count()
    second.wait_for_function(f"document.querySelectorAll('.lp-question.is-correct, .lp-question.is-incorrect').length === {questions}")
    assert all(f.locator("input").first.is_checked() for f in second.locator(".lp-question").all())
    second.wait_for_function("document.querySelector('textarea[name=\"reflection:0\"]').value === 'Ik geef kinderen meer tijd.'")
    assert second.locator(".lp-done__button").get_attribute("aria-pressed") == "true"

    third = contexts()
    third.goto(link_to(stack.link(learner)[1], f"stappen/{step}/"))
    third.wait_for_function("document.querySelector('textarea[name=\"preparation:0\"]').value === 'Mijn certificaat verloopt in mei.'")


def test_refused_statements_show_a_notice_to_retry_or_hide(stack, contexts, tmp_path):
    page = contexts()
    _, link = stack.link(name="Ilse")
    session = sign_in(page, link)
    step, _ = prepared_step(stack)
    step_id = f"{stack.root}stappen/{step}/"
    broken = dict(stack.manifest, activities=[a for a in stack.manifest["activities"] if not a["id"].startswith(step_id)])
    (tmp_path / "broken.json").write_text(json.dumps(broken), encoding="utf-8")
    (tmp_path / "good.json").write_text(json.dumps(stack.manifest), encoding="utf-8")
    stack.cli("portals", "load", str(tmp_path / "broken.json"))      # the tracker no longer knows the step
    try:
        page.goto(f"{stack.portal}{ROLE}/stappen/{step}/")              # "opened" is refused (403)
        notice = page.locator(".lp-refused")
        notice.wait_for()
        assert notice.get_attribute("role") == "alert"
        assert "Niet alles is opgeslagen" in notice.inner_text() and "learner token" in notice.inner_text()
        page.goto(f"{stack.portal}{ROLE}/")                             # still told on the next page
        notice.wait_for()
        notice.get_by_role("button", name="Verbergen").click()
        assert notice.count() == 0
        assert page.evaluate("document.activeElement.tagName") == "H1"   # focus stays on the page
        page.reload()
        page.locator(".lp-overview").wait_for()
        assert notice.count() == 0

        page.goto(f"{stack.portal}{ROLE}/stappen/{step}/")              # refused again: a new notice
        notice.wait_for()
        stack.cli("portals", "load", str(tmp_path / "good.json"))
        notice.get_by_role("button", name="Opnieuw proberen").click()
        page.wait_for_selector(".lp-refused", state="detached")
        assert [s["verb"]["id"] for s in stack.statements(session) if s["object"]["id"] == step_id] == [OPENED]
    finally:
        stack.cli("portals", "load", str(tmp_path / "good.json"))


def test_progress_before_the_first_sign_in_is_uploaded_once(stack, contexts):
    page = contexts()
    module = stack.module_with_check_and_reflection()
    module_id = f"{stack.root}modules/{module}/"
    page.goto(f"{stack.portal}{ROLE}/modules/{module}/")                # not signed in yet
    answer_module(page, module, "Dit deed ik voor het aanmelden.")
    questions = page.locator(".lp-question").count()
    learner, link = stack.link(name="Jens")
    session = sign_in(page, link)
    ask = page.locator(".lp-adopt")                                   # only after the learner says it is theirs
    ask.wait_for()
    assert "Is deze voortgang van jou?" in ask.inner_text()
    ask.get_by_role("button", name="Ja, dit is van mij").click()
    page.locator(".lp-adopted[role=status]").wait_for()
    assert "toegevoegd" in page.locator(".lp-adopted").inner_text()
    page.wait_for_selector(f'li.lp-step[data-step-id="{module}"].is-done')
    queue_empty(page)
    assert page.evaluate(f"localStorage.getItem('leerpad:{ROLE}:v1')") is None

    def mine() -> list[dict]:
        return [s for s in stack.statements(session) if s["object"]["id"].startswith(module_id)]

    first = mine()
    assert [s["object"]["id"] for s in by_verb(first, COMPLETED)] == [module_id]
    assert len(by_verb(first, ANSWERED)) == questions
    assert [s["result"]["response"] for s in by_verb(first, REFLECTED)] == ["Dit deed ik voor het aanmelden."]
    assert page.locator(".lp-adopted").get_by_role("button", name="Sluiten").count() == 1

    page.goto(f"{stack.portal}{ROLE}/modules/{module}/")
    sign_in(page, stack.link(learner)[1])                             # signing in again uploads nothing
    queue_empty(page)
    assert page.locator(".lp-adopted").count() == 0
    again = [s for s in mine() if s["verb"]["id"] != OPENED]
    assert sorted(s["id"] for s in again) == sorted(s["id"] for s in first)


def test_statements_queued_just_before_leaving_arrive_cross_origin(stack, contexts):
    """The pagehide send goes to the tracker's origin as a CORS "simple" form POST (xAPI's alternate
    syntax: no preflight needed while the page leaves) that the tracker accepts. Headless Chromium
    drops about one beacon in five on a fast navigation, so the statement also stays queued and
    arrives on the next visit: exactly once either way."""
    page = contexts()
    _, link = stack.link(name="Karin")
    session = sign_in(page, link)
    assert stack.portal.split(":")[2] != stack.tracker.split(":")[2]
    module = stack.module_with_check_and_reflection()
    page.goto(f"{stack.portal}{ROLE}/modules/{module}/")
    queue_empty(page)
    page.evaluate("""() => { const send = navigator.sendBeacon.bind(navigator);   // observed, then sent as is
        navigator.sendBeacon = (url, body) => { localStorage.setItem("beacon", JSON.stringify([url, String(body)]));
                                                return send(url, body); }; }""")
    area = page.locator('textarea[name="reflection:0"]')
    area.fill("Net voor het weggaan.")
    area.blur()                                # sent 2 s after typing stops, or on pagehide
    page.goto(stack.portal)                    # the role chooser: a page without scripts, no later flush
    url, body = json.loads(page.evaluate("localStorage.getItem('beacon')") or '[null, ""]')
    assert url == stack.tracker + "/xapi/statements?method=POST", url          # the tracker's origin
    form = {k: v[0] for k, v in urllib.parse.parse_qs(body).items()}          # a form: no preflight
    assert form["Authorization"] == f"Bearer {session['token']}"
    assert [s["result"]["response"] for s in json.loads(form["content"])] == ["Net voor het weggaan."]
    replay = urllib.request.Request(url, data=body.encode(), method="POST",
                                    headers={"Content-Type": "application/x-www-form-urlencoded"})
    with urllib.request.urlopen(replay) as answer:                    # the tracker takes it (again)
        assert answer.status == 200

    def reflected() -> list[dict]:
        return [s for s in by_verb(stack.statements(session), REFLECTED) if s["result"]["response"] == "Net voor het weggaan."]

    page.goto(f"{stack.portal}{ROLE}/")       # the next visit confirms what waited
    queue_empty(page)
    assert len(reflected()) == 1


def test_an_unreachable_tracker_costs_no_script_errors(stack, contexts):
    page = contexts()
    _, link = stack.link(name="Lotte")
    sign_in(page, link)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    page.evaluate(f"""() => {{ const k = 'leerpad:session:{ROLE}', s = JSON.parse(localStorage.getItem(k));
        s.endpoint = 'http://127.0.0.1:{closed}/xapi/'; localStorage.setItem(k, JSON.stringify(s)); }}""")
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    module = stack.module_with_check_and_reflection()
    page.goto(f"{stack.portal}{ROLE}/modules/{module}/")
    page.locator(".lp-done__button").click()
    assert page.locator(".lp-done__button").get_attribute("aria-pressed") == "true"
    page.goto(f"{stack.portal}{ROLE}/")
    page.wait_for_selector(f'li.lp-step[data-step-id="{module}"].is-done')
    assert page.locator(".lp-notice").count() == 0
    assert all("ERR_CONNECTION_REFUSED" in text for text in console), console    # only the browser's own network lines
    pending = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('leerpad:queue:') && !k.endsWith(':dead'))"
                            ".map(k => JSON.parse(localStorage.getItem(k)).length).reduce((a, b) => a + b, 0)")
    assert pending >= 2                        # opened + completed wait for the tracker
