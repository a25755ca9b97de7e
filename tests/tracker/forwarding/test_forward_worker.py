"""The forwarder sends the outbox to a real upstream LRS (a second tracker on loopback)."""
from __future__ import annotations

import hashlib
import json
import socket

from sqlalchemy import select

from tracker.forwarding.tables import forward_outbox, forward_upstreams
from tracker.forwarding.upstreams import Upstream
from tracker.forwarding.worker import backoff
from tracker.xapi.attachments import build_multipart, parse_multipart
from tracker_samples import make_headers, statement, voiding, with_id

CONTENT = "Verslag van de oefening.\n".encode()
SHA2 = hashlib.sha256(CONTENT).hexdigest()


def post(app, body):
    answer = app.test_client().post("/xapi/statements", json=body, headers=make_headers(app, "all"))
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def run(app, *args):
    result = app.test_cli_runner().invoke(args=["forward", *args])
    assert result.exit_code == 0, result.output
    return result.output


def status(app) -> dict:
    return json.loads(run(app, "status", "--json"))[0]


def test_statements_arrive_upstream_once_with_their_ids(forwarding, upstream):
    ids = post(forwarding, [with_id(statement(actor=f"p{i % 3}")) for i in range(7)])
    assert "main: 7 sent, 0 parked" in run(forwarding, "run", "--drain")
    held = upstream.rows(ids)
    assert sorted(held) == sorted(ids)
    bodies = [json.loads(body) for _, body in held.values()]
    assert {b["authority"]["account"]["homePage"] for b in bodies} == {"https://upstream.test.invalid"}
    assert status(forwarding)["sent"] == 7 and status(forwarding)["pending"] == 0
    # A replay queues them again; the upstream recognises its statements by id and stores nothing new.
    assert "0 statement(s)" in run(forwarding, "replay", "--since", "2000-01-01T00:00:00Z",
                                   "--until", "2001-01-01T00:00:00Z")
    assert "7 statement(s)" in run(forwarding, "replay", "--since", "2000-01-01T00:00:00Z")
    run(forwarding, "run", "--drain")
    assert sorted(upstream.rows(ids)) == sorted(ids)


def test_a_void_is_forwarded_as_a_void(forwarding, upstream):
    (target,) = post(forwarding, with_id(statement(actor="vera")))
    (void,) = post(forwarding, voiding(target, actor="vera"))
    run(forwarding, "run", "--drain")
    held = upstream.rows([target, void])
    assert held[target][0] is True and held[void][0] is False
    answer = upstream.app.test_client().get("/xapi/statements", query_string={"statementId": target},
                                            headers=upstream.headers())
    assert answer.status_code == 404


def test_attachments_are_forwarded(forwarding, upstream):
    body = with_id(statement(attachments=[{
        "usageType": "http://id.tincanapi.com/attachment/supporting_media", "display": {"nl-NL": "verslag"},
        "contentType": "text/plain", "length": len(CONTENT), "sha2": SHA2}]))
    payload, content_type = build_multipart(json.dumps(body).encode(), [(SHA2, "text/plain", CONTENT)])
    answer = forwarding.test_client().post("/xapi/statements", data=payload, content_type=content_type,
                                           headers=make_headers(forwarding, "all"))
    assert answer.status_code == 200, answer.get_json()
    run(forwarding, "run", "--drain")
    got = upstream.app.test_client().get("/xapi/statements", headers=upstream.headers(),
                                         query_string={"statementId": body["id"], "attachments": "true"})
    parsed, parts = parse_multipart(got.data, got.content_type)
    assert parsed["id"] == body["id"] and parts[SHA2] == ("text/plain", CONTENT)


def test_a_refused_statement_is_parked_with_the_reason(forwarding, upstream):
    """A 409 from upstream (a different statement with that id there) parks that statement only."""
    clash, fine = with_id(statement(actor="kees")), with_id(statement(actor="kees"))
    taken = upstream.app.test_client().put("/xapi/statements", query_string={"statementId": clash["id"]},
                                           json=dict(clash, verb={"id": "http://x.test/other"}),
                                           headers=upstream.headers())
    assert taken.status_code == 204
    post(forwarding, [clash, fine])
    assert "main: 1 sent, 1 parked" in run(forwarding, "run", "--drain")
    report = status(forwarding)
    assert (report["parked"], report["sent"]) == (1, 1)
    assert report["parked_statements"][0]["statement_id"] == clash["id"]
    assert "409" in report["parked_statements"][0]["reason"]
    assert clash["id"] in run(forwarding, "status")
    assert "1 parked statement(s) queued again" in run(forwarding, "retry")
    assert status(forwarding)["pending"] == 1


def test_an_identical_statement_already_upstream_counts_as_sent(forwarding, upstream):
    body = with_id(statement(actor="lies"))
    upstream.app.test_client().post("/xapi/statements", json=body, headers=upstream.headers())
    post(forwarding, body)
    assert "main: 1 sent, 0 parked" in run(forwarding, "run", "--drain")


def test_wrong_credentials_back_off_instead_of_parking(make_app, upstream):
    app = make_app(upstream.endpoint, upstream.key, "wrong")
    post(app, with_id(statement()))
    run(app, "run", "--drain")
    report = status(app)
    assert (report["pending"], report["parked"], report["failures"]) == (1, 0, 1)
    assert "401" in report["last_error"] and report["next_attempt_at"]


def test_a_down_upstream_backs_off_and_keeps_the_outbox(make_app):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    app = make_app(f"http://127.0.0.1:{port}/xapi/", "k", "s")
    post(app, [with_id(statement()), with_id(statement())])
    for _ in range(3):
        run(app, "run", "--drain")
        with app.extensions["tracker"].engine.begin() as conn:  # skip the wait
            conn.execute(forward_upstreams.update().values(next_attempt_at=None))
    report = status(app)
    assert (report["pending"], report["failures"]) == (2, 3)
    assert "no answer" in report["last_error"]
    with app.extensions["tracker"].engine.connect() as conn:
        assert set(conn.execute(select(forward_outbox.c.attempts)).scalars()) == {3}


def test_backoff_doubles_with_jitter_up_to_the_cap():
    upstream = Upstream("u", "https://u.test/", "k", "s", backoff_initial=1, backoff_max=60)
    for failures, low, high in ((1, 0.5, 1), (2, 1, 2), (4, 4, 8), (10, 30, 60)):
        delays = {backoff(upstream, failures) for _ in range(50)}
        assert all(low <= d <= high for d in delays) and len(delays) > 1


def test_status_without_upstreams(app):
    result = app.test_cli_runner().invoke(args=["forward", "run", "--drain"])
    assert result.exit_code != 0 and "TRACKER_FORWARD_CONFIG" in result.output
