"""An organisation written straight into the tables, and the demo requirements loaded by the real command."""
from __future__ import annotations

import json
import uuid
from pathlib import Path

from tracker.storage.database import writer
from tracker.storage.schema import learners
from tracker.team.tables import confirmations, contract_hours, locations, staff, staff_scopes, teams

ROOT = Path(__file__).resolve().parents[3]
REQUIREMENTS = ROOT / "paths" / "compliance" / "requirements.yml"
HOME = "https://tracker.test.invalid"


class Org:
    """Writes locations, teams, learners, hours and confirmations; ids are the names given."""

    def __init__(self, app):
        self.engine = app.extensions["tracker"].engine

    def _insert(self, table, **values):
        with writer(self.engine).begin() as conn:
            conn.execute(table.insert().values(**values))

    def location(self, id: str, kind: str = "dagopvang", ve_children: int | None = None):
        self._insert(locations, id=id, name=id.replace("-", " ").title(), lrk="123456789", kind=kind,
                     ve_children=ve_children, created_at="2020-01-01T00:00:00.000000Z")
        return id

    def team(self, id: str, location: str):
        self._insert(teams, id=id, name=id.title(), location_id=location,
                     created_at="2020-01-01T00:00:00.000000Z")
        return id

    def learner(self, id: str, *, role: str = "pm-ervaren", team: str | None = None,
                created: str = "2024-01-01", email: str | None = None):
        actor = {"objectType": "Agent", "account": {"homePage": HOME, "name": id}}
        self._insert(learners, id=id, name=id.title(), role=role, team=team, email=email,
                     registration=str(uuid.uuid4()), actor=json.dumps(actor),
                     created_at=f"{created}T08:00:00.000000Z")
        return id

    def hours(self, learner: str, hours: float, effective_from: str, flexible: bool = False):
        self._insert(contract_hours, learner_id=learner, hours=hours, effective_from=effective_from,
                     flexible=flexible, recorded_at="2020-01-01T00:00:00.000000Z", recorded_by="test")

    def confirmation(self, learner: str, kind: str, held_on: str, *, step_id: str | None = None,
                     minutes: int | None = None, staff_id: str = "coach1", staff_name: str = "Carla Coach",
                     voided: bool = False) -> str:
        statement_id = str(uuid.uuid4())
        self._insert(confirmations, statement_id=statement_id, session_id=str(uuid.uuid4()),
                     learner_id=learner, kind=kind, step_id=step_id, title=step_id or kind,
                     staff_id=staff_id, staff_name=staff_name, held_on=held_on, minutes=minutes,
                     voided=voided)
        return statement_id

    def staff(self, id: str, role: str, scope: list[str] = (), email: str | None = None):
        self._insert(staff, id=id, name=id.title(), email=email, role=role,
                     created_at="2020-01-01T00:00:00.000000Z")
        for ref in scope:
            self._insert(staff_scopes, staff_id=id, kind="team" if role == "coach" else "location", ref_id=ref)
        return id


def load_requirements(runner, file: Path = REQUIREMENTS):
    result = runner.invoke(args=["compliance", "load", str(file)])
    assert result.exit_code == 0, result.output
    return result


PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
       b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def staff_client(app, name: str, role: str, scope: list[str], email: str | None = None):
    """A test client signed in as a new staff member, through the team view's real link page."""
    import re

    from tracker.team.audit import Actor
    from tracker.team.mail import sign_in_link
    from tracker.team.state import team_state

    with app.app_context():
        member = team_state().staff.add(name=name, role=role, email=email, scope=scope, learner_id=None,
                                        actor=Actor.cli())
    with app.test_request_context():
        url, _expires = sign_in_link(member)
    path = url[url.index("/team/"):]
    client = app.test_client()
    page = client.get(path).get_data(as_text=True)
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page).group(1)
    answer = client.post(path, data={"csrf_token": token})
    assert answer.status_code == 302, answer.get_data(as_text=True)
    client.member = member
    return client


def csrf(client, page: str, field: str = "csrf_token") -> str:
    import re

    html = client.get(page).get_data(as_text=True)
    found = re.search(rf'name="{re.escape(field)}" type="hidden" value="([^"]+)"', html) or \
        re.search(rf'id="{re.escape(field)}" name="{re.escape(field)}" type="hidden" value="([^"]+)"', html)
    assert found, f"no {field} in {page}"
    return found.group(1)


def learner_headers(app, client, learner_id: str) -> dict:
    """Bearer headers of a learner (a real code exchange through /portal/session)."""
    from tracker.learners.sign_in import issue_link
    from tracker.learners.state import learner_state

    with app.app_context():
        store = learner_state().learners
        link = issue_link(store, store.get(learner_id), app.config["TRACKER_PORTAL_URL"], 3600)
    session = client.post("/portal/session", json={"code": link.code}).get_json()
    return {"Authorization": f"Bearer {session['token']}"}
