"""Bad input gets a JSON 4xx naming the problem; never a 500 or a traceback (Communication 3.2)."""
from __future__ import annotations

import json

import pytest

from tracker import create_app
from tracker_samples import ACTIVITY, agent, statement


@pytest.mark.parametrize("body,content_type", [
    (b"{not json", "application/json"),
    (b"", "application/json"),
    (b"\xff\xfe", "application/json"),
    (b'{"actor": NaN}', "application/json"),
    (b"[]", "application/json"),
    (b"42", "application/json"),
    (json.dumps(statement()).encode(), "text/plain"),
    (json.dumps(statement()).encode(), None),
    (b"--x\r\nnonsense", "multipart/mixed; boundary=x"),
    (b"garbage", "multipart/mixed"),
])
def test_malformed_statement_bodies_are_400(client, headers, body, content_type):
    response = client.post("/xapi/statements", data=body, content_type=content_type, headers=headers)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["status"] == 400 and error["message"]
    assert "Traceback" not in response.get_data(as_text=True)


def test_huge_body_is_413(database, tmp_path):
    url, schema = database
    app = create_app({"TRACKER_DATABASE_URL": url, "TRACKER_DATABASE_SCHEMA": schema,
                      "TRACKER_MAX_BODY_BYTES": 1000, "TRACKER_SECRET_KEY": "s"})
    from tracker_samples import make_headers
    headers = make_headers(app, "all")
    response = app.test_client().post("/xapi/statements", data=b"[" + b" " * 5000 + b"]",
                                      content_type="application/json", headers=headers)
    assert response.status_code == 413
    assert response.get_json()["error"]["status"] == 413
    app.extensions["tracker"].engine.dispose()


def test_unknown_route_and_method_are_json(client, headers):
    assert client.get("/xapi/nope", headers=headers).get_json()["error"]["status"] == 404
    response = client.patch("/xapi/statements", headers=headers)
    assert response.status_code == 405 and response.get_json()["error"]["status"] == 405


def test_unexpected_error_is_500_with_request_id_only(app, client, caplog):
    """A bug answers 500 with only a request id, which is logged with the traceback."""
    @app.get("/boom")
    def boom():
        raise RuntimeError("secret detail")
    response = client.get("/boom")
    assert response.status_code == 500
    text = response.get_data(as_text=True)
    assert "secret detail" not in text and "Traceback" not in text
    request_id = response.headers["X-Request-Id"]
    assert response.get_json()["error"]["request_id"] == request_id
    assert request_id in caplog.text and "secret detail" in caplog.text


def test_every_response_has_a_request_id(client):
    assert client.get("/xapi/about").headers["X-Request-Id"]


@pytest.mark.parametrize("path,params", [
    ("/xapi/activities/state", {"activityId": ACTIVITY, "agent": "[]", "stateId": "s"}),
    ("/xapi/activities/state", {"activityId": "not an iri", "agent": json.dumps(agent()), "stateId": "s"}),
    ("/xapi/agents/profile", {"agent": json.dumps({"mbox": "x"}), "profileId": "p"}),
    ("/xapi/agents", {"agent": "nope"}),
    ("/xapi/activities/profile", {"activityId": ACTIVITY, "profileId": "p", "since": "never"}),
])
def test_bad_document_parameters_are_400(client, headers, path, params):
    assert client.get(path, query_string=params, headers=headers).status_code == 400
