"""The OpenAPI description at /openapi.json covers every route under /xapi/ and /portal/ (issue 11)."""
from __future__ import annotations

import re


METHODS = {"GET", "PUT", "POST", "DELETE"}


def openapi_path(rule: str) -> str:
    return re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule)


def test_every_route_is_described(app, client):
    answer = client.get("/openapi.json")
    assert answer.status_code == 200
    document = answer.get_json()
    assert document["openapi"].startswith("3.")
    described = {(path, method.upper()) for path, item in document["paths"].items()
                 for method in item if method.upper() in METHODS}
    routes = {(openapi_path(rule.rule), method) for rule in app.url_map.iter_rules()
              if rule.rule.startswith(("/xapi/", "/portal/")) for method in rule.methods & METHODS}
    assert routes - described == set(), "describe these in tracker/api/openapi.py"
    assert described - routes == set(), "these are described but not served"


def test_the_description_is_public_and_json(client):
    answer = client.get("/openapi.json")
    assert answer.headers["Content-Type"] == "application/json"
    assert answer.headers["Content-Security-Policy"].startswith("default-src 'none'")
