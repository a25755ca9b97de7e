"""Storing statements: PUT, POST, LRS-set fields, duplicates, voiding (xAPI Data 2.4, Communication 2.1)."""
from __future__ import annotations

import json
import uuid

from tracker_samples import ACTIVITY, VERB, agent, statement, voiding, with_id


def post(client, headers, body):
    return client.post("/xapi/statements", data=json.dumps(body), headers=headers,
                       content_type="application/json")


def get_one(client, headers, statement_id, param="statementId"):
    return client.get("/xapi/statements", query_string={param: statement_id}, headers=headers)


def test_post_one_returns_its_new_id(client, headers):
    """Communication 2.1.2: POST answers 200 with the array of statement ids."""
    response = post(client, headers, statement())
    assert response.status_code == 200
    ids = response.get_json()
    assert len(ids) == 1 and uuid.UUID(ids[0])


def test_lrs_sets_id_stored_authority_timestamp_version(client, headers):
    """Data 2.4.1/2.4.7/2.4.8/2.4.9/2.4.10: the LRS sets id, stored, authority, timestamp, version."""
    (sid,) = post(client, headers, statement(authority=agent("impostor"))).get_json()
    stored = get_one(client, headers, sid).get_json()
    assert stored["id"] == sid
    assert stored["stored"].endswith("Z")
    assert stored["timestamp"] == stored["stored"]
    assert stored["version"].startswith("1.0")
    assert stored["authority"]["account"]["name"] != "impostor"
    assert stored["authority"]["name"] == "test client"


def test_timestamp_from_client_is_kept(client, headers):
    """Data 2.4.7: a timestamp set by the client stays (as UTC)."""
    (sid,) = post(client, headers, statement(timestamp="2024-05-04T17:00:00.123Z")).get_json()
    assert get_one(client, headers, sid).get_json()["timestamp"] == "2024-05-04T17:00:00.123Z"


def test_put_with_statement_id_answers_204(client, headers):
    """Communication 2.1.1: PUT stores the statement under statementId and answers 204."""
    sid = str(uuid.uuid4())
    response = client.put("/xapi/statements", query_string={"statementId": sid}, json=statement(),
                          headers=headers)
    assert response.status_code == 204
    assert get_one(client, headers, sid).get_json()["id"] == sid


def test_put_needs_statement_id(client, headers):
    """Communication 2.1.1: statementId is required on PUT."""
    response = client.put("/xapi/statements", json=statement(), headers=headers)
    assert response.status_code == 400
    assert "statementId" in response.get_json()["error"]["message"]


def test_put_with_different_id_in_body_is_400(client, headers):
    body = with_id(statement())
    response = client.put("/xapi/statements", query_string={"statementId": str(uuid.uuid4())},
                          json=body, headers=headers)
    assert response.status_code == 400


def test_same_statement_twice_is_accepted_and_unchanged(client, headers):
    """Communication 2.1.1: an identical statement with a known id is not an error; nothing changes."""
    body = with_id(statement())
    first = client.put("/xapi/statements", query_string={"statementId": body["id"]}, json=body,
                       headers=headers)
    stored_before = get_one(client, headers, body["id"]).get_json()
    again = client.put("/xapi/statements", query_string={"statementId": body["id"]}, json=body,
                       headers=headers)
    assert (first.status_code, again.status_code) == (204, 204)
    assert post(client, headers, [body]).status_code == 200
    assert get_one(client, headers, body["id"]).get_json() == stored_before


def test_different_statement_same_id_is_409(client, headers):
    """Communication 2.1.1: a different statement with a stored id gets 409; the first stays."""
    body = with_id(statement())
    post(client, headers, body)
    other = dict(body, verb={"id": "http://adlnet.gov/expapi/verbs/attempted"})
    response = post(client, headers, other)
    assert response.status_code == 409
    assert get_one(client, headers, body["id"]).get_json()["verb"]["id"] == VERB


def test_batch_is_all_or_nothing(client, headers):
    """Communication 2.1.2: one bad statement refuses the whole batch; none is stored."""
    good = with_id(statement())
    bad = with_id(statement())
    del bad["verb"]
    response = post(client, headers, [good, bad])
    assert response.status_code == 400
    assert "statements[1].verb" in response.get_json()["error"]["message"]
    assert get_one(client, headers, good["id"]).status_code == 404


def test_batch_with_conflict_stores_nothing(client, headers):
    existing = with_id(statement())
    post(client, headers, existing)
    fresh = with_id(statement())
    changed = dict(existing, verb={"id": "http://adlnet.gov/expapi/verbs/attempted"})
    assert post(client, headers, [fresh, changed]).status_code == 409
    assert get_one(client, headers, fresh["id"]).status_code == 404


def test_batch_with_the_same_id_twice_is_400(client, headers):
    body = with_id(statement())
    assert post(client, headers, [body, body]).status_code == 400


def test_batch_returns_ids_in_order(client, headers):
    bodies = [with_id(statement()) for _ in range(3)]
    assert post(client, headers, bodies).get_json() == [b["id"] for b in bodies]


def test_invalid_statement_is_400_naming_the_field(client, headers):
    """Data 2.4: an invalid statement gets 400 (never 422) with a message naming the field."""
    body = statement()
    body["actor"] = {"objectType": "Agent", "mbox": "anna@example.org"}
    response = post(client, headers, body)
    assert response.status_code == 400
    assert "actor.mbox" in response.get_json()["error"]["message"]


def test_voided_statement_is_hidden_and_found_by_voided_id(client, headers):
    """Data 2.4.9 / Communication 2.1.3: a voided statement is 404 by statementId, found by
    voidedStatementId, and missing from queries; the voiding statement is returned."""
    (target,) = post(client, headers, statement()).get_json()
    (voider,) = post(client, headers, voiding(target)).get_json()
    assert get_one(client, headers, target).status_code == 404
    found = get_one(client, headers, target, "voidedStatementId")
    assert found.status_code == 200 and found.get_json()["id"] == target
    ids = [s["id"] for s in client.get("/xapi/statements", headers=headers).get_json()["statements"]]
    assert target not in ids and voider in ids


def test_voiding_statement_cannot_be_voided(client, headers):
    """Data 2.4.9: voiding a voiding statement has no effect."""
    (target,) = post(client, headers, statement()).get_json()
    (voider,) = post(client, headers, voiding(target)).get_json()
    post(client, headers, voiding(voider))
    assert get_one(client, headers, voider).status_code == 200


def test_voiding_before_target_arrives(client, headers):
    target = with_id(statement())
    post(client, headers, voiding(target["id"]))
    post(client, headers, target)
    assert get_one(client, headers, target["id"]).status_code == 404
    assert get_one(client, headers, target["id"], "voidedStatementId").status_code == 200


def test_voided_id_asked_by_statement_id_on_unvoided_is_404(client, headers):
    (sid,) = post(client, headers, statement()).get_json()
    assert get_one(client, headers, sid, "voidedStatementId").status_code == 404


def test_statement_ref_to_statement_is_stored(client, headers):
    (target,) = post(client, headers, statement()).get_json()
    body = statement()
    body["object"] = {"objectType": "StatementRef", "id": target}
    assert post(client, headers, body).status_code == 200
    assert get_one(client, headers, target).status_code == 200


def test_version_2_statements_get_version_2(client, headers2):
    (sid,) = post(client, headers2, statement()).get_json()
    assert get_one(client, headers2, sid).get_json()["version"] == "2.0.0"


def test_post_with_unknown_parameter_is_400(client, headers):
    response = client.post("/xapi/statements?statementId=x", json=statement(), headers=headers)
    assert response.status_code == 400


def test_activity_definition_reaches_activities_resource(client, headers):
    """Communication 2.5: the Activities resource returns the definition the LRS learned."""
    body = statement()
    body["object"]["definition"] = {"name": {"nl-NL": "Veiligheid"}}
    post(client, headers, body)
    body["object"]["definition"] = {"name": {"en-US": "Safety"}}
    post(client, headers, body)
    response = client.get("/xapi/activities", query_string={"activityId": ACTIVITY}, headers=headers)
    assert response.get_json()["definition"]["name"] == {"nl-NL": "Veiligheid", "en-US": "Safety"}


def test_partial_success_stores_the_valid_statements(client, headers):
    """Leerpad extension (opt-in `partialSuccess=true`): valid statements are stored, the others
    are reported by index with their status and message."""
    existing, again = with_id(statement()), with_id(statement())
    post(client, headers, [existing, again])
    good = with_id(statement())
    bad = statement()
    del bad["verb"]
    clash = dict(existing, verb={"id": "http://adlnet.gov/expapi/verbs/attempted"})
    response = client.post("/xapi/statements?partialSuccess=true", json=[good, bad, clash, again],
                           headers=headers)
    assert response.status_code == 200
    outcome = response.get_json()
    assert outcome["stored"] == [good["id"], again["id"]]
    assert [(r["index"], r["status"]) for r in outcome["rejected"]] == [(1, 400), (2, 409)]
    assert "statements[1].verb" in outcome["rejected"][0]["message"]
    assert get_one(client, headers, good["id"]).status_code == 200
    assert get_one(client, headers, existing["id"]).get_json()["verb"]["id"] == VERB


def test_partial_success_is_opt_in(client, headers):
    bad = statement()
    del bad["verb"]
    assert post(client, headers, [statement(), bad]).status_code == 400
