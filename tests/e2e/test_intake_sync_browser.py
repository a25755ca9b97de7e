"""Issue 4: intake answers follow the learner to another device through the tracker's State resource.
Real Chromium at a phone viewport, the portal and the real tracker on two loopback ports."""

from __future__ import annotations

import json
import urllib.parse

from test_tracking_sync_browser import by_verb, link_to
from tracking_stack import ROLE, queue_empty, sign_in, wait_for

RESPONDED = "http://adlnet.gov/expapi/verbs/responded"
ANSWERS = ("Ik heb al meer dan een jaar op een groep gewerkt",       # no first options: indexes matter
           "Ja, het is nog minstens een half jaar geldig",
           "Spannend, ik weet niet goed hoe ik moet beginnen")
MARKS = """() => Object.fromEntries(['is-recommended', 'is-mastered'].map(c => [c,
    [...document.querySelectorAll('.lp-overview li.lp-step.' + c)].map(li => li.dataset.stepId).sort()]))"""
CHOSEN = """() => Object.fromEntries([...document.querySelectorAll('.lp-intake__form input[type=radio]:checked')]
    .map(i => [i.name, Number(i.value)]))"""


def intake_state(stack, session: dict) -> tuple[int, object]:
    """The learner's intake State document, read from the tracker with the learner's own token."""
    query = urllib.parse.urlencode({"activityId": stack.root, "agent": json.dumps(session["actor"]),
                                    "stateId": "intake", "registration": session["registration"]})
    return stack.xapi(session["token"], "activities/state?" + query)


def responded(stack, session: dict) -> list[dict]:
    return by_verb(stack.statements(session), RESPONDED)


def test_intake_answers_follow_the_learner_to_a_second_device(stack, contexts):
    first = contexts()
    learner, link = stack.link(name="Noor")
    session = sign_in(first, link)
    assert intake_state(stack, session)[0] == 404                     # nothing answered yet
    first.goto(f"{stack.portal}{ROLE}/intake/")
    for label in ANSWERS:
        first.get_by_label(label, exact=True).check()
    first.get_by_role("button", name="Bewaar mijn antwoorden").click()
    chosen = first.evaluate(CHOSEN)
    assert len(chosen) == 3 and sorted(chosen.values()) != [0, 0, 0]
    first.get_by_role("link", name="Naar mijn overzicht").click()
    first.wait_for_url(f"{stack.portal}{ROLE}/")
    marks = first.evaluate(MARKS)
    assert "kinder-ehbo" in marks["is-mastered"] and "welkom-op-de-groep" in marks["is-mastered"]
    assert "groepsprocessen-begeleiden" in marks["is-recommended"]
    queue_empty(first)

    status, state = wait_for(lambda: (lambda r: r if r[0] == 200 else None)(intake_state(stack, session)))
    assert status == 200 and state == chosen                          # the State document the issue asks for
    sent = wait_for(lambda: responded(stack, session))
    assert sent and sent[-1]["result"]["extensions"]
    before = len(sent)

    # A second phone, a new personal link on the overview: the same marks once sync has read the tracker.
    second = contexts()
    second_session = sign_in(second, stack.link(learner)[1])
    assert second_session["registration"] == session["registration"]
    second.wait_for_function(f"(want) => JSON.stringify(({MARKS})()) === JSON.stringify(want)", arg=marks)
    assert "al beheerst" in second.locator(".lp-intake-cta__text").inner_text()
    second.goto(f"{stack.portal}{ROLE}/intake/")
    assert second.evaluate(CHOSEN) == chosen

    # A third phone opens its link on the intake page itself: the answers appear on the page in view.
    third = contexts()
    third.goto(link_to(stack.link(learner)[1], "intake/"))
    third.wait_for_function(f"() => Object.keys(({CHOSEN})()).length === {len(chosen)}")
    assert third.evaluate(CHOSEN) == chosen
    queue_empty(second)
    queue_empty(third)
    assert len(responded(stack, session)) == before                  # nobody answered again
    assert intake_state(stack, session) == (200, chosen)
