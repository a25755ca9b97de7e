"""A sign-in refused with 429 (too many refused codes from this network) keeps the code, says so,
and signs in by itself once the tracker lets it through again."""
from __future__ import annotations

import json

from tracking_stack import ROLE


def test_a_throttled_sign_in_waits_and_then_signs_in(stack, contexts):
    page = contexts()
    _learner, link = stack.link(name="Wachtende")
    refused = []

    def too_many(route):
        if not refused:
            refused.append(route.request.url)
            route.fulfill(status=429, headers={"Retry-After": "2", "Content-Type": "application/json",
                                               "Access-Control-Allow-Origin": "*",
                                               "Access-Control-Expose-Headers": "Retry-After"},
                          body=json.dumps({"error": {"status": 429, "message": "too many"}}))
        else:
            route.continue_()

    page.route("**/portal/session", too_many)
    page.goto(link)
    notice = page.get_by_text("te veel aanmeldpogingen")
    notice.wait_for()
    assert "over 2 seconden" in notice.inner_text()
    key = f"'leerpad:session:{ROLE}'"
    page.wait_for_function(f"() => (JSON.parse(localStorage.getItem({key}) || 'null') || {{}}).token")
    assert len(refused) == 1 and "code=" not in page.url
