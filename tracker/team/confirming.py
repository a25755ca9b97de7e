"""Confirming blended steps: a training, coaching conversation or intervisie meeting that took place.

Each participant gets an xAPI `attended` statement about their path's step, with the staff member as
instructor and as authority; the projector turns it into a completed, "bevestigd" step and a
`confirmations` row (coaching minutes feed the Wet IKK ledger).
"""
from __future__ import annotations

import json
import uuid
from dataclasses import dataclass

from flask import current_app
from sqlalchemy import select

from ..extension import tracker
from ..services.statements import store_statements
from ..storage.schema import portals
from .access import Person
from .board import Outline
from .projection import ATTENDED, SESSION, STAFF_PREFIX, STEP_KIND
from .staff import StaffMember
from .strings import translate as _

MEETING = "http://adlnet.gov/expapi/activities/meeting"
COURSE = "http://adlnet.gov/expapi/activities/course"
FREE_COACHING = "coaching/"  # under a portal root: a coaching conversation outside the path
KIND_NAMES = {"training": "Training", "coaching": "Coachgesprek", "intervisie": "Intervisie"}


@dataclass(frozen=True)
class Meeting:
    kind: str
    step_id: str | None  # None: a coaching conversation outside the path
    title: str
    held_on: str  # YYYY-MM-DD
    minutes: int | None


def staff_agent(member: StaffMember, home_page: str) -> dict:
    return {"objectType": "Agent", "name": member.name,
            "account": {"homePage": home_page, "name": STAFF_PREFIX + member.id}}


def problems(meeting: Meeting, participants: list[Person], outlines: dict[str, Outline]) -> list[str]:
    """Why this meeting cannot be confirmed for these people (empty when it can)."""
    found = []
    if meeting.step_id is None and meeting.kind != "coaching":
        found.append(_("Kies de stap uit het leerpad: alleen een coachgesprek kan los van het leerpad."))
    if meeting.kind == "coaching" and not meeting.minutes:
        found.append(_("Vul de duur van het coachgesprek in minuten in: die telt mee voor de Wet IKK-uren."))
    if meeting.step_id is not None:
        missing = [p.name for p in participants if not any(
            s.id == meeting.step_id and s.kind == meeting.kind
            for s in (outlines.get(p.role).steps if outlines.get(p.role) else ()))]
        if missing:
            found.append(_("Deze stap staat niet in het leerpad van: {names}.", names=", ".join(missing)))
    return found


def confirm(member: StaffMember, meeting: Meeting, participants: list[Person]) -> list[str]:
    """Store one `attended` statement per participant in one transaction; return their ids."""
    config = current_app.config
    home = config["TRACKER_HOME_PAGE"]
    engine = tracker().engine
    with engine.connect() as conn:
        roots = dict(conn.execute(select(portals.c.portal, portals.c.root)).all())
    session = str(uuid.uuid4())
    authority = staff_agent(member, home)
    batch = []
    for person in participants:
        root = roots[person.role]
        activity = root + (f"stappen/{meeting.step_id}/" if meeting.step_id else FREE_COACHING)
        result = {"completion": True}
        if meeting.minutes:
            result["duration"] = f"PT{meeting.minutes}M"
        registration = _registration(person)
        context = {"instructor": authority,
                   "contextActivities": {"parent": [{"objectType": "Activity", "id": root,
                                                     "definition": {"type": COURSE}}]},
                   "extensions": {SESSION: session}}
        if registration:
            context["registration"] = registration
        batch.append({
            "id": str(uuid.uuid4()), "actor": json.loads(person.actor),
            "verb": {"id": ATTENDED, "display": {"nl-NL": "was aanwezig bij", "en-US": "attended"}},
            "object": {"objectType": "Activity", "id": activity, "definition": {
                "type": MEETING, "name": {"nl-NL": meeting.title},
                "extensions": {STEP_KIND: meeting.kind}}},
            "result": result, "context": context, "timestamp": f"{meeting.held_on}T12:00:00Z"})
    return store_statements(tracker().statements, batch, version=config["TRACKER_XAPI_DEFAULT_VERSION"],
                            authority=authority)


def _registration(person: Person) -> str | None:
    from ..storage.schema import learners

    with tracker().engine.connect() as conn:
        return conn.execute(select(learners.c.registration).where(learners.c.id == person.id)).scalar()
