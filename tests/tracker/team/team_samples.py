"""An organisation for the team view tests: one portal with an outline and intake, two teams,
learners who sign in with their personal link and send statements through the real API, and staff
who sign in with a one-time link through the real pages."""
from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from tracker.learners.sign_in import create_learner, issue_link
from tracker.learners.state import learner_state
from tracker.team.audit import Actor
from tracker.team.mail import sign_in_link
from tracker.team.state import team_state

ROOT = "https://leerpad.test/pm/"
OPENED = "http://activitystrea.ms/schema/1.0/open"
COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
RETRACTED = "http://activitystrea.ms/schema/1.0/retract"
ANSWERED = "http://adlnet.gov/expapi/verbs/answered"
PASSED = "http://adlnet.gov/expapi/verbs/passed"
FAILED = "http://adlnet.gov/expapi/verbs/failed"
REFLECTED = "https://w3id.org/xapi/catch/verbs/reflected"
SHARED = "http://adlnet.gov/expapi/verbs/shared"
RESPONDED = "http://adlnet.gov/expapi/verbs/responded"
VOIDED = "http://adlnet.gov/expapi/verbs/voided"
VERBS = [OPENED, COMPLETED, RETRACTED, ANSWERED, PASSED, FAILED, REFLECTED, SHARED, RESPONDED]
PROFILE = "https://leerpad.example.org/xapi/profile/extensions/"
VISIBILITY = PROFILE + "visibility"

STEPS = [
    {"id": "veiligheid", "kind": "module", "phase": "start", "phase_title": "Start", "title": "Veiligheid",
     "required": True, "due_days": 30, "offer": "always"},
    {"id": "kinder-ehbo", "kind": "training", "phase": "start", "phase_title": "Start",
     "title": "Kinder-EHBO", "required": True, "due_days": None, "offer": "always"},
    {"id": "coaching-start", "kind": "coaching", "phase": "start", "phase_title": "Start",
     "title": "Startgesprek", "required": True, "due_days": None, "offer": "always"},
    {"id": "observeren", "kind": "module", "phase": "verder", "phase_title": "Verder", "title": "Observeren",
     "required": False, "due_days": None, "offer": "always"},
    {"id": "intervisie", "kind": "intervisie", "phase": "verder", "phase_title": "Verder",
     "title": "Intervisie", "required": False, "due_days": None, "offer": "always"},
]
INTAKE = {"intro": "Drie vragen.", "questions": [
    {"id": "ervaring", "question": "Hoeveel ervaring heb je?", "options": [
        {"text": "Weinig", "recommend": ["observeren"], "mastered": [], "hide": [], "require": [], "add": []},
        {"text": "Veel", "recommend": [], "mastered": ["veiligheid"], "hide": ["intervisie"], "require": [],
         "add": []}]},
    {"id": "ehbo", "question": "Heb je een EHBO-diploma?", "options": [
        {"text": "Ja", "recommend": [], "mastered": ["kinder-ehbo"], "hide": [], "require": [], "add": []},
        {"text": "Nee", "recommend": ["kinder-ehbo"], "mastered": [], "hide": [], "require": [], "add": []}]},
]}


def manifest() -> dict:
    activities = [{"id": ROOT, "type": "http://adlnet.gov/expapi/activities/course", "name": "Pad PM"},
                  {"id": ROOT + "intake/", "type": "http://id.tincanapi.com/activitytype/survey", "name": "Intake"}]
    for step in STEPS:
        if step["kind"] == "module":
            module = ROOT + f"modules/{step['id']}/"
            activities += [{"id": module, "type": "http://adlnet.gov/expapi/activities/module", "name": step["title"]},
                           {"id": module + "#toets", "type": "http://adlnet.gov/expapi/activities/assessment",
                            "name": f"Kennischeck: {step['title']}"}]
            activities += [{"id": module + f"#toets-q{n}", "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
                            "name": f"{step['title']} vraag {n}"} for n in (1, 2)]
            activities += [{"id": module + "#reflectie-1", "type": "http://adlnet.gov/expapi/activities/question",
                            "name": f"Wat neem je mee uit {step['title']}?"}]
        else:
            activities.append({"id": ROOT + f"stappen/{step['id']}/",
                               "type": "http://adlnet.gov/expapi/activities/meeting", "name": step["title"]})
    return {"portal": "pm", "title": "Pedagogisch medewerker", "root": ROOT, "verbs": VERBS,
            "activities": activities, "steps": STEPS, "intake": INTAKE}


def write_site(folder: Path) -> Path:
    (folder / "pm").mkdir(parents=True, exist_ok=True)
    (folder / "pm" / "xapi-manifest.json").write_text(json.dumps(manifest()), encoding="utf-8")
    return folder


@dataclass
class Learner:
    id: str
    name: str
    actor: dict
    registration: str
    headers: dict


@dataclass
class Org:
    app: object
    client: object
    learners: dict[str, Learner] = field(default_factory=dict)
    staff: dict[str, object] = field(default_factory=dict)

    def learner(self, name: str, team: str) -> Learner:
        with self.app.app_context():
            store = learner_state().learners
            made = create_learner(store, name=name, role="pm", home_page=self.app.config["TRACKER_HOME_PAGE"],
                                  team=team)
            link = issue_link(store, made, self.app.config["TRACKER_PORTAL_URL"], 3600)
        session = self.client.post("/portal/session", json={"code": link.code}).get_json()
        learner = Learner(made.id, name, made.actor, made.registration,
                          {"Authorization": f"Bearer {session['token']}", "X-Experience-API-Version": "1.0.3"})
        self.learners[name] = learner
        return learner

    def send(self, learner: Learner, verb: str, activity: str, **extra) -> str:
        """Send one statement with the learner's own token through the xAPI API; return its id."""
        statement_id = str(uuid.uuid4())
        body = {"id": statement_id, "actor": learner.actor, "verb": {"id": verb, "display": {"nl": "deed"}},
                "object": {"objectType": "Activity", "id": activity},
                "context": {"registration": learner.registration,
                            "contextActivities": {"parent": [{"id": ROOT}]}}}
        body.update(extra)
        answer = self.client.post("/xapi/statements", json=body, headers=learner.headers)
        assert answer.status_code == 200, answer.get_json()
        return statement_id

    def add_staff(self, name: str, role: str, scope: list[str]):
        with self.app.app_context():
            member = team_state().staff.add(name=name, role=role, email=f"{name.lower()}@vlinder.test",
                                            scope=scope, learner_id=None, actor=Actor.cli())
        self.staff[name] = member
        return member

    def sign_in(self, name: str):
        """A new test client signed in as staff member `name` through the real link page."""
        member = self.staff[name]
        with self.app.test_request_context():
            url, _expires = sign_in_link(member)
        path = url[url.index("/team/"):]
        client = self.app.test_client()
        token = csrf_token(client.get(path).get_data(as_text=True))
        answer = client.post(path, data={"csrf_token": token})
        assert answer.status_code == 302, answer.get_data(as_text=True)
        return client


def csrf_token(html: str) -> str:
    found = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html) or \
        re.search(r'id="csrf_token" name="csrf_token" type="hidden" value="([^"]+)"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def post_form(client, page: str, action: str, data: dict):
    """Open `page` for its CSRF token, then post `data` to `action` (like a person would)."""
    token = csrf_token(client.get(page).get_data(as_text=True))
    return client.post(action, data={"csrf_token": token, **data})
