"""Learner tokens on the hardened tracker (issue 11): they never define Activities, portal activities are
named by the manifest, the share rule holds whatever else a batch holds, JSON parameters keep the limits."""
from __future__ import annotations

import json
import uuid

from learner_samples import MODULE, REFLECTED, REFLECTION, SHARED, share, statement
from tracker.services.privacy import VISIBILITY
from tracker_samples import make_headers

XAPI = "/xapi/statements"


def activity(client, headers, activity_id: str) -> dict:
    answer = client.get("/xapi/activities", query_string={"activityId": activity_id}, headers=headers)
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def test_a_learner_never_renames_a_portal_activity(client, sign_in, headers):
    anna = sign_in("Anna")
    body = statement(anna["actor"])
    body["object"]["definition"] = {"name": {"nl-NL": "<script>alert(1)</script>"}}
    assert client.post(XAPI, json=body, headers=anna["headers"]).status_code == 200
    found = activity(client, headers, MODULE)
    assert found["definition"]["name"] == {"nl-NL": "Veiligheid"}
    assert found["definition"]["type"] == "http://adlnet.gov/expapi/activities/module"


def test_the_manifest_name_wins_over_a_definer(app, client, loaded, headers):
    body = statement({"objectType": "Agent", "account": {"homePage": "https://x.test", "name": "a"}})
    body["object"]["definition"] = {"name": {"en-US": "Other"}, "description": {"en-US": "kept"}}
    assert client.post(XAPI, json=body, headers=headers).status_code == 200
    found = activity(client, headers, MODULE)["definition"]
    assert found["name"] == {"nl-NL": "Veiligheid"} and found["description"] == {"en-US": "kept"}


def reflection(actor: dict, statement_id: str) -> dict:
    return statement(actor, REFLECTED, REFLECTION, id=statement_id,
                     result={"response": "eigen", "extensions": {VISIBILITY: "private"}})


def test_partial_success_cannot_smuggle_a_share_of_another_learners_statement(app, client, sign_in):
    """The batch names Anna's statement id for a statement of Bert's own (rejected: 409) and shares it."""
    anna, bert = sign_in("Anna"), sign_in("Bert")
    annas = str(uuid.uuid4())
    assert client.post(XAPI, json=reflection(anna["actor"], annas), headers=anna["headers"]).status_code == 200
    batch = [reflection(bert["actor"], annas), share(bert["actor"], annas)]
    answer = client.post(XAPI, json=batch, headers=bert["headers"], query_string={"partialSuccess": "true"})
    assert answer.status_code == 403, answer.get_json()
    assert "context.statement.id" in answer.get_json()["error"]["message"]
    coach = make_headers(app, "statements/read", name="coach")
    shares = client.get(XAPI, query_string={"verb": SHARED}, headers=coach).get_json()["statements"]
    assert shares == []


def test_a_share_of_a_statement_in_the_same_batch_still_works(client, sign_in):
    anna = sign_in("Anna")
    own = str(uuid.uuid4())
    answer = client.post(XAPI, json=[reflection(anna["actor"], own), share(anna["actor"], own)],
                         headers=anna["headers"])
    assert answer.status_code == 200, answer.get_json()


def test_a_deep_agent_parameter_from_a_learner_is_a_400(client, sign_in):
    anna = sign_in("Anna")
    params = {"activityId": MODULE, "stateId": "s", "agent": "[" * 3000 + "]" * 3000}
    answer = client.get("/xapi/activities/state", query_string=params, headers=anna["headers"])
    assert answer.status_code == 400, answer.get_data(as_text=True)
    params["agent"] = json.dumps(anna["actor"]).replace("}", ', "x": "\\ud800"}', 1)
    answer = client.get("/xapi/activities/state", query_string=params, headers=anna["headers"])
    assert answer.status_code == 400, answer.get_data(as_text=True)
