"""The `define` scope (xAPI 1.0.3 Communication 4.2, "define"): only credentials holding `define` or
`all` change stored Activity definitions; other statements are stored as sent and define nothing."""
from __future__ import annotations

import json

from tracker_samples import ACTIVITY, make_headers, statement


def named(name: str, activity: str = ACTIVITY) -> dict:
    body = statement(activity=activity)
    body["object"]["definition"] = {"name": {"en-US": name}}
    return body


def post(client, headers, body):
    answer = client.post("/xapi/statements", data=json.dumps(body), headers=headers,
                         content_type="application/json")
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def definition(client, headers, activity: str = ACTIVITY):
    answer = client.get("/xapi/activities", query_string={"activityId": activity}, headers=headers)
    assert answer.status_code == 200
    return answer.get_json().get("definition")


def test_statements_write_alone_does_not_rename_an_activity(app, client, headers):
    """A writer without `define` cannot replace the name everyone else sees (issue 11)."""
    post(client, headers, named("Veiligheid"))
    writer = make_headers(app, "statements/write", name="writer")
    (sid,) = post(client, writer, named("<img src=x onerror=alert(1)>"))
    assert definition(client, headers) == {"name": {"en-US": "Veiligheid"}}
    stored = client.get("/xapi/statements", query_string={"statementId": sid}, headers=headers)
    assert stored.get_json()["object"]["definition"]["name"] == {"en-US": "<img src=x onerror=alert(1)>"}


def test_statements_write_alone_does_not_define_a_new_activity(app, client, headers):
    writer = make_headers(app, "statements/write", name="writer")
    post(client, writer, named("Eerste naam", ACTIVITY + "/nieuw"))
    assert definition(client, headers, ACTIVITY + "/nieuw") is None


def test_define_scope_updates_the_definition(app, client, headers):
    definer = make_headers(app, "statements/write", "define", name="definer")
    post(client, definer, named("Veiligheid"))
    post(client, definer, named("Veiligheid op de groep"))
    assert definition(client, headers) == {"name": {"en-US": "Veiligheid op de groep"}}


def test_all_scope_updates_the_definition(client, headers):
    post(client, headers, named("Veiligheid"))
    assert definition(client, headers) == {"name": {"en-US": "Veiligheid"}}


def test_partial_success_without_define_does_not_rename(app, client, headers):
    post(client, headers, named("Veiligheid"))
    writer = make_headers(app, "statements/write", name="writer")
    answer = client.post("/xapi/statements", query_string={"partialSuccess": "true"}, headers=writer,
                         data=json.dumps([named("Anders"), {"bad": 1}]), content_type="application/json")
    assert answer.status_code == 200 and len(answer.get_json()["stored"]) == 1
    assert definition(client, headers) == {"name": {"en-US": "Veiligheid"}}
