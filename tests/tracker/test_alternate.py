"""The 1.0.3 alternate request syntax (Communication 1.3): a form POST with ?method=."""
from __future__ import annotations

import json
import uuid
from urllib.parse import urlencode

from tracker_samples import ACTIVITY, agent, statement

FORM = "application/x-www-form-urlencoded"


def form_post(client, path, method, headers, **fields):
    data = {"Authorization": headers["Authorization"],
            "X-Experience-API-Version": headers["X-Experience-API-Version"], **fields}
    return client.post(f"{path}?method={method}", data=urlencode(data), content_type=FORM)


def test_put_statement_through_form(client, headers):
    sid = str(uuid.uuid4())
    response = form_post(client, "/xapi/statements", "PUT", headers, statementId=sid,
                         content=json.dumps(statement()), **{"Content-Type": "application/json"})
    assert response.status_code == 204, response.get_json()
    got = client.get("/xapi/statements", query_string={"statementId": sid}, headers=headers)
    assert got.status_code == 200


def test_get_statements_through_form(client, headers):
    client.post("/xapi/statements", json=statement(), headers=headers)
    response = form_post(client, "/xapi/statements", "GET", headers, limit="1")
    assert response.status_code == 200 and len(response.get_json()["statements"]) == 1


def test_state_through_form(client, headers):
    params = {"activityId": ACTIVITY, "agent": json.dumps(agent()), "stateId": "s"}
    response = form_post(client, "/xapi/activities/state", "PUT", headers, content='{"a": 1}',
                         **{"Content-Type": "application/json"}, **params)
    assert response.status_code == 204
    assert form_post(client, "/xapi/activities/state", "GET", headers, **params).get_json() == {"a": 1}


def test_other_query_parameters_are_400(client, headers):
    response = client.post("/xapi/statements?method=GET&limit=1",
                           data=urlencode({"Authorization": headers["Authorization"],
                                           "X-Experience-API-Version": "1.0.3"}), content_type=FORM)
    assert response.status_code == 400


def test_not_in_version_2(client, headers2):
    response = form_post(client, "/xapi/statements", "GET", headers2)
    assert response.status_code == 400 and "2.0.0" in response.get_json()["error"]["message"]


def test_unknown_method_is_400(client, headers):
    assert form_post(client, "/xapi/statements", "PATCH", headers).status_code == 400


def test_needs_form_content_type(client, headers):
    response = client.post("/xapi/statements?method=GET", json={}, headers=headers)
    assert response.status_code == 400


def test_huge_form_is_413(app, client, headers):
    limit = app.config["TRACKER_MAX_BODY_BYTES"]
    body = urlencode({"Authorization": headers["Authorization"], "X-Experience-API-Version": "1.0.3",
                      "content": "x" * (limit + 1)})
    response = client.post("/xapi/statements?method=PUT", data=body, content_type=FORM)
    assert response.status_code == 413
