"""X-Experience-API-Version on requests and every response, CORS (Communication 1.3, 3.3)."""
from __future__ import annotations

import json

import pytest

from tracker_samples import ACTIVITY, agent, statement

ORIGIN = "https://portal.test"


def test_missing_version_header_is_400(client, headers):
    """Communication 3.3: a request without X-Experience-API-Version gets 400 naming the header."""
    response = client.get("/xapi/statements", headers={"Authorization": headers["Authorization"]})
    assert response.status_code == 400
    assert "X-Experience-API-Version" in response.get_json()["error"]["message"]
    assert response.headers["X-Experience-API-Version"] == "2.0.0"  # TRACKER_XAPI_DEFAULT_VERSION


def test_default_version_setting_answers_unversioned_requests(app, client):
    app.config["TRACKER_XAPI_DEFAULT_VERSION"] = "1.0.3"
    response = client.get("/xapi/statements")
    assert response.status_code == 400 and response.headers["X-Experience-API-Version"] == "1.0.3"


def test_consistent_through_on_every_statement_get(client, headers):
    """Communication 2.1.3: X-Experience-API-Consistent-Through on statement GETs whatever the status."""
    import uuid
    for params in ({"statementId": str(uuid.uuid4())}, {"statementId": "bad"}, {"verb": "x"}, {}):
        response = client.get("/xapi/statements", query_string=params, headers=headers)
        assert response.headers["X-Experience-API-Consistent-Through"].endswith("Z"), params


@pytest.mark.parametrize("value", ["0.95", "1.1.0", "3.0.0", "banana"])
def test_unsupported_version_is_400(client, headers, value):
    response = client.get("/xapi/statements", headers={**headers, "X-Experience-API-Version": value})
    assert response.status_code == 400


@pytest.mark.parametrize("sent,answered", [("1.0", "1.0.3"), ("1.0.1", "1.0.3"), ("2.0.0", "2.0.0")])
def test_version_answered_on_success(client, headers, sent, answered):
    response = client.get("/xapi/statements", headers={**headers, "X-Experience-API-Version": sent})
    assert response.status_code == 200
    assert response.headers["X-Experience-API-Version"] == answered


def test_version_header_on_errors_and_options(client, headers):
    """Communication 3.3: every response carries the header, errors and OPTIONS included."""
    for response in (client.get("/xapi/nothing-here", headers=headers),
                     client.get("/xapi/statements", headers={"X-Experience-API-Version": "1.0.3"}),
                     client.options("/xapi/statements"),
                     client.delete("/xapi/statements", headers=headers)):
        assert response.headers["X-Experience-API-Version"], response.status_code
        assert response.status_code < 500


def test_about_is_public_and_lists_versions(client):
    """Communication 2.8: GET /about needs neither credentials nor the version header."""
    response = client.get("/xapi/about")
    assert response.status_code == 200
    assert {"1.0.3", "2.0.0"} <= set(response.get_json()["version"])


def test_cors_preflight_for_allowed_origin(client):
    response = client.options("/xapi/statements", headers={
        "Origin": ORIGIN, "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization,content-type,x-experience-api-version"})
    assert response.status_code < 300
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
    allowed = response.headers["Access-Control-Allow-Headers"].lower()
    for header in ("authorization", "content-type", "x-experience-api-version", "if-match",
                   "if-none-match"):
        assert header in allowed
    assert "POST" in response.headers["Access-Control-Allow-Methods"]


def test_cors_exposes_headers_on_responses(client, headers):
    params = {"activityId": ACTIVITY, "agent": json.dumps(agent()), "stateId": "s"}
    client.put("/xapi/activities/state", query_string=params, json={}, headers=headers)
    response = client.get("/xapi/activities/state", query_string=params,
                          headers={**headers, "Origin": ORIGIN})
    assert response.headers["Access-Control-Allow-Origin"] == ORIGIN
    exposed = response.headers["Access-Control-Expose-Headers"]
    for header in ("ETag", "Last-Modified", "X-Experience-API-Version",
                   "X-Experience-API-Consistent-Through", "Retry-After"):  # a page must read a 429's wait
        assert header in exposed


def test_cors_refuses_other_origins(client, headers):
    response = client.post("/xapi/statements", json=statement(),
                           headers={**headers, "Origin": "https://evil.test"})
    assert "Access-Control-Allow-Origin" not in response.headers
