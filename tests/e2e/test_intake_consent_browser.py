"""Issue 13: intake answers are private by default; the learner's consent box decides whether the coach may
read them. Real Chromium at 390 px, the portal and the real tracker on loopback: the `responded`
statement carries visibility "private" and coach-consent true/false, the latest one counting."""

from __future__ import annotations

from test_intake_sync_browser import responded
from tracking_stack import ROLE, queue_empty, sign_in, wait_for

PROFILE = "https://leerpad.example.org/xapi/profile/extensions/"
VISIBILITY, CONSENT, ANSWERS = PROFILE + "visibility", PROFILE + "coach-consent", PROFILE + "intake-answers"


def latest(stack, session) -> dict:
    return max(responded(stack, session), key=lambda s: s["stored"])["result"]["extensions"]


def test_consent_box_decides_what_the_statement_says(stack, contexts):
    phone = contexts()
    learner, link = stack.link(name="Sanne")
    session = sign_in(phone, link)
    phone.goto(f"{stack.portal}{ROLE}/intake/")
    privacy = phone.locator(".lp-intake__privacy").inner_text()
    assert "op de server van je organisatie" in privacy and "privé" in privacy
    assert "blijven op dit apparaat" not in phone.locator(".lp-intake").inner_text()
    box = phone.get_by_label("Mijn coach mag mijn antwoorden zien")
    assert not box.is_checked()                                              # private by default

    phone.get_by_label("Op een babygroep", exact=True).check()
    phone.get_by_role("button", name="Bewaar mijn antwoorden").click()
    queue_empty(phone)
    first = wait_for(lambda: responded(stack, session))
    ext = first[-1]["result"]["extensions"]
    assert ext[VISIBILITY] == "private" and ext[CONSENT] is False
    assert ext[ANSWERS] == {"werkplek": 0}

    box.check()                                                              # saved on change, no button needed
    wait_for(lambda: len(responded(stack, session)) > len(first))
    queue_empty(phone)
    ext = latest(stack, session)
    assert ext[CONSENT] is True and ext[VISIBILITY] == "private" and ext[ANSWERS] == {"werkplek": 0}

    # Another phone of the same learner shows the box as the latest statement left it.
    other = contexts()
    sign_in(other, stack.link(learner)[1])
    other.goto(f"{stack.portal}{ROLE}/intake/")
    other.wait_for_function("() => document.querySelector('#lp-intake-consent').checked")
    other.get_by_label("Mijn coach mag mijn antwoorden zien").uncheck()
    count = len(responded(stack, session))
    wait_for(lambda: len(responded(stack, session)) > count)
    queue_empty(other)
    assert latest(stack, session)[CONSENT] is False                           # the latest statement wins
