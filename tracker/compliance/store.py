"""Requirements, periods and evidence in the database: every write goes through here.

Evidence is appended; `settle` turns new evidence into completed periods and plans the next
period. Rows are only ever completed or revoked, never deleted, so the history stays whole.
"""
from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import String, case, literal, select, update
from sqlalchemy.engine import Connection

from ..services.clock import now_iso
from ..storage.schema import settings
from ..team import audit
from .people import Person
from .periods import Period, Standing, counts, day, first_period, renewal_period, validity
from .requirements import IkkSettings, Requirement, RequirementsFile
from .tables import (compliance_current, compliance_evidence, compliance_periods, compliance_requirements,
                     compliance_tags)

SETTINGS_KEY = "compliance:file"
TAGS = ("babies", "ve", "bhv")


def today() -> dt.date:
    return dt.datetime.now(dt.timezone.utc).date()


# --- Requirements --------------------------------------------------------------------------------

def save_requirements(conn: Connection, declared: RequirementsFile, actor: audit.Actor) -> dict:
    """Store the declared requirements; ones no longer declared are retired, never deleted."""
    now = now_iso()
    known = {r.id: r.retired_at for r in conn.execute(select(compliance_requirements))}
    for position, req in enumerate(declared.requirements):
        values = dict(position=position, spec=req.model_dump_json(), loaded_at=now, retired_at=None)
        if req.id in known:
            conn.execute(update(compliance_requirements).where(compliance_requirements.c.id == req.id)
                         .values(**values))
        else:
            conn.execute(compliance_requirements.insert().values(id=req.id, **values))
    ids = {r.id for r in declared.requirements}
    retired = [rid for rid, at in known.items() if rid not in ids and at is None]
    if retired:
        conn.execute(update(compliance_requirements).where(compliance_requirements.c.id.in_(retired))
                     .values(retired_at=now))
    extra = json.dumps({"ikk": declared.ikk.model_dump(), "ehbo_requirement": declared.ehbo_requirement})
    if conn.execute(select(settings.c.name).where(settings.c.name == SETTINGS_KEY)).first():
        conn.execute(update(settings).where(settings.c.name == SETTINGS_KEY).values(value=extra))
    else:
        conn.execute(settings.insert().values(name=SETTINGS_KEY, value=extra))
    summary = {"loaded": sorted(ids), "retired": sorted(retired)}
    audit.write(conn, actor, "compliance.requirements_loaded", detail=summary)
    return summary


def load_declared(conn: Connection) -> tuple[list[Requirement], IkkSettings, str | None]:
    """The current requirements in file order, the IKK settings and the EHBO requirement id."""
    rows = conn.execute(select(compliance_requirements.c.spec)
                        .where(compliance_requirements.c.retired_at.is_(None))
                        .order_by(compliance_requirements.c.position)).scalars()
    reqs = [Requirement.model_validate_json(spec) for spec in rows]
    raw = conn.execute(select(settings.c.value).where(settings.c.name == SETTINGS_KEY)).scalar()
    extra = json.loads(raw) if raw else {}
    return reqs, IkkSettings(**extra.get("ikk", {})), extra.get("ehbo_requirement")


def requirement(conn: Connection, requirement_id: str) -> Requirement | None:
    spec = conn.execute(select(compliance_requirements.c.spec)
                        .where(compliance_requirements.c.id == requirement_id)).scalar()
    return Requirement.model_validate_json(spec) if spec else None


# --- Periods -------------------------------------------------------------------------------------

def _period(row) -> Period:
    return Period(row.learner_id, row.requirement_id, row.window_start, row.due, row.window_end,
                  row.completed_at, row.valid_from, row.valid_until, row.evidence_id, row.revoked_at,
                  row.revoked_by, row.id)


def periods_of(conn: Connection, learner_ids: list[str] | None = None,
               requirement_id: str | None = None) -> dict[tuple[str, str], list[Period]]:
    """Rows per (learner, requirement), oldest first: the whole history."""
    p = compliance_periods.c
    query = select(p.learner_id, p.requirement_id, p.window_start, p.due, p.window_end, p.completed_at,
                   p.valid_from, p.valid_until, p.evidence_id, p.revoked_at, p.revoked_by, p.id).order_by(p.id)
    if learner_ids is not None:
        query = query.where(p.learner_id.in_(learner_ids))
    if requirement_id is not None:
        query = query.where(p.requirement_id == requirement_id)
    found: dict[tuple[str, str], list[Period]] = {}
    for row in conn.execute(query).all():
        found.setdefault((row[0], row[1]), []).append(Period(*row))
    return found


def _current_values(rows: list[Period]) -> dict | None:
    live = [r for r in rows if r.live]
    if not live:
        return None
    latest = live[-1]
    done = [r for r in live if r.completed]
    proof = done[-1] if done else None
    revoked = [r.id for r in rows if not r.live]
    return {"latest_id": latest.id, "window_start": latest.window_start, "due": latest.due,
            "window_end": latest.window_end, "completed_at": latest.completed_at,
            "valid_until": latest.valid_until, "proof_id": proof.id if proof else None,
            "proof_completed_at": proof.completed_at if proof else None,
            "proof_valid_until": proof.valid_until if proof else None,
            "revoked_id": max(revoked) if revoked else None}


def refresh_current(conn: Connection, learner_id: str, requirement_id: str,
                    rows: list[Period] | None = None) -> None:
    """Keep the grid's projection row of one person and requirement in step with its periods."""
    if rows is None:
        rows = periods_of(conn, [learner_id], requirement_id).get((learner_id, requirement_id), [])
    key = (compliance_current.c.learner_id == learner_id) & (compliance_current.c.requirement_id == requirement_id)
    conn.execute(compliance_current.delete().where(key))
    values = _current_values(rows)
    if values is not None:
        conn.execute(compliance_current.insert().values(learner_id=learner_id, requirement_id=requirement_id,
                                                        **values))


def rebuild_current(conn: Connection) -> int:
    """Rebuild the whole projection from the periods (after a bulk import); return the rows made."""
    conn.execute(compliance_current.delete())
    made = []
    for (learner_id, requirement_id), rows in periods_of(conn).items():
        values = _current_values(rows)
        if values is not None:
            made.append({"learner_id": learner_id, "requirement_id": requirement_id, **values})
    if made:
        conn.execute(compliance_current.insert(), made)
    return len(made)


def current_standings(conn: Connection, today: dt.date,
                      learner_ids: list[str] | None = None) -> dict[tuple[str, str], Standing]:
    """Per person and requirement the standing today, from the projection (one row each); the
    status is worked out by the database with `status_sql`, the same rule as `standing`."""
    c = compliance_current.c
    on = today.isoformat()
    query = select(c.learner_id, c.requirement_id, status_sql(on), c.due, c.window_start, c.completed_at,
                   c.valid_until, c.proof_completed_at, c.proof_valid_until)
    if learner_ids is not None:
        query = query.where(c.learner_id.in_(learner_ids))
    found = {}
    for learner, req, status, due, start, completed, until, proof_done, proof_until in conn.execute(query).all():
        found[(learner, req)] = (Standing(status, None, until, completed, None) if completed is not None
                                 else Standing(status, due, proof_until, proof_done, start))
    return found


def status_sql(on: str):
    """periods.standing_of_current as one SQL CASE over compliance_current (dates compare as text)."""
    c = compliance_current.c
    day_ = literal(on, String)
    return case(
        (c.completed_at.isnot(None), case((c.valid_until.is_(None) | (day_ <= c.valid_until), "geldig"),
                                          else_="verlopen")),
        (c.proof_valid_until.isnot(None) & (day_ <= c.proof_valid_until),
         case((day_ < c.window_start, "geldig"), else_="bijna_verlopen")),
        (day_ > c.window_end, "verlopen"),
        (c.revoked_id.isnot(None) & (c.proof_id.is_(None) | (c.revoked_id > c.proof_id)), "ingetrokken"),
        (day_ < c.window_start, "toekomstig"),
        (day_ <= c.due, "open"),
        else_="te_laat")


def rows_or_plan(person: Person, req: Requirement, stored: list[Period] | None) -> list[Period]:
    """The stored rows, or the first period as it would be stored (for people not settled yet)."""
    return stored if stored else [first_period(req, person.id, person.start)]


def _insert(conn: Connection, period: Period) -> int:
    values = {k: getattr(period, k) for k in ("learner_id", "requirement_id", "window_start", "due",
                                               "window_end", "completed_at", "valid_from",
                                               "valid_until", "evidence_id")}
    result = conn.execute(compliance_periods.insert().values(created_at=now_iso(), **values))
    return result.inserted_primary_key[0]


def settle(conn: Connection, person: Person, req: Requirement) -> None:
    """Make sure the person has a first period, and let unused evidence complete open periods."""
    rows = periods_of(conn, [person.id], req.id).get((person.id, req.id), [])
    if not rows:
        first = first_period(req, person.id, person.start)
        first.id = _insert(conn, first)
        rows = [first]
    used = {r.evidence_id for r in rows if r.evidence_id is not None}
    evidence = conn.execute(select(compliance_evidence).where(
        compliance_evidence.c.learner_id == person.id, compliance_evidence.c.requirement_id == req.id,
        compliance_evidence.c.revoked_at.is_(None)).order_by(compliance_evidence.c.completed_on,
                                                             compliance_evidence.c.id)).all()
    for item in evidence:
        if item.id in used:
            continue
        live = [r for r in rows if r.live]
        open_rows = [r for r in live if not r.completed]
        if not open_rows:
            continue  # a once-only proof already given: the evidence stays on file
        target = open_rows[-1]
        done = [r for r in live if r.completed]
        previous = done[-1] if done else None
        done_on = day(item.completed_on)
        if not counts(req, item.kind, done_on, target, previous):
            continue
        valid_from, valid_until = validity(req, done_on, previous, day(item.valid_until))
        conn.execute(update(compliance_periods).where(compliance_periods.c.id == target.id).values(
            completed_at=done_on.isoformat(), valid_from=valid_from.isoformat(),
            valid_until=valid_until.isoformat() if valid_until else None, evidence_id=item.id))
        target.completed_at, target.evidence_id = done_on.isoformat(), item.id
        target.valid_from = valid_from.isoformat()
        target.valid_until = valid_until.isoformat() if valid_until else None
        if valid_until is not None:
            following = renewal_period(req, person.id, valid_until)
            following.id = _insert(conn, following)
            rows.append(following)
    refresh_current(conn, person.id, req.id)


def add_evidence(conn: Connection, person: Person, req: Requirement, *, kind: str, done_on: str,
                 source: str, statement_id: str | None = None, file_id: int | None = None,
                 valid_until: str | None = None, entered_by: str | None = None,
                 entered_by_name: str | None = None, note: str | None = None) -> int | None:
    """Append evidence (once per source) and settle; return its id, None when already known."""
    if conn.execute(select(compliance_evidence.c.id).where(compliance_evidence.c.source == source)).first():
        return None
    result = conn.execute(compliance_evidence.insert().values(
        learner_id=person.id, requirement_id=req.id, kind=kind, completed_on=done_on[:10],
        valid_until=valid_until, source=source, statement_id=statement_id, file_id=file_id,
        entered_by=entered_by, entered_by_name=entered_by_name, note=note, recorded_at=now_iso()))
    settle(conn, person, req)
    return result.inserted_primary_key[0]


def revoke_evidence(conn: Connection, person: Person, req: Requirement, evidence_id: int, *,
                    by: str, on: dt.date) -> bool:
    """Revoke evidence and the period it completed; plan a new period. False when nothing changed."""
    changed = conn.execute(update(compliance_evidence).where(
        compliance_evidence.c.id == evidence_id, compliance_evidence.c.revoked_at.is_(None))
        .values(revoked_at=now_iso(), revoked_by=by)).rowcount
    if not changed:
        return False
    rows = periods_of(conn, [person.id], req.id).get((person.id, req.id), [])
    hit = [r for r in rows if r.evidence_id == evidence_id and r.live]
    if hit:
        stamp = now_iso()
        later = [r.id for r in rows if r.id >= hit[0].id and r.live]
        conn.execute(update(compliance_periods).where(compliance_periods.c.id.in_(later))
                     .values(revoked_at=stamp, revoked_by=by))
        proof = [r for r in rows if r.live and r.completed and r.id < hit[0].id]
        still = proof[-1].valid_until if proof and proof[-1].valid_until else None
        if still and day(still) >= on:
            fresh = renewal_period(req, person.id, day(still))
        else:
            fresh = Period(person.id, req.id, on.isoformat(), on.isoformat(),
                           (on + dt.timedelta(days=req.grace_days)).isoformat())
        _insert(conn, fresh)
    settle(conn, person, req)
    return True


def evidence_of(conn: Connection, learner_id: str) -> list[dict]:
    rows = conn.execute(select(compliance_evidence).where(compliance_evidence.c.learner_id == learner_id)
                        .order_by(compliance_evidence.c.completed_on.desc(), compliance_evidence.c.id.desc()))
    return [dict(r._mapping) for r in rows]


# --- Tags ----------------------------------------------------------------------------------------

def set_tag(conn: Connection, kind: str, ref_id: str, tag: str, on: bool, actor: audit.Actor,
            subject: str | None = None) -> None:
    """Mark a team or person as working with babies / in VE / as BHV'er (or unmark), audited."""
    key = (compliance_tags.c.kind == kind) & (compliance_tags.c.ref_id == ref_id) & (compliance_tags.c.tag == tag)
    present = conn.execute(select(compliance_tags.c.tag).where(key)).first() is not None
    if on and not present:
        conn.execute(compliance_tags.insert().values(kind=kind, ref_id=ref_id, tag=tag, set_at=now_iso(),
                                                     set_by=actor.name))
    elif not on and present:
        conn.execute(compliance_tags.delete().where(key))
    else:
        return
    audit.write(conn, actor, "compliance.tag_set" if on else "compliance.tag_removed",
                subject=subject if kind == "learner" else None,
                detail={"kind": kind, "ref": ref_id, "tag": tag})
