"""Security headers on tracker answers (issue 11): CSP for the API, nosniff, Referrer-Policy, and
Cache-Control: no-store on every answer to a request with credentials."""
from __future__ import annotations

import json

import pytest
from flask import Blueprint

from tracker_samples import agent, statement

STATE = {"activityId": "https://leerpad.test/m", "agent": json.dumps(agent()), "stateId": "s"}


@pytest.mark.parametrize("method, path, params", [
    ("GET", "/xapi/statements", {}), ("GET", "/xapi/activities/state", STATE),
    ("GET", "/xapi/about", {}), ("POST", "/xapi/statements", {}), ("GET", "/xapi/nowhere", {})])
def test_authenticated_api_answers(client, headers, method, path, params):
    answer = client.open(path, method=method, headers=headers, query_string=params,
                         json=statement() if method == "POST" else None)
    assert answer.headers["Content-Security-Policy"].startswith("default-src 'none'")
    assert "frame-ancestors 'none'" in answer.headers["Content-Security-Policy"]
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["Referrer-Policy"] == "no-referrer"
    assert answer.headers["Cache-Control"] == "no-store"


def test_failed_authentication_and_portal_session_answers(client):
    for answer in (client.get("/xapi/statements", headers={"Authorization": "Basic eDp5",
                                                            "X-Experience-API-Version": "1.0.3"}),
                   client.post("/portal/session", json={"code": "nope"})):
        assert answer.status_code in (401, 403), answer.get_json()
        assert answer.headers["Content-Security-Policy"].startswith("default-src 'none'")
        assert answer.headers["Cache-Control"] == "no-store"


def test_a_page_keeps_its_own_content_security_policy(database):
    """A blueprint that sets its own CSP (the team pages) keeps it."""
    from tracker import create_app

    url, schema = database
    app = create_app({"TESTING": True, "TRACKER_DATABASE_URL": url, "TRACKER_DATABASE_SCHEMA": schema,
                      "TRACKER_AUTO_MIGRATE": False, "TRACKER_SECRET_KEY": "x"})
    pages = Blueprint("pages_for_test", __name__, url_prefix="/pages-for-test")

    @pages.get("/")
    def page():
        return "<p>hallo</p>", 200, {"Content-Security-Policy": "default-src 'self'"}

    app.register_blueprint(pages)
    answer = app.test_client().get("/pages-for-test/")
    assert answer.headers["Content-Security-Policy"] == "default-src 'self'"
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    app.extensions["tracker"].engine.dispose()
