"""One person's compliance: standings, history, evidence and files; and the changes made from a dossier."""
from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from sqlalchemy.engine import Connection

from ..team import audit
from .files import files_of, store_file
from .people import Person, load_people
from .periods import Period, Standing, row_status, standing
from .requirements import Requirement
from .store import add_evidence, evidence_of, load_declared, periods_of, requirement, revoke_evidence, rows_or_plan


class DossierError(ValueError):
    """A change a dossier cannot take; the message is for the person who tried (Dutch)."""


@dataclass
class Item:
    requirement: Requirement
    standing: Standing
    level: str | None
    history: list[tuple[Period, str]]  # newest first, with each row's own status
    evidence: list[dict]


@dataclass
class Dossier:
    person: Person
    items: list[Item]
    files: list[dict]
    other_evidence: list[dict]  # for requirements that no longer apply


def build_dossier(conn: Connection, person: Person, today: dt.date) -> Dossier:
    reqs = load_declared(conn)[0]
    rows = periods_of(conn, [person.id])
    evidence = evidence_of(conn, person.id)
    items, used = [], set()
    for req in reqs:
        if not person.needs(req):
            continue
        history = rows_or_plan(person, req, rows.get((person.id, req.id)))
        mine = [e for e in evidence if e["requirement_id"] == req.id]
        used.update(e["id"] for e in mine)
        items.append(Item(req, standing(history, today), person.level(req),
                          [(r, row_status(r, today)) for r in reversed(history)], mine))
    return Dossier(person, items, files_of(conn, person.id), [e for e in evidence if e["id"] not in used])


def person_by_id(conn: Connection, learner_id: str) -> Person:
    found = load_people(conn, learner_ids=[learner_id])
    if not found:
        raise DossierError("Deze persoon bestaat niet (meer).")
    return found[0]


def _requirement_for(conn: Connection, person: Person, requirement_id: str, kind: str) -> Requirement:
    req = requirement(conn, requirement_id)
    if req is None or not person.needs(req):
        raise DossierError("Deze verplichting geldt niet voor deze persoon.")
    if kind not in req.evidence.kinds:
        raise DossierError(f"Voor '{req.title}' telt dit soort bewijs niet.")
    return req


def _date(value: dt.date | str | None, today: dt.date, field: str) -> str | None:
    if value is None or value == "":
        return None
    try:
        parsed = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
    except ValueError:
        raise DossierError(f"{field}: vul een datum in zoals 2026-03-14.") from None
    if field == "Datum" and parsed > today:
        raise DossierError("Datum: die ligt in de toekomst.")
    return parsed.isoformat()


def upload_certificate(conn: Connection, person: Person, requirement_id: str, *, filename: str | None,
                       content: bytes, done_on, valid_until, max_bytes: int, actor: audit.Actor,
                       today: dt.date) -> int:
    """Keep the file and let it count as evidence (audited); return the file id."""
    req = _requirement_for(conn, person, requirement_id, "certificate")
    done = _date(done_on, today, "Datum")
    if done is None:
        raise DossierError("Datum: vul de datum van het certificaat in.")
    until = _date(valid_until, today, "Geldig tot")
    file_id = store_file(conn, person.id, req.id, filename, content, max_bytes, actor.key)
    add_evidence(conn, person, req, kind="certificate", done_on=done, source=f"file:{file_id}",
                 file_id=file_id, valid_until=until, entered_by=actor.key, entered_by_name=actor.name)
    audit.write(conn, actor, "compliance.certificate_uploaded", subject=person.id,
                detail={"requirement": req.id, "file": file_id, "date": done, "until": until})
    return file_id


def record_manual(conn: Connection, person: Person, requirement_id: str, *, done_on, valid_until,
                  note: str | None, actor: audit.Actor, today: dt.date) -> None:
    req = _requirement_for(conn, person, requirement_id, "manual")
    done = _date(done_on, today, "Datum")
    if done is None:
        raise DossierError("Datum: vul in wanneer het is gecontroleerd.")
    until = _date(valid_until, today, "Geldig tot")
    add_evidence(conn, person, req, kind="manual", done_on=done, source=f"manual:{secrets.token_hex(12)}",
                 valid_until=until, entered_by=actor.key, entered_by_name=actor.name, note=note or None)
    audit.write(conn, actor, "compliance.evidence_recorded", subject=person.id,
                detail={"requirement": req.id, "date": done, "until": until, "note": note})


def revoke(conn: Connection, person: Person, evidence_id: int, reason: str, actor: audit.Actor,
           today: dt.date) -> None:
    mine = {e["id"]: e for e in evidence_of(conn, person.id)}
    item = mine.get(evidence_id)
    if item is None:
        raise DossierError("Dit bewijs hoort niet bij deze persoon.")
    req = requirement(conn, item["requirement_id"])
    if req is None or not revoke_evidence(conn, person, req, evidence_id, by=actor.name, on=today):
        raise DossierError("Dit bewijs is al ingetrokken.")
    audit.write(conn, actor, "compliance.evidence_revoked", subject=person.id,
                detail={"requirement": req.id, "evidence": evidence_id, "reason": reason})
