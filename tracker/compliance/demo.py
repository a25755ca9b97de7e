"""`flask --app tracker compliance demo`: a year of Kinderopvang De Vlinder's compliance, for `make demo`.

Run after the demo organisation exists (and after `compliance load`, so module completions sent by the
demo flow in). Deterministic, dated back from today: most certificates valid, two renewed early (the
old expiry kept as basis), some due soon, some late in their grace period, one kinder-EHBO expired;
a baby group, a VE specialist, three BHV'ers, and the IKK split for both locations. Done once.
"""
from __future__ import annotations

import datetime as dt

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from ..extension import tracker
from ..storage.database import writer
from ..storage.schema import settings
from ..team import audit
from ..team.tables import teams
from .dossier import record_manual, upload_certificate
from .ikk import enter, ledger
from .people import load_people
from .store import load_declared, set_tag, settle, today

DONE_KEY = "compliance:demo"
ACTOR = audit.Actor("staff:demo", "Sandra Koster (demo)")


def certificate_pdf(name: str, what: str, on: dt.date) -> bytes:
    text = f"Certificaat {what} - {name} - {on.isoformat()}".encode("latin-1", "replace")
    stream = b"BT /F1 14 Tf 40 760 Td (" + text + b") Tj ET"
    return (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>"
            b"endobj\n4 0 obj<</Length " + str(len(stream)).encode() + b">>stream\n" + stream +
            b"\nendstream endobj\n5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def seed(on: dt.date) -> dict:
    """Write the demo's tags, evidence and IKK entries; return what was done (or {} when done before)."""
    engine = tracker().engine
    with writer(engine).begin() as conn:
        if conn.execute(select(settings.c.value).where(settings.c.name == DONE_KEY)).first():
            return {}
        reqs = {r.id: r for r in load_declared(conn)[0]}
        if not reqs:
            raise click.ClickException("load the requirements first: compliance load paths/compliance/requirements.yml")
        team_rows = conn.execute(select(teams.c.id, teams.c.name)).all()
        baby_team = next((t.id for t in team_rows if t.name.lower() == "rupsen"), team_rows[0].id if team_rows else None)
        if baby_team:
            set_tag(conn, "team", baby_team, "babies", True, ACTOR)
        people = load_people(conn)
        if not people:
            raise click.ClickException("no learners yet: create the demo organisation first")
        ve, bhv = people[0], people[1:4]
        set_tag(conn, "learner", ve.id, "ve", True, ACTOR, subject=ve.id)
        for person in bhv:
            set_tag(conn, "learner", person.id, "bhv", True, ACTOR, subject=person.id)
        people = load_people(conn)
        counts = {"certificates": 0, "checks": 0}
        ehbo = sorted((p for p in people if p.needs(reqs["kinder-ehbo"])), key=lambda p: (p.start, p.name))
        story = _ehbo_story(len(ehbo))
        for n, person in enumerate(people):
            days_in = (on - person.start).days

            def back(days: int) -> dt.date:
                return max(person.start, on - dt.timedelta(days=days))

            def cert(req_id: str, days: int, until: dt.date | None = None):
                done = back(days)
                upload_certificate(conn, person, req_id, filename=f"{req_id}-{person.name}.pdf",
                                   content=certificate_pdf(person.name, reqs[req_id].title, done), done_on=done,
                                   valid_until=until, max_bytes=10 ** 7, actor=ACTOR, today=on)
                counts["certificates"] += 1

            def check(req_id: str, days: int, note: str):
                record_manual(conn, person, req_id, done_on=back(days), valid_until=None, note=note,
                              actor=ACTOR, today=on)
                counts["checks"] += 1

            check("vog-personenregister", days_in, "VOG gezien, gekoppeld in het Personenregister")
            if days_in > 90:  # the meldcode discussed in a team meeting; starters do the module
                check("meldcode", 300 if n % 4 else 380 if n % 8 == 0 else 340, "Meldcode besproken in het teamoverleg")
            if person.needs(reqs["taaleis"]) and days_in > 30:
                cert("taaleis", days_in, None)
            if person.needs(reqs["babyscholing"]):
                cert("babyscholing", min(days_in, 500))
            if person.needs(reqs["ve-certificaat"]):
                cert("ve-certificaat", 600)
            if person.needs(reqs["bhv"]):
                check("bhv", 380 if person is bhv[-1] else 200, "BHV-herhaling bij de Vlinder")
            if person in ehbo:
                for days in story[ehbo.index(person)]:
                    if days_in > 10:
                        cert("kinder-ehbo", days)
        for person in load_people(conn):
            for req in reqs.values():
                if person.needs(req):
                    settle(conn, person, req)
        result = ledger(conn, on.year, load_declared(conn)[1].pm_roles)
        for line in result["locations"]:
            enter(conn, on.year, line["id"], "split", float(round(line["required_hours"] + 5)),
                  "Verdeling volgens het beleidsplan", ACTOR)
            enter(conn, on.year, line["id"], "policy", 12.0, "Pedagogisch beleidsplan bijgewerkt",
                  audit.Actor("staff:demo-coach", "Ilse Vermeulen (demo)"))
        conn.execute(settings.insert().values(name=DONE_KEY, value=on.isoformat()))
    return counts


def _ehbo_story(count: int) -> list[tuple[int, ...]]:
    """Days ago of each person's kinder-EHBO certificates (24 months valid, window 90, grace 30)."""
    told = [(700,), (690, 20), (760,), (800,), (680, 40), (705,)]  # due soon, early, late, expired, early, soon
    usual = [(120,), (250,), (380,), (460,), (530,)]
    return [told[i] if i < len(told) else usual[i % len(usual)] for i in range(count)]


@click.command("demo")
@with_appcontext
@click.option("--date", "on", default=None, help="Today for the story (YYYY-MM-DD; default today).")
def demo_command(on: str | None) -> None:
    """Write a year of De Vlinder's compliance (tags, certificates, checks, IKK split) once."""
    done = seed(dt.date.fromisoformat(on) if on else today())
    click.echo(f"compliance demo: {done}" if done else "compliance demo: already there")
