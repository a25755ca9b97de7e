"""Personal links and the code exchange: POST /portal/session, single use, expiry, revocation,
sign-out (DELETE /portal/session) and the sliding token life (TRACKER_TOKEN_IDLE)."""
from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

from sqlalchemy import select, update

from learner_samples import new_link, statement
from tracker.learners.sign_in import CodeRefused, TokenLife, digest, exchange_code, issue_link
from tracker.services.clock import now_iso, parse_iso
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
    assert set(body) == {"token", "token_type", "expires_at", "renewable_until", "endpoint", "actor",
                         "registration", "role", "learner"}
    assert body["token_type"] == "Bearer" and body["role"] == "zorg"
    assert body["endpoint"] == "http://localhost/xapi/"
    assert body["actor"] == {"objectType": "Agent",
                             "account": {"homePage": app.config["TRACKER_HOME_PAGE"], "name": learner.id}}
    assert body["learner"] == {"id": learner.id, "name": "Anna"}
    assert body["registration"] == learner.registration and body["expires_at"] > link.expires_at[:4]
    signed_in = datetime.now(timezone.utc)
    idle, ttl = (timedelta(seconds=app.config[k]) for k in ("TRACKER_TOKEN_IDLE", "TRACKER_TOKEN_TTL"))
    assert abs(parse_iso(body["expires_at"]) - (signed_in + idle)) < timedelta(minutes=1)       # 12 h
    assert abs(parse_iso(body["renewable_until"]) - (signed_in + ttl)) < timedelta(minutes=1)   # 30 d


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
                results.append(exchange_code(learner_state().learners, link.code, TokenLife(3600, 3600)))
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


def sign_out(client, headers: dict, origin: str | None = None):
    extra = {"Origin": origin} if origin else {}
    return client.delete("/portal/session", headers={"Authorization": headers["Authorization"], **extra})


def test_sign_out_ends_the_token_at_once(client, sign_in):
    session = sign_in()
    other = sign_in("Bram")
    assert client.get("/xapi/statements", headers=session["headers"]).status_code == 200
    answer = sign_out(client, session["headers"], origin="https://portal.test")
    assert answer.status_code == 204 and answer.headers["Cache-Control"] == "no-store"
    assert answer.headers["Access-Control-Allow-Origin"] == "https://portal.test"
    refused = client.get("/xapi/statements", headers=session["headers"])
    assert refused.status_code == 401 and "revoked" in refused.get_json()["error"]["message"]
    assert client.get("/xapi/statements", headers=other["headers"]).status_code == 200   # only this token
    assert sign_out(client, session["headers"]).status_code == 204                         # idempotent


def test_sign_out_needs_a_known_bearer_token(client, loaded):
    assert client.delete("/portal/session").status_code == 401
    unknown = client.delete("/portal/session", headers={"Authorization": "Bearer made-up"})
    assert unknown.status_code == 401 and "unknown token" in unknown.get_json()["error"]["message"]
    basic = client.delete("/portal/session", headers={"Authorization": "Basic eDp5"})
    assert basic.status_code == 401 and "Bearer" in basic.get_json()["error"]["message"]


def test_sign_out_answers_the_cors_preflight(client):
    preflight = client.options("/portal/session", headers={
        "Origin": "https://portal.test", "Access-Control-Request-Method": "DELETE",
        "Access-Control-Request-Headers": "authorization"})
    assert preflight.status_code == 200
    assert "DELETE" in preflight.headers["Allow"] and "DELETE" in preflight.headers["Access-Control-Allow-Methods"]
    assert "Authorization" in preflight.headers["Access-Control-Allow-Headers"]


def stored_expiry(app, token: str) -> str:
    with app.extensions["tracker"].engine.connect() as conn:
        return conn.execute(select(credentials.c.expires_at).where(credentials.c.key == digest(token))).scalar()


def set_token_times(app, token: str, **values: str) -> None:
    with app.extensions["tracker"].engine.begin() as conn:
        conn.execute(update(credentials).where(credentials.c.key == digest(token)).values(**values))


def ago(**delta) -> str:
    return now_iso(datetime.now(timezone.utc) - timedelta(**delta))


def test_a_token_in_use_is_renewed_up_to_the_ttl(app, client, sign_in):
    session = sign_in()
    token, idle = session["token"], app.config["TRACKER_TOKEN_IDLE"]
    first = stored_expiry(app, token)
    assert client.get("/xapi/statements", headers=session["headers"]).status_code == 200
    assert stored_expiry(app, token) == first               # just signed in: no write per request
    set_token_times(app, token, created_at=ago(hours=2), expires_at=now_iso(
        datetime.now(timezone.utc) + timedelta(seconds=idle) - timedelta(hours=2)))   # last used 2 h ago
    assert client.get("/xapi/statements", headers=session["headers"]).status_code == 200
    renewed = parse_iso(stored_expiry(app, token))
    assert abs(renewed - (datetime.now(timezone.utc) + timedelta(seconds=idle))) < timedelta(minutes=1)
    ttl = app.config["TRACKER_TOKEN_TTL"]
    set_token_times(app, token, created_at=ago(seconds=ttl - 3600), expires_at=ago(seconds=-60))
    assert client.get("/xapi/statements", headers=session["headers"]).status_code == 200
    capped = parse_iso(stored_expiry(app, token))                      # one hour left of the TTL
    assert abs(capped - (datetime.now(timezone.utc) + timedelta(hours=1))) < timedelta(minutes=1)


def test_an_idle_token_expires_and_is_not_revived(app, client, sign_in):
    session = sign_in()
    set_token_times(app, session["token"], created_at=ago(hours=13), expires_at=ago(hours=1))
    answer = client.get("/xapi/statements", headers=session["headers"])
    assert answer.status_code == 401 and "expired" in answer.get_json()["error"]["message"]
    assert stored_expiry(app, session["token"]) < now_iso()


def test_revoke_still_ends_a_renewed_token_at_once(app, client, sign_in):
    session = sign_in()
    set_token_times(app, session["token"], created_at=ago(hours=3), expires_at=ago(hours=-9))
    assert client.get("/xapi/statements", headers=session["headers"]).status_code == 200
    with app.app_context():
        assert learner_state().learners.revoke_tokens(session["learner"]["id"], now_iso()) == 1
    answer = client.get("/xapi/statements", headers=session["headers"])
    assert answer.status_code == 401 and "revoked" in answer.get_json()["error"]["message"]


def test_a_token_from_before_the_idle_limit_is_shortened_on_use(app, client, sign_in):
    """Tokens made with a 30-day life before TRACKER_TOKEN_IDLE existed get the sliding expiry too."""
    session = sign_in()
    set_token_times(app, session["token"], expires_at=now_iso(datetime.now(timezone.utc) + timedelta(days=29)))
    assert client.get("/xapi/statements", headers=session["headers"]).status_code == 200
    idle = timedelta(seconds=app.config["TRACKER_TOKEN_IDLE"])
    assert parse_iso(stored_expiry(app, session["token"])) < datetime.now(timezone.utc) + idle + timedelta(minutes=1)
