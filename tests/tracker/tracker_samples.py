"""Statements to send in tests."""
from __future__ import annotations

import base64
import uuid

from tracker.services.credentials import create_credential

HOME = "https://tracker.test.invalid"

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


def basic(key: str, secret: str) -> str:
    return "Basic " + base64.b64encode(f"{key}:{secret}".encode()).decode()


def make_headers(app, *scopes: str, version: str = "1.0.3", name: str = "test client") -> dict:
    """Create a credential with `scopes` and return request headers that use it."""
    with app.app_context():
        credential, secret = create_credential(app.extensions["tracker"].credentials, name,
                                               list(scopes) or ["all"], HOME)
    return {"Authorization": basic(credential.key, secret), "X-Experience-API-Version": version}
