"""An OpenAPI 3.0 description of the tracker's HTTP API, served at GET /openapi.json (no credentials).

Kept in sync with the routes by tests/tracker/api/test_openapi.py: every route under /xapi/ and
/portal/ must be described here. It drives schemathesis (tests/tracker/limits/test_schemathesis.py,
bench/api_fuzz.py). The xAPI payloads themselves are described loosely (objects); their rules are
the spec's and tracker/xapi/ checks them.
"""
from __future__ import annotations

from flask import Flask, jsonify

JSON = "application/json"
ERROR = {"description": "the tracker's JSON error",
         "content": {JSON: {"schema": {"$ref": "#/components/schemas/Error"}}}}
ANY_JSON = {"content": {JSON: {"schema": {}}}}


def _param(name: str, where: str = "query", required: bool = False, schema: dict | None = None,
           description: str = "") -> dict:
    return {"name": name, "in": where, "required": required, "schema": schema or {"type": "string"},
            "description": description}


VERSION = _param("X-Experience-API-Version", "header", True,
                 {"type": "string", "enum": ["1.0.3", "2.0.0"]}, "xAPI version of the request")
AGENT = {**_param("agent", required=True, description="an Agent as JSON"),
         "example": '{"objectType": "Agent", "mbox": "mailto:anna@leerpad.example"}'}
ACTIVITY = {**_param("activityId", required=True, schema={"type": "string"}),
            "example": "https://leerpad.example/zorg/modules/veiligheid/"}
IF_MATCH = _param("If-Match", "header")
IF_NONE_MATCH = _param("If-None-Match", "header")


def _responses(ok: str, *statuses: int, body: dict | None = None) -> dict:
    answers = {ok: {"description": "success", **(body or {})}}
    for status in statuses:
        answers[str(status)] = ERROR
    return answers


COMMON = (400, 401, 403, 413, 429)


def _document(resource: str, id_param: str, with_agent: bool, with_activity: bool,
              with_registration: bool) -> dict:
    params = [VERSION]
    if with_activity:
        params.append(ACTIVITY)
    if with_agent:
        params.append(AGENT)
    if with_registration:
        params.append(_param("registration", schema={"type": "string", "format": "uuid"}))
    one = _param(id_param, description="document id; without it GET lists ids, DELETE (State) all")
    body = {"requestBody": {"required": True, "content": {JSON: {"schema": {"type": "object"}},
                                                          "application/octet-stream": {"schema": {}}}}}
    return {
        "parameters": params,
        "get": {"summary": f"{resource}: one document, or the ids", "tags": ["documents"],
                "parameters": [one, _param("since", schema={"type": "string", "format": "date-time"})],
                "responses": _responses("200", *COMMON, 404, body={"content": {"*/*": {"schema": {}}}})},
        "put": {"summary": f"{resource}: store a document", "tags": ["documents"],
                "parameters": [{**one, "required": True}, IF_MATCH, IF_NONE_MATCH], **body,
                "responses": _responses("204", *COMMON, 409, 412)},
        "post": {"summary": f"{resource}: create or merge a JSON document", "tags": ["documents"],
                 "parameters": [{**one, "required": True}, IF_MATCH, IF_NONE_MATCH], **body,
                 "responses": _responses("204", *COMMON, 409, 412)},
        "delete": {"summary": f"{resource}: delete", "tags": ["documents"],
                   "parameters": [one, IF_MATCH], "responses": _responses("204", *COMMON, 412)},
    }


STATEMENT_BODY = {"required": True, "content": {
    JSON: {"schema": {"oneOf": [{"$ref": "#/components/schemas/Statement"},
                                {"type": "array", "items": {"$ref": "#/components/schemas/Statement"}}]}},
    "multipart/mixed": {"schema": {"type": "string", "format": "binary"}}}}
QUERY = ["statementId", "voidedStatementId", "agent", "verb", "activity", "registration",
         "related_activities", "related_agents", "since", "until", "limit", "format", "attachments",
         "ascending", "more"]


def _portal(summary: str, method: str, ok: str = "200", auth: bool = True, body: bool = False,
            params: list | None = None) -> dict:
    operation = {"summary": summary, "tags": ["portal"], "parameters": params or [],
                 "responses": _responses(ok, 400, 401, 403, 404, 413, 429, body=ANY_JSON if ok == "200" else None)}
    if not auth:
        operation["security"] = []
    if body:
        operation["requestBody"] = {"required": True, "content": {JSON: {"schema": {"type": "object"}}}}
    return {method: operation}


def describe() -> dict:
    """The OpenAPI document."""
    paths = {
        "/xapi/about": {"get": {"summary": "versions the LRS speaks", "tags": ["xapi"], "security": [],
                                "responses": _responses("200", 400, body=ANY_JSON)}},
        "/xapi/statements": {
            "parameters": [VERSION],
            "get": {"summary": "one statement or a query", "tags": ["statements"],
                    "parameters": [_param(name) for name in QUERY],
                    "responses": _responses("200", *COMMON, 404, body=ANY_JSON)},
            "put": {"summary": "store one statement with its id", "tags": ["statements"],
                    "parameters": [_param("statementId", required=True, schema={"type": "string", "format": "uuid"})],
                    "requestBody": STATEMENT_BODY, "responses": _responses("204", *COMMON, 409)},
            "post": {"summary": "store statements; partialSuccess=true stores the valid ones",
                     "tags": ["statements"], "parameters": [_param("partialSuccess", schema={"type": "boolean"})],
                     "requestBody": STATEMENT_BODY, "responses": _responses("200", *COMMON, 409, body=ANY_JSON)}},
        "/xapi/activities": {"get": {"summary": "an Activity with its definition", "tags": ["xapi"],
                                     "parameters": [VERSION, ACTIVITY],
                                     "responses": _responses("200", *COMMON, body=ANY_JSON)}},
        "/xapi/agents": {"get": {"summary": "a Person for an Agent", "tags": ["xapi"],
                                 "parameters": [VERSION, AGENT],
                                 "responses": _responses("200", *COMMON, body=ANY_JSON)}},
        "/xapi/activities/state": _document("State", "stateId", True, True, True),
        "/xapi/activities/profile": _document("Activity Profile", "profileId", False, True, False),
        "/xapi/agents/profile": _document("Agent Profile", "profileId", True, False, False),
        "/portal/session": {**_portal("exchange a one-time code for a learner token", "post", auth=False,
                                      body=True),
                            **_portal("sign out: revoke this token", "delete", ok="204")},
        "/portal/me/team": _portal("the learner's team (team view)", "get"),
        "/portal/verplichtingen": _portal("the learner's obligations (compliance)", "get"),
        "/portal/verplichtingen/agenda": _portal("a new calendar feed link", "post"),
        "/portal/verplichtingen/agenda/{token}.ics": _portal(
            "the obligations as iCalendar", "get", auth=False,
            params=[_param("token", "path", True)]),
        "/portal/verplichtingen/{requirement_id}/certificaat": _portal(
            "upload a certificate", "post", params=[_param("requirement_id", "path", True)]),
        "/portal/verplichtingen/bestand/{file_id}": _portal(
            "one of the learner's own files", "get", params=[_param("file_id", "path", True, {"type": "integer"})]),
    }
    return {
        "openapi": "3.0.3",
        "info": {"title": "Leerpad tracker", "version": "1",
                 "description": "xAPI 1.0.3 / 2.0.0 LRS and the portal's sign-in; see docs/tracker.md"},
        "paths": paths,
        "security": [{"basic": []}, {"bearer": []}],
        "components": {
            "securitySchemes": {"basic": {"type": "http", "scheme": "basic"},
                                "bearer": {"type": "http", "scheme": "bearer"}},
            "schemas": {
                "Error": {"type": "object", "required": ["error"], "properties": {"error": {
                    "type": "object", "required": ["status", "message"],
                    "properties": {"status": {"type": "integer"}, "message": {"type": "string"}}}}},
                "Statement": {"type": "object", "required": ["actor", "verb", "object"],
                              "properties": {"id": {"type": "string", "format": "uuid"},
                                             "actor": {"type": "object"}, "verb": {"type": "object"},
                                             "object": {"type": "object"}, "result": {"type": "object"},
                                             "context": {"type": "object"},
                                             "timestamp": {"type": "string", "format": "date-time"}}},
            },
        },
    }


def init_app(app: Flask) -> None:
    document = describe()

    @app.get("/openapi.json")
    def openapi():
        return jsonify(document)
