"""Failed authentication is throttled per key and per client address with 429 + Retry-After (issue 11),
before the scrypt check, with counters in the database that every worker shares."""
from __future__ import annotations

import time
import urllib.error
import urllib.request

import pytest

from tracker import create_app
from tracker_samples import HOME, basic, make_headers

VERSION = {"X-Experience-API-Version": "1.0.3"}


def key_of(headers: dict) -> str:
    import base64

    return base64.b64decode(headers["Authorization"][6:]).decode().split(":")[0]


def get(client, authorization: str):
    return client.get("/xapi/statements", headers={"Authorization": authorization, **VERSION})


def another_worker(app):
    """A second app on the same database: a gunicorn worker with its own caches."""
    config = {k: app.config[k] for k in app.config if k.startswith("TRACKER_")}
    other = create_app({**config, "TESTING": True})
    return other


def test_wrong_secrets_for_one_key_get_429_with_retry_after(app, client):
    good = make_headers(app, "all")
    key = key_of(good)
    answers = [get(client, basic(key, f"wrong-{i}")).status_code for i in range(12)]
    assert answers == [401] * 10 + [429] * 2
    refused = get(client, basic(key, "wrong-again"))
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    assert "too many failed attempts for this credential" in refused.get_json()["error"]["message"]
    assert refused.headers["Content-Type"] == "application/json"


def test_a_worker_that_never_verified_the_secret_refuses_it_too(app, client):
    good = make_headers(app, "all")
    assert get(client, good["Authorization"]).status_code == 200  # verified in this worker
    for i in range(10):
        get(client, basic(key_of(good), f"wrong-{i}"))
    assert get(client, good["Authorization"]).status_code == 200  # known here: no lockout
    other = another_worker(app)
    assert get(other.test_client(), good["Authorization"]).status_code == 429
    other.extensions["tracker"].engine.dispose()


def test_many_keys_from_one_address_get_429(app, client):
    answers = [get(client, basic(f"key-{i}", "x")).status_code for i in range(32)]
    assert answers == [401] * 30 + [429] * 2
    bearer = client.get("/xapi/statements", headers={"Authorization": "Bearer nope", **VERSION})
    assert bearer.status_code == 429
    elsewhere = client.get("/xapi/statements", headers={"Authorization": basic("key-0", "x"), **VERSION},
                           environ_base={"REMOTE_ADDR": "10.0.0.7"})
    assert elsewhere.status_code == 401


def test_behind_a_proxy_the_forwarded_address_counts(app, client):
    app.config["TRACKER_THROTTLE_PROXIES"] = 1

    def wrong(address: str, i: int):
        return client.get("/xapi/statements", headers={"Authorization": basic(f"k{i}", "x"), **VERSION,
                                                       "X-Forwarded-For": f"spoofed, {address}"})
    assert [wrong("192.0.2.1", i).status_code for i in range(31)] == [401] * 30 + [429]
    assert wrong("192.0.2.2", 99).status_code == 401


def test_a_valid_learner_token_passes_while_its_address_is_throttled(app, client, sign_in):
    anna = sign_in()
    for i in range(30):
        get(client, f"Bearer wrong-{i}")
    assert get(client, "Bearer wrong-again").status_code == 429
    assert client.get("/xapi/statements", headers=anna["headers"]).status_code == 200


def test_the_window_ends(database, tmp_path):
    url, schema = database
    app = create_app({"TESTING": True, "TRACKER_DATABASE_URL": url, "TRACKER_DATABASE_SCHEMA": schema,
                      "TRACKER_AUTO_MIGRATE": False, "TRACKER_SECRET_KEY": "x", "TRACKER_HOME_PAGE": HOME,
                      "TRACKER_AUTH_FAILURES_PER_KEY": 2, "TRACKER_AUTH_FAILURE_WINDOW": 1.0})
    client = app.test_client()
    good = make_headers(app, "all")
    assert [get(client, basic(key_of(good), "bad")).status_code for _ in range(3)] == [401, 401, 429]
    time.sleep(1.1)
    assert get(client, good["Authorization"]).status_code == 200
    app.extensions["tracker"].engine.dispose()


def test_the_counters_are_shared_by_gunicorn_workers(live):
    from live_gunicorn import make_credential

    good = make_credential(live.url, name="throttled")
    key = key_of({"Authorization": good})
    statuses = []
    for i in range(16):
        request = urllib.request.Request(f"{live.base}/xapi/statements",
                                         headers={"Authorization": basic(key, f"w{i}"), **VERSION})
        try:
            urllib.request.urlopen(request, timeout=10)
        except urllib.error.HTTPError as error:
            statuses.append(error.code)
            if error.code == 429:
                assert error.headers["Retry-After"]
    assert statuses == [401] * 10 + [429] * 6
