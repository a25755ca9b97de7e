"""Quotas per learner token (issue 11, docs/learners.md "Quotas"): 413 for sizes and counts, 429 with
Retry-After for statements per minute; nothing of a refused request is stored."""
from __future__ import annotations

import json
import uuid

from learner_samples import MODULE, statement

XAPI = "/xapi/statements"
STATE = "/xapi/activities/state"


def state(client, anna, state_id: str, data: bytes, method: str = "PUT"):
    params = {"activityId": MODULE, "agent": json.dumps(anna["actor"]), "stateId": state_id}
    return client.open(STATE, method=method, query_string=params, data=data,
                       content_type="application/json", headers=anna["headers"])


def test_a_long_response_is_a_413(app, client, sign_in):
    app.config["TRACKER_LEARNER_RESPONSE_CHARS"] = 100
    anna = sign_in()
    body = statement(anna["actor"], id=str(uuid.uuid4()), result={"response": "x" * 101})
    answer = client.post(XAPI, json=body, headers=anna["headers"])
    assert answer.status_code == 413, answer.get_json()
    assert "result.response: 101 characters" in answer.get_json()["error"]["message"]
    assert client.get(XAPI, query_string={"statementId": body["id"]}, headers=anna["headers"]).status_code == 404
    body["result"]["response"] = "x" * 100
    assert client.post(XAPI, json=body, headers=anna["headers"]).status_code == 200


def test_a_large_statement_is_a_413(app, client, sign_in):
    app.config["TRACKER_LEARNER_STATEMENT_BYTES"] = 2000
    anna = sign_in()
    body = statement(anna["actor"], result={"extensions": {"https://x.test/e": "y" * 2000}})
    answer = client.post(XAPI, json=[statement(anna["actor"]), body], headers=anna["headers"])
    assert answer.status_code == 413
    assert answer.get_json()["error"]["message"].startswith("statements[1]: ")


def test_statements_per_minute_get_429(app, client, sign_in):
    app.config["TRACKER_LEARNER_STATEMENTS_PER_MINUTE"] = 5
    anna, bert = sign_in("Anna"), sign_in("Bert")
    first = client.post(XAPI, json=[statement(anna["actor"]) for _ in range(4)], headers=anna["headers"])
    assert first.status_code == 200
    over = client.post(XAPI, json=[statement(anna["actor"]) for _ in range(2)], headers=anna["headers"])
    assert over.status_code == 429
    assert 1 <= int(over.headers["Retry-After"]) <= 60
    assert "5 statements per minute" in over.get_json()["error"]["message"]
    assert client.post(XAPI, json=statement(anna["actor"]), headers=anna["headers"]).status_code == 200
    assert client.post(XAPI, json=statement(bert["actor"]), headers=bert["headers"]).status_code == 200


def test_one_batch_larger_than_the_rate_is_not_starved(app, client, sign_in):
    app.config["TRACKER_LEARNER_STATEMENTS_PER_MINUTE"] = 5
    anna = sign_in()
    answer = client.post(XAPI, json=[statement(anna["actor"]) for _ in range(8)], headers=anna["headers"])
    assert answer.status_code == 200


def test_state_document_size_is_a_413(app, client, sign_in):
    app.config["TRACKER_LEARNER_STATE_BYTES"] = 1000
    anna = sign_in()
    big = json.dumps({"a": "x" * 1000}).encode()
    for method in ("PUT", "POST"):
        answer = state(client, anna, "groot", big, method)
        assert answer.status_code == 413, answer.get_json()
        assert "at most 1000 bytes" in answer.get_json()["error"]["message"]
    assert state(client, anna, "groot", b"", "GET").status_code == 404


def test_state_document_count_is_a_413_for_a_new_one(app, client, sign_in):
    app.config["TRACKER_LEARNER_STATE_DOCUMENTS"] = 3
    anna = sign_in()
    for number in range(3):
        assert state(client, anna, f"s{number}", b'{"a": 1}').status_code == 204
    answer = state(client, anna, "s3", b'{"a": 1}')
    assert answer.status_code == 413
    assert "already keeps 3" in answer.get_json()["error"]["message"]
    assert state(client, anna, "s1", b'{"a": 2}', "POST").status_code == 204  # an existing one: fine


def test_basic_credentials_have_no_learner_quotas(app, client, headers):
    app.config["TRACKER_LEARNER_RESPONSE_CHARS"] = 10
    body = statement({"objectType": "Agent", "account": {"homePage": "https://x.test", "name": "a"}},
                     result={"response": "x" * 50})
    assert client.post(XAPI, json=body, headers=headers).status_code == 200
