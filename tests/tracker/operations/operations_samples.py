"""Statements for the operations tests (a `zorg` portal)."""
from __future__ import annotations

ROOT = "https://leerpad.test/zorg/"
MODULE = ROOT + "modules/veiligheid/"
COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
REFLECTED = "https://w3id.org/xapi/catch/verbs/reflected"
SHARED = "http://adlnet.gov/expapi/verbs/shared"
VISIBILITY = "https://leerpad.example.org/xapi/profile/extensions/visibility"


def completed(actor: dict, activity: str = MODULE, **extra) -> dict:
    return {"actor": actor, "verb": {"id": COMPLETED, "display": {"nl-NL": "voltooide"}},
            "object": {"objectType": "Activity", "id": activity,
                       "definition": {"name": {"nl-NL": "Veiligheid"}}}, **extra}


def reflection(actor: dict, text: str) -> dict:
    return {"actor": actor, "verb": {"id": REFLECTED, "display": {"nl-NL": "reflecteerde"}},
            "object": {"objectType": "Activity", "id": MODULE},
            "result": {"response": text, "extensions": {VISIBILITY: "private"}}}
