"""The outbox is filled in the transaction that stores a statement, by each upstream's filter."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from tracker.config import ConfigError
from tracker.forwarding.tables import forward_outbox
from tracker.forwarding.upstreams import load_upstreams
from tracker.services.privacy import VISIBILITY
from tracker_samples import make_headers, statement, voiding, with_id

READ = "http://id.tincanapi.com/verb/viewed"


def queued(app) -> list[tuple[str, str, str]]:
    with app.extensions["tracker"].engine.connect() as conn:
        return [(r.upstream, r.statement_id, r.status) for r in conn.execute(
            select(forward_outbox).order_by(forward_outbox.c.id))]


def post(app, body, expect=200):
    answer = app.test_client().post("/xapi/statements", json=body, headers=make_headers(app, "all"))
    assert answer.status_code == expect, answer.get_json()
    return answer.get_json()


def private(**extra) -> dict:
    return with_id(statement(result={"extensions": {VISIBILITY: "private"}}, **extra))


def test_a_stored_statement_is_queued_for_the_upstream(forwarding):
    ids = post(forwarding, [with_id(statement()), with_id(statement(actor="bert"))])
    assert queued(forwarding) == [("main", ids[0], "pending"), ("main", ids[1], "pending")]


def test_private_statements_are_not_queued_by_default(forwarding):
    """Private reflections stay in the tracker unless the upstream sets include_private."""
    ids = post(forwarding, [private(), with_id(statement())])
    assert [q[1] for q in queued(forwarding)] == [ids[1]]


def test_include_private_queues_them(make_app, upstream):
    app = make_app(upstream.endpoint, upstream.key, upstream.secret, include_private=True)
    ids = post(app, [private()])
    assert [q[1] for q in queued(app)] == ids


def test_verb_and_activity_filters(make_app, upstream):
    app = make_app(upstream.endpoint, upstream.key, upstream.secret,
                   verbs=["http://adlnet.gov/expapi/verbs/completed"],
                   activity_prefixes=["https://leerpad.test/modules/"])
    ids = post(app, [with_id(statement()), with_id(statement(verb=READ)),
                     with_id(statement(activity="https://elsewhere.test/x"))])
    assert [q[1] for q in queued(app)] == ids[:1]


def test_a_void_goes_where_its_target_went(make_app, upstream):
    app = make_app(upstream.endpoint, upstream.key, upstream.secret,
                   verbs=["http://adlnet.gov/expapi/verbs/completed"])
    kept, filtered, hidden = post(app, [with_id(statement()), with_id(statement(verb=READ)), private()])
    voids = post(app, [voiding(kept), voiding(filtered), voiding(hidden)])
    unknown = post(app, [voiding("0b7e1d2c-1111-4111-8111-000000000001")])
    assert [q[1] for q in queued(app)] == [kept, voids[0], unknown[0]]


def test_a_refused_batch_queues_nothing(forwarding):
    """All or nothing: the outbox rows roll back with a batch the tracker refuses."""
    good = with_id(statement())
    post(forwarding, good)
    post(forwarding, [with_id(statement()), dict(good, verb={"id": READ})], expect=409)
    assert [q[1] for q in queued(forwarding)] == [good["id"]]


def test_no_config_means_no_outbox(app):
    post(app, [with_id(statement())])
    assert queued(app) == []


@pytest.mark.parametrize("text, expected", [
    ('[[upstream]]\nname = "a"\n', ["endpoint: expected a non-empty string", "username:",
                                    "password: expected a string"]),
    ('[[upstream]]\nname = "A b"\nendpoint = "lrs.test"\nusername = "k"\npassword = "s"\nverbs = "x"\n',
     ["name: expected a-z", "endpoint: expected an http(s) URL", "verbs: expected a list"]),
    ('[[upstream]]\nname = "a"\nendpoint = "https://x.test/"\nusername = "k"\npassword_env = "NOPE_X"\n',
     ["password_env: the variable NOPE_X is not set"]),
    ('[[upstream]]\nname = "a"\nendpoint = "https://x.test/"\nusername = "k"\npassword = "s"\nbatch = 3\n',
     ["batch: unknown field"]),
    ("[[upstream]\n", ["line 1"]),
])
def test_config_errors_name_file_upstream_and_field(tmp_path, text, expected):
    path = tmp_path / "forward.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_upstreams(path, environ={})
    message = str(caught.value)
    assert str(path) in message
    for part in expected:
        assert part in message


def test_config_reads_the_password_from_the_environment(tmp_path):
    path = tmp_path / "forward.toml"
    path.write_text('[[upstream]]\nname = "ll"\nendpoint = "https://ll.test/data/xAPI"\n'
                    'username = "k"\npassword_env = "LL_SECRET"\nactivity_prefixes = ["https://x/"]\n')
    (found,) = load_upstreams(path, environ={"LL_SECRET": "s3"})
    assert (found.endpoint, found.password, found.include_private) == ("https://ll.test/data/xAPI/", "s3", False)
    assert found.wants("v", "https://x/m", False) and not found.wants("v", None, False)
