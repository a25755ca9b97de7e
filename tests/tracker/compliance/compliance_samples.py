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
