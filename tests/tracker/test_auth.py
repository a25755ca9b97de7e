"""Basic credentials and scopes on every route (Communication 4)."""
from __future__ import annotations

import json

import pytest

from tracker_samples import basic, make_headers
from tracker.services.credentials import hash_secret, secret_matches
from tracker_samples import ACTIVITY, agent, statement

VERSION = {"X-Experience-API-Version": "1.0.3"}


def test_no_credentials_is_401_with_challenge(client):
    response = client.get("/xapi/statements", headers=VERSION)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Basic")


@pytest.mark.parametrize("authorization", ["Basic !!!", "Bearer abc", "Basic " + "dXNlcg==",
                                           basic("nokey", "nosecret")])
def test_bad_credentials_are_401(client, authorization):
    response = client.get("/xapi/statements", headers={**VERSION, "Authorization": authorization})
    assert response.status_code == 401


def test_wrong_secret_is_401(app, client):
    headers = make_headers(app, "all")
    key = __import__("base64").b64decode(headers["Authorization"][6:]).decode().split(":")[0]
    response = client.get("/xapi/statements", headers={**VERSION, "Authorization": basic(key, "x")})
    assert response.status_code == 401


def test_secret_is_stored_hashed(app):
    headers = make_headers(app, "all")
    key, secret = __import__("base64").b64decode(headers["Authorization"][6:]).decode().split(":")
    with app.app_context():
        stored = app.extensions["tracker"].credentials.by_key(key)
    assert secret not in stored.secret_hash and stored.secret_hash.startswith("scrypt$")
    assert secret_matches(secret, stored.secret_hash) and not secret_matches("other", stored.secret_hash)


def test_hash_is_salted():
    assert hash_secret("same") != hash_secret("same")


def test_write_scope_cannot_read(app, client):
    headers = make_headers(app, "statements/write")
    assert client.post("/xapi/statements", json=statement(), headers=headers).status_code == 200
    assert client.get("/xapi/statements", headers=headers).status_code == 403


def test_read_scope_cannot_write(app, client):
    headers = make_headers(app, "statements/read")
    response = client.post("/xapi/statements", json=statement(), headers=headers)
    assert response.status_code == 403
    assert "statements/write" in response.get_json()["error"]["message"]


def test_all_read_reads_everything_but_writes_nothing(app, client):
    headers = make_headers(app, "all/read")
    assert client.get("/xapi/statements", headers=headers).status_code == 200
    params = {"activityId": ACTIVITY, "agent": json.dumps(agent()), "stateId": "s"}
    assert client.get("/xapi/activities/state", query_string=params, headers=headers).status_code == 404
    assert client.put("/xapi/activities/state", query_string=params, json={},
                      headers=headers).status_code == 403


def test_read_mine_sees_only_own_statements(app, client):
    """Communication 4: statements/read/mine reads only statements stored with its own authority."""
    mine = make_headers(app, "statements/write", "statements/read/mine", name="mine")
    other = make_headers(app, "statements/write", name="other")
    (own,) = client.post("/xapi/statements", json=statement(), headers=mine).get_json()
    (theirs,) = client.post("/xapi/statements", json=statement(), headers=other).get_json()
    found = [s["id"] for s in client.get("/xapi/statements", headers=mine).get_json()["statements"]]
    assert found == [own]
    response = client.get("/xapi/statements", query_string={"statementId": theirs}, headers=mine)
    assert response.status_code == 404


def test_state_scope_only_for_state(app, client):
    headers = make_headers(app, "state")
    params = {"activityId": ACTIVITY, "agent": json.dumps(agent()), "stateId": "s"}
    assert client.put("/xapi/activities/state", query_string=params, json={},
                      headers=headers).status_code == 204
    assert client.put("/xapi/activities/profile", query_string={"activityId": ACTIVITY, "profileId": "p"},
                      json={}, headers=headers).status_code == 403
    assert client.get("/xapi/statements", headers=headers).status_code == 403


def test_revoked_credential_stops_working(app, client, runner):
    headers = make_headers(app, "all")
    key = __import__("base64").b64decode(headers["Authorization"][6:]).decode().split(":")[0]
    assert client.get("/xapi/statements", headers=headers).status_code == 200
    assert runner.invoke(args=["credentials", "revoke", key]).exit_code == 0
    assert client.get("/xapi/statements", headers=headers).status_code == 401


def test_expired_credential_is_401(app, client):
    from tracker.services.credentials import create_credential
    with app.app_context():
        credential, secret = create_credential(app.extensions["tracker"].credentials, "old", ["all"],
                                               "https://x.test", expires_at="2000-01-01T00:00:00.000000Z")
    response = client.get("/xapi/statements",
                          headers={**VERSION, "Authorization": basic(credential.key, secret)})
    assert response.status_code == 401
