"""Input the tracker refuses with its JSON 400 instead of failing later (issue 11): lone surrogates,
nesting deeper than TRACKER_MAX_JSON_DEPTH, non-finite numbers."""
from __future__ import annotations

import json

import pytest

from tracker_samples import agent, statement

STATE = "/xapi/activities/state"
ACTIVITY = "https://leerpad.test/modules/veiligheid"


def deep(levels: int) -> str:
    return '{"a":' * levels + "1" + "}" * levels


def deep_list(levels: int) -> str:
    return "[" * levels + "]" * levels


def statement_text(**extra) -> str:
    return json.dumps(statement(**extra))


def refused(answer, *words: str) -> str:
    assert answer.status_code == 400, answer.get_data(as_text=True)
    message = answer.get_json()["error"]["message"]
    for word in words:
        assert word in message
    return message


def post_text(client, headers, text: str, path="/xapi/statements", **params):
    return client.post(path, data=text.encode("utf-8"), headers=headers,
                       content_type="application/json", query_string=params)


def state_params(state_id="s1") -> dict:
    return {"activityId": ACTIVITY, "agent": json.dumps(agent()), "stateId": state_id}


@pytest.mark.parametrize("where", ["verb.display", "result.response", "extension key"])
def test_a_lone_surrogate_is_a_400(client, headers, where):
    body = statement()
    if where == "verb.display":
        body["verb"]["display"] = {"en-US": "SURROGATE"}
    elif where == "result.response":
        body["result"] = {"response": "SURROGATE"}
    else:
        body["result"] = {"extensions": {"https://x.test/SURROGATE": 1}}
    text = json.dumps(body).replace("SURROGATE", "\\ud800")
    refused(post_text(client, headers, text), "surrogate")


def test_a_surrogate_pair_is_fine(client, headers):
    text = json.dumps(dict(statement(), result={"response": "\U0001f600"}), ensure_ascii=True)
    assert post_text(client, headers, text).status_code == 200


def test_a_lone_surrogate_in_a_json_parameter_is_a_400(client, headers):
    params = state_params()
    params["agent"] = params["agent"].replace("anna", "\\udc00")
    refused(client.get(STATE, query_string=params, headers=headers), "surrogate")


@pytest.mark.parametrize("levels", [65, 480, 5000])
def test_deep_statements_are_a_400(client, headers, levels):
    body = statement()
    body["result"] = {"extensions": {"https://x.test/deep": "DEEP"}}
    text = json.dumps(body).replace('"DEEP"', deep(levels))
    refused(post_text(client, headers, text), "nested deeper than 64")
    refused(post_text(client, headers, deep_list(levels)), "nested deeper than 64")


def test_nesting_up_to_the_limit_is_stored(client, headers):
    body = statement()
    body["result"] = {"extensions": {"https://x.test/deep": "DEEP"}}
    text = json.dumps(body).replace('"DEEP"', deep(59))  # statement > result > extensions > key: 4 more
    answer = post_text(client, headers, text)
    assert answer.status_code == 200, answer.get_json()
    (sid,) = answer.get_json()
    for fmt in ("exact", "canonical", "ids"):
        got = client.get("/xapi/statements", query_string={"statementId": sid, "format": fmt},
                         headers=headers)
        assert got.status_code == 200


@pytest.mark.parametrize("method", ["PUT", "POST"])
def test_deep_json_documents_are_a_400(client, headers, method):
    answer = client.open(STATE, method=method, query_string=state_params(), data=deep(480),
                         content_type="application/json", headers=headers)
    refused(answer, "nested deeper than 64")


def test_merging_onto_a_deep_stored_document_is_a_400_not_a_500(app, client, headers):
    """A deep document stored before the limit existed (written here as another content type)."""
    params = state_params()
    put = client.put(STATE, query_string=params, data=deep(600), content_type="text/plain",
                     headers=headers)
    assert put.status_code == 204
    from tracker.storage.schema import documents
    with app.extensions["tracker"].engine.begin() as conn:
        conn.execute(documents.update().values(content_type="application/json"))
    answer = client.post(STATE, query_string=params, data='{"b": 2}', content_type="application/json",
                         headers=headers)
    assert answer.status_code == 400, answer.get_data(as_text=True)
    assert "stored document" in answer.get_json()["error"]["message"]


def test_a_deep_body_to_portal_session_is_a_400(client):
    answer = client.post("/portal/session", data=deep(480), content_type="application/json")
    refused(answer, "nested deeper than 64")
    answer = client.post("/portal/session", data='{"code": "\\ud800"}', content_type="application/json")
    refused(answer, "surrogate")


@pytest.mark.parametrize("number", ["1e999", "-1e999", "1E400"])
def test_non_finite_numbers_are_a_400(client, headers, number):
    text = statement_text(result={"score": {"raw": 0}}).replace('"raw": 0', f'"raw": {number}')
    refused(post_text(client, headers, text), "finite")
    refused(client.post(STATE, query_string=state_params(), data=f'{{"x": {number}}}',
                        content_type="application/json", headers=headers), "finite")


def test_a_deep_agent_parameter_is_a_400(client, headers):
    params = state_params()
    params["agent"] = deep_list(2000)
    answer = client.get(STATE, query_string=params, headers=headers)
    assert answer.status_code == 400, answer.get_data(as_text=True)
