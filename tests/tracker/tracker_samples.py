"""Statements to send in tests."""
from __future__ import annotations

import uuid

VERB = "http://adlnet.gov/expapi/verbs/completed"
VOIDED = "http://adlnet.gov/expapi/verbs/voided"
ACTIVITY = "https://leerpad.test/modules/veiligheid"


def agent(name: str = "anna") -> dict:
    return {"objectType": "Agent", "account": {"homePage": "https://leerpad.test", "name": name}}


def statement(actor: str = "anna", verb: str = VERB, activity: str = ACTIVITY, **extra) -> dict:
    body = {"actor": agent(actor), "verb": {"id": verb, "display": {"en-US": "completed"}},
            "object": {"objectType": "Activity", "id": activity}}
    body.update(extra)
    return body


def with_id(body: dict) -> dict:
    return dict(body, id=str(uuid.uuid4()))


def voiding(target_id: str, actor: str = "anna") -> dict:
    return {"actor": agent(actor), "verb": {"id": VOIDED, "display": {"en-US": "voided"}},
            "object": {"objectType": "StatementRef", "id": target_id}}
