"""Manifests and statements for the learner tests (a `zorg` and a `techniek` portal)."""
from __future__ import annotations

import json
import uuid
from pathlib import Path

from tracker.learners.sign_in import create_learner, issue_link
from tracker.learners.state import learner_state
from tracker.services.privacy import VISIBILITY

SITE_URL = "https://leerpad.test/"
ZORG = SITE_URL + "zorg/"
TECHNIEK = SITE_URL + "techniek/"
OPENED = "http://activitystrea.ms/schema/1.0/open"
COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
REFLECTED = "https://w3id.org/xapi/catch/verbs/reflected"
SHARED = "http://adlnet.gov/expapi/verbs/shared"
VOIDED = "http://adlnet.gov/expapi/verbs/voided"
VERBS = [OPENED, COMPLETED, "http://adlnet.gov/expapi/verbs/answered", REFLECTED, SHARED]
MODULE = ZORG + "modules/veiligheid/"
REFLECTION = MODULE + "#reflectie-1"


def manifest(role: str, root: str, verbs: list[str] | None = None) -> dict:
    module = root + "modules/veiligheid/"
    return {"portal": role, "title": f"Pad {role}", "root": root, "verbs": verbs or VERBS,
            "activities": [{"id": root, "type": "http://adlnet.gov/expapi/activities/course",
                            "name": f"Pad {role}"},
                           {"id": root + "intake/", "type": "http://id.tincanapi.com/activitytype/survey",
                            "name": "Intake"},
                           {"id": module, "type": "http://adlnet.gov/expapi/activities/module",
                            "name": "Veiligheid"},
                           {"id": module + "#reflectie-1",
                            "type": "http://id.tincanapi.com/activitytype/reflection", "name": "Wat?"}]}


def write_site(folder: Path, **overrides: dict) -> Path:
    """A built-site-like folder: <folder>/<role>/xapi-manifest.json for zorg and techniek."""
    for role, root in (("zorg", ZORG), ("techniek", TECHNIEK)):
        (folder / role).mkdir(parents=True, exist_ok=True)
        data = overrides.get(role) or manifest(role, root)
        (folder / role / "xapi-manifest.json").write_text(json.dumps(data), encoding="utf-8")
    return folder


def statement(actor: dict, verb: str = COMPLETED, activity: str = MODULE, **extra) -> dict:
    body = {"actor": actor, "verb": {"id": verb, "display": {"nl": "deed"}},
            "object": {"objectType": "Activity", "id": activity},
            "context": {"contextActivities": {"parent": [{"id": ZORG}]}}}
    body.update(extra)
    return body


def share(actor: dict, target_id: str) -> dict:
    """A learner's statement sharing their reflection `target_id` (a StatementRef)."""
    body = statement(actor, SHARED, REFLECTION, id=str(uuid.uuid4()),
                     result={"extensions": {VISIBILITY: "shared"}})
    body["context"]["statement"] = {"objectType": "StatementRef", "id": target_id}
    return body


def new_link(app, name: str = "Anna", role: str = "zorg"):
    """(learner, link) made by the service layer, as `learners add` does."""
    with app.app_context():
        store = learner_state().learners
        learner = create_learner(store, name=name, role=role,
                                 home_page=app.config["TRACKER_HOME_PAGE"])
        link = issue_link(store, learner, app.config["TRACKER_PORTAL_URL"], app.config["TRACKER_LINK_TTL"])
    return learner, link
