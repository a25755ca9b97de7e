"""Reminders by e-mail, each sent once (the key is kept in compliance_reminders):

- to a person when the window of a requirement opens (or it is already open or late when first seen),
- to a person 14 days before a due date,
- a weekly digest to each coach and manager of what is due within 30 days, late or expired in their teams.
Nothing is sent or recorded without TRACKER_SMTP_URL, so reminders go out once it is set.
"""
from __future__ import annotations

import datetime as dt

from flask import Flask
from sqlalchemy import select

from ..extension import tracker
from ..storage.database import writer
from ..services.clock import now_iso
from ..team.tables import staff, staff_scopes, teams
from .overview import Cell, build_grid
from .periods import LABELS, day
from .tables import compliance_reminders

DUE_SOON_DAYS = 14
DIGEST_DAYS = 30


def learner_reminders(cells: list[Cell], today: dt.date) -> dict[str, list[tuple[str, str, Cell]]]:
    """Per learner: (key, kind, cell) of each reminder that is due today."""
    found: dict[str, list] = {}
    for cell in cells:
        s = cell.standing
        if not s.due or s.status not in ("open", "bijna_verlopen", "te_laat", "verlopen", "ingetrokken"):
            continue
        base = f"{cell.person.id}:{cell.requirement.id}:{s.due}"
        if s.status in ("open", "bijna_verlopen", "ingetrokken") and 0 <= (day(s.due) - today).days <= DUE_SOON_DAYS:
            found.setdefault(cell.person.id, []).append((f"due14:{base}", "due_soon", cell))
        else:
            found.setdefault(cell.person.id, []).append((f"opened:{base}", "opened", cell))
    return found


def _staff_teams(conn) -> list[tuple[str, str, str, set[str]]]:
    """(id, name, email, team ids) of every current coach and manager with an e-mail address."""
    members = conn.execute(select(staff.c.id, staff.c.name, staff.c.email, staff.c.role).where(
        staff.c.removed_at.is_(None), staff.c.email.isnot(None), staff.c.role.in_(("coach", "manager")))).all()
    scopes: dict[str, list[str]] = {}
    for staff_id, ref in conn.execute(select(staff_scopes.c.staff_id, staff_scopes.c.ref_id)):
        scopes.setdefault(staff_id, []).append(ref)
    team_location = dict(conn.execute(select(teams.c.id, teams.c.location_id)).all())
    out = []
    for m in members:
        refs = set(scopes.get(m.id, []))
        ids = refs if m.role == "coach" else {t for t, loc in team_location.items() if loc in refs}
        out.append((m.id, m.name, m.email, ids))
    return out


def _line(cell: Cell) -> str:
    s = cell.standing
    level = f" ({cell.level})" if cell.level else ""
    when = f"uiterlijk {s.due}" if s.due else ""
    return f"- {cell.requirement.title}{level}: {LABELS['nl'][s.status]}, {when}".rstrip(", ")


def run_reminders(app: Flask, today: dt.date, *, dry_run: bool = False) -> dict:
    """Work out today's reminders, send each once, and say what was (or would be) sent."""
    engine = tracker().engine
    smtp = bool(app.config.get("TRACKER_SMTP_URL"))
    with engine.connect() as conn:
        grid = build_grid(conn, today)
        sent = set(conn.execute(select(compliance_reminders.c.key)).scalars())
        staff_teams = _staff_teams(conn)
    from ..team.mail import team_url

    portal = app.config.get("TRACKER_PORTAL_URL", "")
    messages, skipped = [], 0
    for learner_id, items in learner_reminders(list(grid.cells.values()), today).items():
        items = [i for i in items if i[0] not in sent]
        if not items:
            continue
        person = items[0][2].person
        if not person.email:
            skipped += len(items)
            continue
        body = (f"Hallo {person.name},\n\nDit moet je binnenkort kunnen aantonen:\n\n"
                + "\n".join(_line(cell) for _key, _kind, cell in items)
                + f"\n\nIn je leerpad staat wat je kunt doen, onder 'Mijn verplichtingen': {portal}{person.role}/\n")
        kinds = {kind for _key, kind, _cell in items}
        subject = "Herinnering: " + ("binnenkort uiterlijk" if "due_soon" in kinds else "je kunt beginnen")
        messages.append({"kind": "learner", "to": person.email, "subject": subject, "text": body,
                         "keys": [key for key, _kind, _cell in items]})
    iso = today.isocalendar()
    for staff_id, name, email, team_ids in staff_teams:
        key = f"digest:{staff_id}:{iso[0]}-W{iso[1]:02d}"
        if key in sent:
            continue
        horizon = today + dt.timedelta(days=DIGEST_DAYS)
        mine = [c for c in grid.cells.values() if c.person.team_id in team_ids and (
            c.standing.status in ("te_laat", "verlopen", "ingetrokken")
            or (c.standing.due and c.standing.status != "toekomstig" and day(c.standing.due) <= horizon
                and c.standing.status != "geldig"))]
        if not mine:
            continue
        mine.sort(key=lambda c: (c.person.name, c.requirement.title))
        body = (f"Hallo {name},\n\nDit staat open of is te laat in jouw teams (week {iso[1]}):\n\n"
                + "\n".join(f"{c.person.name}: {_line(c)[2:]}" for c in mine)
                + f"\n\nHet overzicht: {team_url()}team/verplichtingen/lijsten\n")
        messages.append({"kind": "digest", "to": email, "subject": f"Verplichtingen: weekoverzicht {iso[1]}",
                         "text": body, "keys": [key]})
    errors = []
    if smtp and not dry_run:
        from ..team.mail import MailError, send

        for message in messages:
            try:
                send(message["to"], message["subject"], message["text"])
            except MailError as error:
                errors.append(str(error))
                continue
            with writer(engine).begin() as conn:
                for key in message["keys"]:
                    conn.execute(compliance_reminders.insert().values(key=key, recipient=message["to"],
                                                                      sent_at=now_iso()))
    return {"date": today.isoformat(), "smtp": smtp, "dry_run": dry_run, "skipped_no_email": skipped,
            "errors": errors, "messages": [{k: m[k] for k in ("kind", "to", "subject", "keys")} for m in messages]}
