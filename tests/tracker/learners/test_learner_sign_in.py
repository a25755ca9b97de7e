"""Personal links and the code exchange: POST /portal/session, single use, expiry, revocation."""
from __future__ import annotations

import threading

from sqlalchemy import update

from learner_samples import new_link, statement
from tracker.learners.sign_in import CodeRefused, digest, exchange_code, issue_link
from tracker.learners.state import learner_state
from tracker.storage.schema import credentials, learner_links

PAST = "2000-01-01T00:00:00.000000Z"


def exchange(client, code: str):
    return client.post("/portal/session", json={"code": code})


def test_exchange_answers_the_contract_shape(app, client, loaded):
    learner, link = new_link(app, "Anna")
    assert link.url == f"http://127.0.0.1:8000/zorg/#code={link.code}"
    answer = exchange(client, link.code)
    body = answer.get_json()
    assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-store"
    assert set(body) == {"token", "token_type", "expires_at", "endpoint", "actor", "registration",
                         "role", "learner"}
    assert body["token_type"] == "Bearer" and body["role"] == "zorg"
    assert body["endpoint"] == "http://localhost/xapi/"
    assert body["actor"] == {"objectType": "Agent",
                             "account": {"homePage": app.config["TRACKER_HOME_PAGE"], "name": learner.id}}
    assert body["learner"] == {"id": learner.id, "name": "Anna"}
    assert body["registration"] == learner.registration and body["expires_at"] > link.expires_at[:4]


def test_token_and_code_are_stored_only_hashed(app, client, loaded):
    _learner, link = new_link(app)
    token = exchange(client, link.code).get_json()["token"]
    with app.extensions["tracker"].engine.connect() as conn:
        dump = "\n".join(str(tuple(r)) for table in (credentials, learner_links)
                         for r in conn.execute(table.select()))
    assert token not in dump and link.code not in dump
    assert digest(token) in dump and digest(link.code) in dump


def test_used_code_is_refused(app, client, loaded):
    _learner, link = new_link(app)
    assert exchange(client, link.code).status_code == 200
    again = exchange(client, link.code)
    assert again.status_code == 401
    assert again.get_json()["error"]["code"] == "used" and "already been used" in again.get_json()["error"]["message"]


def test_expired_code_is_refused(app, client, loaded):
    _learner, link = new_link(app)
    with app.extensions["tracker"].engine.begin() as conn:
        conn.execute(update(learner_links).values(expires_at=PAST))
    answer = exchange(client, link.code)
    assert answer.status_code == 401 and answer.get_json()["error"]["code"] == "expired"


def test_unknown_code_is_refused(client, loaded):
    answer = exchange(client, "not-a-code-anyone-made")
    assert answer.status_code == 401 and answer.get_json()["error"]["code"] == "unknown"


def test_malformed_bodies_get_400(client, loaded):
    assert client.post("/portal/session", data="code=x",
                       content_type="application/x-www-form-urlencoded").status_code == 400
    assert client.post("/portal/session", data="{", content_type="application/json").status_code == 400
    for body in ({}, {"code": 5}, {"code": ""}, ["code"]):
        answer = client.post("/portal/session", json=body)
        assert answer.status_code == 400 and "code" in answer.get_json()["error"]["message"]


def test_new_link_revokes_older_unused_links_but_not_tokens(app, client, loaded):
    learner, first = new_link(app)
    token = exchange(client, first.code).get_json()["token"]
    with app.app_context():
        store = learner_state().learners
        second = issue_link(store, learner, "http://127.0.0.1:8000/", 3600)
        third = issue_link(store, learner, "http://127.0.0.1:8000/", 3600)
    assert (second.revoked_older, third.revoked_older) == (0, 1)  # the first was used, not revoked
    replaced = exchange(client, second.code)
    assert replaced.status_code == 401 and replaced.get_json()["error"]["code"] == "expired"
    assert "newer" in replaced.get_json()["error"]["message"]
    assert exchange(client, third.code).status_code == 200
    headers = {"Authorization": f"Bearer {token}", "X-Experience-API-Version": "1.0.3"}
    assert client.get("/xapi/statements", headers=headers).status_code == 200


def test_concurrent_exchanges_of_one_code_give_exactly_one_token(app, loaded):
    _learner, link = new_link(app)
    results: list[object] = []
    barrier = threading.Barrier(6)

    def attempt():
        with app.app_context():
            barrier.wait()
            try:
                results.append(exchange_code(learner_state().learners, link.code, 3600))
            except CodeRefused as refused:
                results.append(refused.code)

    threads = [threading.Thread(target=attempt) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    sessions = [r for r in results if not isinstance(r, str)]
    assert len(sessions) == 1 and sorted(r for r in results if isinstance(r, str)) == ["used"] * 5
    with app.extensions["tracker"].engine.connect() as conn:
        tokens = conn.execute(credentials.select().where(credentials.c.kind == "learner")).all()
    assert [t.key for t in tokens] == [digest(sessions[0].token)]


def test_revoked_token_gets_401(app, client, sign_in):
    session = sign_in()
    assert client.post("/xapi/statements", json=statement(session["actor"]),
                       headers=session["headers"]).status_code == 200
    with app.app_context():
        assert learner_state().learners.revoke_tokens(session["learner"]["id"], "2026-01-01T00:00:00.000000Z") == 1
    answer = client.get("/xapi/statements", headers=session["headers"])
    assert answer.status_code == 401 and "revoked" in answer.get_json()["error"]["message"]


def test_expired_token_gets_401(app, client, sign_in):
    session = sign_in()
    with app.extensions["tracker"].engine.begin() as conn:
        conn.execute(update(credentials).where(credentials.c.kind == "learner").values(expires_at=PAST))
    answer = client.get("/xapi/statements", headers=session["headers"])
    assert answer.status_code == 401 and "expired" in answer.get_json()["error"]["message"]


def test_unknown_token_gets_401(client, loaded):
    answer = client.get("/xapi/statements", headers={"Authorization": "Bearer made-up",
                                                     "X-Experience-API-Version": "1.0.3"})
    assert answer.status_code == 401 and "unknown token" in answer.get_json()["error"]["message"]


def test_removed_learner_links_and_tokens_stop(app, client, sign_in):
    session = sign_in()
    learner_id = session["learner"]["id"]
    with app.app_context():
        store = learner_state().learners
        link = issue_link(store, store.get(learner_id), "http://127.0.0.1:8000/", 3600)
        assert store.remove(learner_id, "2026-01-01T00:00:00.000000Z") == (1, 1)
    assert exchange(client, link.code).status_code == 401
    assert client.get("/xapi/statements", headers=session["headers"]).status_code == 401


def test_session_answers_cors_preflight_for_allowed_origins(client):
    preflight = client.options("/portal/session", headers={
        "Origin": "https://portal.test", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "https://portal.test"
    assert "POST" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Content-Type" in preflight.headers["Access-Control-Allow-Headers"]
    refused = client.options("/portal/session", headers={"Origin": "https://evil.test",
                                                         "Access-Control-Request-Method": "POST"})
    assert "Access-Control-Allow-Origin" not in refused.headers


def test_session_answer_carries_cors_header(client, loaded):
    answer = client.post("/portal/session", json={"code": "x"}, headers={"Origin": "https://portal.test"})
    assert answer.status_code == 401
    assert answer.headers["Access-Control-Allow-Origin"] == "https://portal.test"


def test_refused_bearer_token_is_challenged_as_bearer(client, loaded):
    answer = client.get("/xapi/statements", headers={"Authorization": "Bearer made-up",
                                                     "X-Experience-API-Version": "1.0.3"})
    assert answer.headers["WWW-Authenticate"].startswith("Bearer ")
    basic = client.get("/xapi/statements", headers={"X-Experience-API-Version": "1.0.3"})
    assert basic.headers["WWW-Authenticate"].startswith("Basic ")
