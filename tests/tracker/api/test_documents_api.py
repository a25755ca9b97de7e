"""State, Activity Profile and Agent Profile resources (Communication 2.2-2.4, 3.1 concurrency)."""
from __future__ import annotations

import json
import time
import uuid

import pytest

from tracker_samples import ACTIVITY, agent

STATE = "/xapi/activities/state"
ACTIVITY_PROFILE = "/xapi/activities/profile"
AGENT_PROFILE = "/xapi/agents/profile"


def state_params(state_id="bookmark", **extra):
    return {"activityId": ACTIVITY, "agent": json.dumps(agent()), "stateId": state_id, **extra}


def profile_params(path, profile_id="prefs"):
    if path == ACTIVITY_PROFILE:
        return {"activityId": ACTIVITY, "profileId": profile_id}
    return {"agent": json.dumps(agent()), "profileId": profile_id}


def test_state_put_get_delete(client, headers):
    """Communication 2.2: PUT stores, GET returns it with its ETag and content type, DELETE removes."""
    params = state_params()
    assert client.put(STATE, query_string=params, data=b"page 7", content_type="text/plain",
                      headers=headers).status_code == 204
    got = client.get(STATE, query_string=params, headers=headers)
    assert got.data == b"page 7" and got.mimetype == "text/plain"
    assert got.headers["ETag"].strip('"') and got.headers["Last-Modified"]
    assert client.delete(STATE, query_string=params, headers=headers).status_code == 204
    assert client.get(STATE, query_string=params, headers=headers).status_code == 404


def test_state_put_in_2_0_needs_precondition_to_overwrite(client, headers, headers2):
    """xAPI 2.0.0 4.1.4: a State PUT with neither header over an existing document is 409;
    in 1.0.3 it overwrites."""
    params = state_params()
    assert client.put(STATE, query_string=params, json={"v": 1}, headers=headers2).status_code == 204
    response = client.put(STATE, query_string=params, json={"v": 2}, headers=headers2)
    assert response.status_code == 409 and response.get_json()["error"]["message"]
    assert client.get(STATE, query_string=params, headers=headers2).get_json() == {"v": 1}
    assert client.put(STATE, query_string=params, json={"v": 3}, headers=headers).status_code == 204
    assert client.get(STATE, query_string=params, headers=headers).get_json() == {"v": 3}


def test_state_post_merges_json_objects(client, headers):
    """Communication 2.2: POST merges a JSON object into the stored JSON object."""
    params = state_params()
    client.post(STATE, query_string=params, json={"a": 1, "b": 1}, headers=headers)
    client.post(STATE, query_string=params, json={"b": 2, "c": 3}, headers=headers)
    assert client.get(STATE, query_string=params, headers=headers).get_json() == {"a": 1, "b": 2, "c": 3}


def test_post_merge_refuses_non_json(client, headers):
    params = state_params()
    client.put(STATE, query_string=params, data=b"plain", content_type="text/plain", headers=headers)
    response = client.post(STATE, query_string=params, json={"a": 1}, headers=headers)
    assert response.status_code == 400
    response = client.post(STATE, query_string=state_params("other"), data=b"[1]",
                           content_type="application/json", headers=headers)
    assert response.status_code == 400


def test_state_registration_separates_documents(client, headers):
    registration = str(uuid.uuid4())
    client.put(STATE, query_string=state_params(registration=registration), json={"r": 1}, headers=headers)
    assert client.get(STATE, query_string=state_params(), headers=headers).status_code == 404
    got = client.get(STATE, query_string=state_params(registration=registration), headers=headers)
    assert got.get_json() == {"r": 1}


def test_state_ids_and_since(client, headers):
    """Communication 2.2: GET without stateId lists the ids, `since` keeps the newer ones."""
    from datetime import datetime, timezone
    client.put(STATE, query_string=state_params("one"), json={}, headers=headers)
    time.sleep(0.02)
    between = datetime.now(timezone.utc).isoformat()
    time.sleep(0.02)
    client.put(STATE, query_string=state_params("two"), json={}, headers=headers)
    listing = {k: v for k, v in state_params().items() if k != "stateId"}
    assert sorted(client.get(STATE, query_string=listing, headers=headers).get_json()) == ["one", "two"]
    assert client.get(STATE, query_string={**listing, "since": between}, headers=headers).get_json() == ["two"]


def test_state_delete_all(client, headers):
    for state_id in ("one", "two"):
        client.put(STATE, query_string=state_params(state_id), json={}, headers=headers)
    listing = {k: v for k, v in state_params().items() if k != "stateId"}
    assert client.delete(STATE, query_string=listing, headers=headers).status_code == 204
    assert client.get(STATE, query_string=listing, headers=headers).get_json() == []


def test_state_needs_activity_and_agent(client, headers):
    for missing in ("activityId", "agent"):
        params = state_params()
        del params[missing]
        response = client.get(STATE, query_string=params, headers=headers)
        assert response.status_code == 400 and missing in response.get_json()["error"]["message"]


def test_state_refuses_bad_agent_and_registration(client, headers):
    assert client.get(STATE, query_string=state_params(agent="{"), headers=headers).status_code == 400
    assert client.get(STATE, query_string=state_params(registration="x"),
                      headers=headers).status_code == 400


@pytest.mark.parametrize("path", [ACTIVITY_PROFILE, AGENT_PROFILE])
def test_profile_put_over_existing_needs_a_precondition(client, headers, path):
    """Communication 3.1 (1.0.3 2.6/2.7): a profile PUT needs If-Match or If-None-Match: 400 for a
    new document, 409 over an existing one."""
    params = profile_params(path)
    assert client.put(path, query_string=params, json={"v": 1}, headers=headers).status_code == 400
    assert client.put(path, query_string=params, json={"v": 1},
                      headers={**headers, "If-None-Match": "*"}).status_code == 204
    assert client.put(path, query_string=params, json={"v": 2}, headers=headers).status_code == 409
    etag = client.get(path, query_string=params, headers=headers).headers["ETag"]
    assert client.put(path, query_string=params, json={"v": 2},
                      headers={**headers, "If-Match": etag}).status_code == 204
    assert client.get(path, query_string=params, headers=headers).get_json() == {"v": 2}


@pytest.mark.parametrize("path", [ACTIVITY_PROFILE, AGENT_PROFILE])
def test_profile_preconditions_fail_with_412(client, headers, path):
    """Communication 3.1: a failed If-Match or If-None-Match answers 412 and changes nothing."""
    params = profile_params(path)
    assert client.put(path, query_string=params, json={"v": 1},
                      headers={**headers, "If-Match": '"nope"'}).status_code == 412
    assert client.put(path, query_string=params, json={"v": 1},
                      headers={**headers, "If-None-Match": "*"}).status_code == 204
    assert client.put(path, query_string=params, json={"v": 2},
                      headers={**headers, "If-None-Match": "*"}).status_code == 412
    assert client.put(path, query_string=params, json={"v": 3},
                      headers={**headers, "If-Match": '"0000"'}).status_code == 412
    assert client.get(path, query_string=params, headers=headers).get_json() == {"v": 1}


@pytest.mark.parametrize("path", [ACTIVITY_PROFILE, AGENT_PROFILE])
def test_profile_ids_post_and_delete(client, headers, path):
    params = profile_params(path)
    client.post(path, query_string=params, json={"a": 1}, headers=headers)
    client.post(path, query_string=params, json={"b": 2}, headers=headers)
    assert client.get(path, query_string=params, headers=headers).get_json() == {"a": 1, "b": 2}
    listing = {k: v for k, v in params.items() if k != "profileId"}
    assert client.get(path, query_string=listing, headers=headers).get_json() == ["prefs"]
    assert client.delete(path, query_string=params, headers=headers).status_code == 204
    assert client.get(path, query_string=listing, headers=headers).get_json() == []


def test_etag_changes_with_content(client, headers):
    params = profile_params(ACTIVITY_PROFILE)
    client.put(ACTIVITY_PROFILE, query_string=params, json={"v": 1},
               headers={**headers, "If-None-Match": "*"})
    first = client.get(ACTIVITY_PROFILE, query_string=params, headers=headers).headers["ETag"]
    client.post(ACTIVITY_PROFILE, query_string=params, json={"v": 2}, headers=headers)
    second = client.get(ACTIVITY_PROFILE, query_string=params, headers=headers).headers["ETag"]
    assert first != second


def test_head_on_document(client, headers):
    params = state_params()
    client.put(STATE, query_string=params, json={"a": 1}, headers=headers)
    response = client.head(STATE, query_string=params, headers=headers)
    assert response.status_code == 200 and response.data == b"" and response.headers["ETag"]


def test_agents_resource_returns_person(client, headers):
    """Communication 2.6: the Agents resource returns a Person object with arrays."""
    response = client.get("/xapi/agents", query_string={"agent": json.dumps(dict(agent(), name="Anna"))},
                          headers=headers)
    person = response.get_json()
    assert person["objectType"] == "Person" and person["name"] == ["Anna"]
    assert person["account"] == [agent()["account"]]


def test_activities_resource_without_definition(client, headers):
    response = client.get("/xapi/activities", query_string={"activityId": ACTIVITY}, headers=headers)
    assert response.get_json() == {"objectType": "Activity", "id": ACTIVITY}
    assert client.get("/xapi/activities", headers=headers).status_code == 400
