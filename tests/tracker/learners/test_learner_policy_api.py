"""What a learner token may do, through the API: own statements and State in its own portal, nothing else."""
from __future__ import annotations

import json
import uuid

import pytest

from learner_samples import (COMPLETED, MODULE, REFLECTED, REFLECTION, SHARED, TECHNIEK, VOIDED, ZORG,
                             manifest, new_link, statement, write_site)

XAPI = "/xapi/statements"


def post(client, session, body):
    return client.post(XAPI, json=body, headers=session["headers"])


def message(answer) -> str:
    return answer.get_json()["error"]["message"]


def all_stored(client, headers) -> list[dict]:
    return client.get(XAPI, headers=headers).get_json()["statements"]


def test_own_statement_is_stored_with_the_learner_as_authority(client, sign_in, headers):
    anna = sign_in()
    answer = post(client, anna, statement(anna["actor"], REFLECTED, REFLECTION,
                                          result={"response": "Ik let beter op."}))
    assert answer.status_code == 200
    [stored] = all_stored(client, headers)
    assert stored["id"] == answer.get_json()[0] and stored["authority"] == anna["actor"]


@pytest.mark.parametrize("case, fragment", [
    ("other actor", "actor"),
    ("named actor", "actor"),
    ("mbox actor", "actor"),
    ("group actor", "actor"),
    ("verb outside manifest", "verb.id"),
    ("voiding", "cannot void"),
    ("activity outside manifest", "object.id"),
    ("activity of another portal", "object.id"),
    ("agent object", "object"),
    ("statement ref object", "object"),
])
def test_statement_outside_the_rules_gets_403(client, sign_in, headers, case, fragment):
    anna, bert = sign_in("Anna"), sign_in("Bert")
    actor = anna["actor"]
    body = {
        "other actor": statement(bert["actor"]),
        "named actor": statement(dict(actor, name="Anna de Vries")),
        "mbox actor": statement({"objectType": "Agent", "mbox": "mailto:anna@zorg.test"}),
        "group actor": statement({"objectType": "Group", "account": actor["account"]}),
        "verb outside manifest": statement(actor, "http://adlnet.gov/expapi/verbs/mastered"),
        "voiding": {"actor": actor, "verb": {"id": VOIDED, "display": {"en-US": "voided"}},
                    "object": {"objectType": "StatementRef", "id": str(uuid.uuid4())}},
        "activity outside manifest": statement(actor, activity=ZORG + "modules/bestaat-niet/"),
        "activity of another portal": statement(actor, activity=TECHNIEK + "modules/veiligheid/"),
        "agent object": statement(actor) | {"object": bert["actor"]},
        "statement ref object": statement(actor, SHARED) | {
            "object": {"objectType": "StatementRef", "id": str(uuid.uuid4())}},
    }[case]
    answer = post(client, anna, body)
    assert answer.status_code == 403, answer.get_json()
    assert fragment in message(answer) and message(answer).startswith("learner token:")
    assert all_stored(client, headers) == []


def test_voiding_is_refused_even_when_a_manifest_lists_the_verb(app, client, runner, tmp_path, sign_in,
                                                                headers):
    anna = sign_in()
    stored_id = post(client, anna, statement(anna["actor"])).get_json()[0]
    site = write_site(tmp_path / "voiding", zorg=manifest("zorg", ZORG, [COMPLETED, VOIDED]))
    assert runner.invoke(args=["portals", "load", str(site)]).exit_code == 0
    answer = post(client, anna, {"actor": anna["actor"], "verb": {"id": VOIDED, "display": {"en-US": "v"}},
                                 "object": {"objectType": "StatementRef", "id": stored_id}})
    assert answer.status_code == 403 and "cannot void" in message(answer)
    assert [s["id"] for s in all_stored(client, headers)] == [stored_id]


def test_one_bad_statement_refuses_the_whole_batch(client, sign_in, headers):
    anna, bert = sign_in("Anna"), sign_in("Bert")
    batch = [statement(anna["actor"]), statement(anna["actor"], activity=ZORG),
             statement(bert["actor"])]
    answer = post(client, anna, batch)
    assert answer.status_code == 403 and "statements[2].actor" in message(answer)
    assert all_stored(client, headers) == []
    assert post(client, anna, batch[:2]).status_code == 200
    assert len(all_stored(client, headers)) == 2


def test_put_follows_the_same_rules(client, sign_in):
    anna, bert = sign_in("Anna"), sign_in("Bert")
    own, other = str(uuid.uuid4()), str(uuid.uuid4())
    assert client.put(f"{XAPI}?statementId={own}", json=statement(anna["actor"]),
                      headers=anna["headers"]).status_code == 204
    answer = client.put(f"{XAPI}?statementId={other}", json=statement(bert["actor"]),
                        headers=anna["headers"])
    assert answer.status_code == 403


def test_second_learner_cannot_read_the_first_ones_reflections(client, sign_in):
    anna, bert = sign_in("Anna"), sign_in("Bert")
    reflection = statement(anna["actor"], REFLECTED, REFLECTION, result={"response": "Privé"})
    reflection_id = post(client, anna, reflection).get_json()[0]
    assert post(client, bert, statement(bert["actor"])).status_code == 200

    assert [s["id"] for s in all_stored(client, anna["headers"])] == [reflection_id]
    assert all(s["actor"] == bert["actor"] for s in all_stored(client, bert["headers"]))
    agent = json.dumps(anna["actor"])
    by_agent = client.get(XAPI, query_string={"agent": agent}, headers=bert["headers"])
    assert by_agent.status_code == 403 and "own statements" in message(by_agent)
    related = client.get(XAPI, query_string={"agent": json.dumps(bert["actor"]), "related_agents": "true"},
                         headers=bert["headers"])
    assert related.status_code == 403
    one = client.get(XAPI, query_string={"statementId": reflection_id}, headers=bert["headers"])
    assert one.status_code == 404
    mine = client.get(XAPI, query_string={"statementId": reflection_id}, headers=anna["headers"])
    assert mine.status_code == 200 and mine.get_json()["result"]["response"] == "Privé"


def test_own_agent_and_registration_query_is_the_progress_read(client, sign_in):
    anna = sign_in()
    body = statement(anna["actor"], context={"registration": anna["registration"],
                                             "contextActivities": {"parent": [{"id": ZORG}]}})
    post(client, anna, body)
    post(client, anna, statement(anna["actor"], activity=ZORG))
    answer = client.get(XAPI, query_string={"agent": json.dumps(anna["actor"]),
                                            "registration": anna["registration"]},
                        headers=anna["headers"])
    assert answer.status_code == 200
    assert [s["object"]["id"] for s in answer.get_json()["statements"]] == [MODULE]


def test_a_more_cursor_from_a_wider_query_stays_limited_to_the_learner(client, sign_in, headers):
    anna, bert = sign_in("Anna"), sign_in("Bert")
    for _ in range(2):
        post(client, bert, statement(bert["actor"]))
        post(client, anna, statement(anna["actor"]))
    wide = client.get(XAPI, query_string={"limit": 1}, headers=headers).get_json()
    assert wide["more"]
    replay = client.get(wide["more"], headers=anna["headers"])
    assert replay.status_code == 200
    assert replay.get_json()["statements"] and all(
        s["actor"] == anna["actor"] for s in replay.get_json()["statements"])


def test_state_only_for_own_agent_and_portal_activities(client, sign_in):
    anna, bert = sign_in("Anna"), sign_in("Bert")
    params = {"activityId": ZORG, "agent": json.dumps(anna["actor"]), "stateId": "intake",
              "registration": anna["registration"]}
    url = "/xapi/activities/state"
    assert client.put(url, query_string=params, json={"q1": "ja"}, headers=anna["headers"]).status_code == 204
    assert client.get(url, query_string=params, headers=anna["headers"]).get_json() == {"q1": "ja"}
    stolen = client.get(url, query_string=params, headers=bert["headers"])
    assert stolen.status_code == 403 and "own State" in message(stolen)
    foreign = dict(params, activityId=TECHNIEK)
    answer = client.put(url, query_string=foreign, json={}, headers=anna["headers"])
    assert answer.status_code == 403 and "activityId" in message(answer)
    assert client.delete(url, query_string=params, headers=bert["headers"]).status_code == 403
    assert client.get(url, query_string=params, headers=anna["headers"]).status_code == 200


@pytest.mark.parametrize("method, url", [
    ("GET", "/xapi/activities/profile?activityId=https://leerpad.test/zorg/&profileId=p"),
    ("PUT", "/xapi/agents/profile?profileId=p&agent=%7B%7D"),
    ("GET", "/xapi/activities?activityId=https://leerpad.test/zorg/"),
    ("GET", "/xapi/agents?agent=%7B%7D"),
])
def test_other_resources_get_403_with_a_message(client, sign_in, method, url):
    anna = sign_in()
    answer = client.open(url, method=method, json={}, headers=anna["headers"])
    assert answer.status_code == 403 and "not open to learner tokens" in message(answer)


def test_about_stays_public(client):
    assert client.get("/xapi/about").status_code == 200


def test_portal_without_manifest_refuses_writes(app, client, loaded):
    _learner, link = new_link(app, "Cor", role="verpleging")
    session = client.post("/portal/session", json={"code": link.code}).get_json()
    headers = {"Authorization": f"Bearer {session['token']}", "X-Experience-API-Version": "1.0.3"}
    answer = client.post(XAPI, json=statement(session["actor"]), headers=headers)
    assert answer.status_code == 403 and "no manifest is loaded" in message(answer)


def test_basic_credentials_are_not_limited_by_the_learner_rules(client, headers, sign_in):
    anna = sign_in()
    assert client.post(XAPI, json=statement(anna["actor"], "http://adlnet.gov/expapi/verbs/mastered"),
                       headers=headers).status_code == 200
