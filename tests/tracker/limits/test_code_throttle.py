"""Failed sign-in code exchanges (POST /portal/session) are failed authentication: throttled per client
address with 429 + Retry-After (issue 11), so a flood of wrong codes cannot be used to guess codes."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import time_machine

from learner_samples import new_link

ATTACKER = {"REMOTE_ADDR": "198.51.100.7"}
LOCATION = {"REMOTE_ADDR": "198.51.100.20"}


def exchange(client, code: str, address: dict):
    return client.post("/portal/session", json={"code": code}, environ_base=address)


def test_wrong_codes_from_one_address_get_429_then_the_window_lets_them_through(app, client, loaded):
    limit = app.config["TRACKER_AUTH_FAILURES_PER_ADDRESS"]
    answers = [exchange(client, f"guess-{i}", ATTACKER).status_code for i in range(limit + 2)]
    assert answers == [401] * limit + [429] * 2

    _anna, link = new_link(app, "Anna")
    refused = exchange(client, link.code, ATTACKER)  # a right code too: the answer must tell nothing
    assert refused.status_code == 429
    assert 1 <= int(refused.headers["Retry-After"]) <= app.config["TRACKER_AUTH_FAILURE_WINDOW"]
    assert refused.headers["Content-Type"] == "application/json"
    assert refused.headers["Cache-Control"] == "no-store"
    error = refused.get_json()["error"]
    assert error["status"] == 429 and "too many failed sign-in codes from this address" in error["message"]

    _bram, other = new_link(app, "Bram")
    assert exchange(client, other.code, LOCATION).status_code == 200  # another address still signs in

    later = datetime.now(timezone.utc) + timedelta(seconds=app.config["TRACKER_AUTH_FAILURE_WINDOW"] + 1)
    with time_machine.travel(later, tick=True):
        signed_in = exchange(client, link.code, ATTACKER)
        assert signed_in.status_code == 200, signed_in.get_json()
        assert exchange(client, "guess-after", ATTACKER).status_code == 401


def test_successful_exchanges_are_never_counted(app, client, loaded):
    limit = app.config["TRACKER_AUTH_FAILURES_PER_ADDRESS"]
    for i in range(limit + 3):  # a location's tablets behind one router, all signing in
        _learner, link = new_link(app, f"Learner {i}")
        assert exchange(client, link.code, LOCATION).status_code == 200
    assert exchange(client, "guess", LOCATION).status_code == 401


def test_a_used_code_counts_as_a_failure(app, client, loaded):
    app.config["TRACKER_AUTH_FAILURES_PER_ADDRESS"] = 2
    _anna, link = new_link(app, "Anna")
    answers = [exchange(client, link.code, ATTACKER).status_code for _ in range(4)]
    assert answers == [200, 401, 401, 429]


def test_wrong_codes_and_wrong_secrets_count_apart(app, client, loaded):
    """A location's stale tokens must not block its sign-ins, nor wrong codes its other requests."""
    app.config["TRACKER_AUTH_FAILURES_PER_ADDRESS"] = 2
    headers = {"X-Experience-API-Version": "1.0.3"}
    for i in range(3):
        client.get("/xapi/statements", headers={"Authorization": f"Bearer stale-{i}", **headers},
                   environ_base=LOCATION)
    _anna, link = new_link(app, "Anna")
    assert exchange(client, link.code, LOCATION).status_code == 200
    assert [exchange(client, f"guess-{i}", ATTACKER).status_code for i in range(3)] == [401, 401, 429]
    wrong_token = client.get("/xapi/statements", headers={"Authorization": "Bearer x", **headers},
                             environ_base=ATTACKER)
    assert wrong_token.status_code == 401
