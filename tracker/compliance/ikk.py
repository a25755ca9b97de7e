"""The Wet IKK ledger: required coaching hours per calendar year and location, and what was done.

Required = per_location h × kindercentra + per_fte h × FTE pedagogisch medewerkers + per_ve_child h
× children with a VE indication. The rule in force is chosen by the year (RULES), so a change of
the law adds a rule and never rewrites an earlier year. FTE is fixed on 1 January (36 h = 1 FTE;
a flexible contract counts with its average over the three months before).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass

from sqlalchemy import func, select
from sqlalchemy.engine import Connection

from ..storage.schema import learners
from ..team import audit
from ..services.clock import now_iso
from ..team.tables import confirmations, contract_hours, locations, teams
from .tables import ikk_entries


@dataclass(frozen=True)
class IkkRule:
    since_year: int
    per_location: float
    per_fte: float
    per_ve_child: float
    hours_per_fte: float
    source: str


RULES = (
    IkkRule(2019, 50, 10, 0, 36,
            "Besluit kwaliteit kinderopvang, art. 2a (Wet innovatie en kwaliteit kinderopvang): "
            "coaching sinds 2019-01-01"),
    IkkRule(2022, 50, 10, 10, 36,
            "Besluit kwaliteit kinderopvang, art. 2a, plus 10 uur per VE-geïndiceerd kind per jaar "
            "(Besluit basisvoorwaarden kwaliteit voorschoolse educatie, sinds 2022-01-01)"),
)


class IkkError(ValueError):
    """A year or location the ledger cannot compute; the message says which."""


def rule_for(year: int) -> IkkRule:
    """The rule in force in `year`: the newest one that started on or before it."""
    found = [r for r in RULES if r.since_year <= year]
    if not found:
        raise IkkError(f"year {year}: the coaching duty (Wet IKK) started in {RULES[0].since_year}")
    return found[-1]


def required_hours(rule: IkkRule, kindercentra: int, fte: float, ve_children: int) -> float:
    return round(rule.per_location * kindercentra + rule.per_fte * fte + rule.per_ve_child * ve_children, 2)


def hours_on_first_january(rows: list[tuple[str, float, bool]], year: int) -> float:
    """Weekly hours that count on 1 January of `year` from (effective_from, hours, flexible) rows.

    The row in force on 1 January counts; a flexible contract counts with the average of the rows
    in force over the three months before (1 October - 31 December), by day.
    """
    first = dt.date(year, 1, 1).isoformat()
    known = sorted((r for r in rows if r[0] <= first), key=lambda r: r[0])
    if not known:
        return 0.0
    if not known[-1][2]:
        return float(known[-1][1])
    start, end = dt.date(year - 1, 10, 1), dt.date(year, 1, 1)
    total, days = 0.0, 0
    current = start
    while current < end:
        stamp = current.isoformat()
        in_force = [r for r in known if r[0] <= stamp]
        if in_force:
            total += in_force[-1][1]
            days += 1
        current += dt.timedelta(days=1)
    return round(total / days, 2) if days else float(known[-1][1])


@dataclass
class PmLine:
    id: str
    name: str
    team: str | None
    hours: float
    fte: float
    coached_minutes: int
    coaches: list[str]


def ledger(conn: Connection, year: int, pm_roles: list[str], location_id: str | None = None) -> dict:
    """The whole calculation for a year (one location, or every location and the organisation)."""
    rule = rule_for(year)
    first = f"{year}-01-01"
    locs = [r for r in conn.execute(select(locations).order_by(locations.c.name))
            if r.removed_at is None or r.removed_at > first]
    if location_id is not None:
        locs = [r for r in locs if r.id == location_id]
        if not locs:
            raise IkkError(f"location '{location_id}': no such location")
    pms = _pms(conn, year, pm_roles, [r.id for r in locs], rule.hours_per_fte)
    entries = _entries(conn, year)
    lines, total_fte, total_ve = [], 0.0, 0
    for loc in locs:
        people = [p for p in pms if p[0] == loc.id]
        fte = round(sum(p[1].fte for p in people), 2)
        ve = loc.ve_children or 0
        total_fte += fte
        total_ve += ve
        split = entries["split"].get(loc.id)
        policy = round(sum(e["hours"] for e in entries["policy"].get(loc.id, [])), 2)
        coaching = round(sum(p[1].coached_minutes for p in people) / 60, 2)
        lines.append({
            "id": loc.id, "name": loc.name, "kind": loc.kind, "lrk": loc.lrk,
            "fte": fte, "ve_children": ve,
            "required_hours": required_hours(rule, 1, fte, ve),
            "formula": _formula(rule, 1, fte, ve),
            "split_hours": split["hours"] if split else None,
            "split_entered_by": split["entered_by_name"] if split else None,
            "policy_hours": policy, "policy_entries": entries["policy"].get(loc.id, []),
            "coaching_hours": coaching, "done_hours": round(coaching + policy, 2),
            "people": [asdict(p[1]) for p in people],
            "not_coached": [{"id": p[1].id, "name": p[1].name, "team": p[1].team}
                            for p in people if p[1].coached_minutes == 0],
        })
    total_fte = round(total_fte, 2)
    organisation = {
        "kindercentra": len(locs), "fte": total_fte, "ve_children": total_ve,
        "required_hours": required_hours(rule, len(locs), total_fte, total_ve),
        "formula": _formula(rule, len(locs), total_fte, total_ve),
        "split_hours": round(sum(line["split_hours"] or 0 for line in lines), 2),
    }
    return {"year": year, "fte_counted_on": first, "rule": asdict(rule),
            "organisation": organisation, "locations": lines}


def _formula(rule: IkkRule, kindercentra: int, fte: float, ve: int) -> str:
    parts = [f"{rule.per_location:g} × {kindercentra}", f"{rule.per_fte:g} × {fte:g} FTE"]
    if rule.per_ve_child:
        parts.append(f"{rule.per_ve_child:g} × {ve} VE-kinderen")
    return " + ".join(parts) + f" = {required_hours(rule, kindercentra, fte, ve):g} uur"


def _pms(conn: Connection, year: int, pm_roles: list[str], location_ids: list[str],
         hours_per_fte: float) -> list[tuple[str, PmLine]]:
    first = f"{year}-01-01"
    rows = conn.execute(select(learners.c.id, learners.c.name, learners.c.removed_at, teams.c.name.label("team"),
                               teams.c.location_id)
                        .select_from(learners.join(teams, teams.c.id == learners.c.team))
                        .where(learners.c.role.in_(pm_roles), teams.c.location_id.in_(location_ids))
                        .order_by(learners.c.name)).all()
    rows = [r for r in rows if r.removed_at is None or r.removed_at > first]
    ids = [r.id for r in rows]
    hours: dict[str, list] = {}
    for r in conn.execute(select(contract_hours.c.learner_id, contract_hours.c.effective_from,
                                 contract_hours.c.hours, contract_hours.c.flexible)
                          .where(contract_hours.c.learner_id.in_(ids))
                          .order_by(contract_hours.c.effective_from, contract_hours.c.id)):
        hours.setdefault(r.learner_id, []).append((r.effective_from, r.hours, bool(r.flexible)))
    coached: dict[str, tuple[int, set]] = {}
    for r in conn.execute(select(confirmations.c.learner_id, confirmations.c.minutes,
                                 confirmations.c.staff_name)
                          .where(confirmations.c.kind == "coaching", confirmations.c.voided.is_(False),
                                 confirmations.c.held_on >= first, confirmations.c.held_on <= f"{year}-12-31",
                                 confirmations.c.learner_id.in_(ids))):
        minutes, names = coached.get(r.learner_id, (0, set()))
        names.add(r.staff_name)
        coached[r.learner_id] = (minutes + (r.minutes or 0), names)
    out = []
    for r in rows:
        weekly = hours_on_first_january(hours.get(r.id, []), year)
        minutes, names = coached.get(r.id, (0, set()))
        out.append((r.location_id, PmLine(r.id, r.name, r.team, weekly, round(weekly / hours_per_fte, 4),
                                          minutes, sorted(names))))
    return out


def _entries(conn: Connection, year: int) -> dict:
    split, policy = {}, {}
    for r in conn.execute(select(ikk_entries).where(ikk_entries.c.year == year).order_by(ikk_entries.c.id)):
        entry = {"hours": r.hours, "note": r.note, "entered_by_name": r.entered_by_name, "entered_at": r.entered_at}
        if r.kind == "split":
            split[r.location_id] = entry
        else:
            policy.setdefault(r.location_id, []).append(entry)
    return {"split": split, "policy": policy}


def enter(conn: Connection, year: int, location_id: str, kind: str, hours: float, note: str | None,
          actor: audit.Actor) -> None:
    """Record the manager's split or a coach's policy hours (appended, audited)."""
    if kind not in ("split", "policy"):
        raise IkkError(f"kind: expected split or policy but received {kind!r}")
    if not (0 <= hours <= 10000):
        raise IkkError(f"hours: expected 0 to 10000 but received {hours}")
    if conn.execute(select(func.count()).select_from(locations).where(locations.c.id == location_id)).scalar() == 0:
        raise IkkError(f"location '{location_id}': no such location")
    conn.execute(ikk_entries.insert().values(
        year=year, location_id=location_id, kind=kind, hours=hours, note=note or None,
        entered_by=actor.key, entered_by_name=actor.name, entered_at=now_iso()))
    audit.write(conn, actor, f"compliance.ikk_{kind}", detail={"year": year, "location": location_id,
                                                               "hours": hours, "note": note})
