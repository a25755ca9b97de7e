"""Periods in the database as time passes: evidence from statements, confirmations, manual entries, revocation."""
from __future__ import annotations

import datetime as dt
import uuid

import time_machine
from sqlalchemy import select, update

from tracker.compliance.evidence import sync_confirmations
from tracker.compliance.overview import build_grid
from tracker.compliance.people import load_people
from tracker.compliance.store import periods_of, requirement, revoke_evidence
from tracker.storage.database import writer
from tracker.team.tables import audit_log, confirmations

from compliance_samples import HOME, Org, load_requirements

MODULE = "https://portal.test/pm-ervaren/modules/meldcode-vijf-stappen/"


def grid_status(app, learner: str, req: str, on: str) -> str:
    with app.extensions["tracker"].engine.connect() as conn:
        return build_grid(conn, dt.date.fromisoformat(on)).cell(learner, req).standing.status


def completed(client, headers, learner: str, on: str, statement_id: str | None = None) -> str:
    statement_id = statement_id or str(uuid.uuid4())
    body = {"id": statement_id, "timestamp": f"{on}T10:00:00Z",
            "actor": {"objectType": "Agent", "account": {"homePage": HOME, "name": learner}},
            "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
            "object": {"objectType": "Activity", "id": MODULE}}
    answer = client.post("/xapi/statements", json=body, headers=headers)
    assert answer.status_code == 200, answer.get_json()
    return statement_id


def setup_org(app, runner):
    org = Org(app)
    org.location("de-vlinder", "dagopvang")
    org.team("rupsen", "de-vlinder")
    org.learner("anna", team="rupsen", created="2025-01-02")
    org.hours("anna", 24, "2025-01-02")
    load_requirements(runner)
    return org


def test_module_completions_renew_the_meldcode_over_three_years(app, client, runner, headers):
    """A year of a module: open, done, renewal window, renewed in time, late, expired; history kept."""
    setup_org(app, runner)
    assert grid_status(app, "anna", "meldcode", "2025-02-01") == "open"
    assert grid_status(app, "anna", "meldcode", "2025-04-05") == "te_laat"  # due 2025-04-02
    with time_machine.travel("2025-04-10T09:00:00Z", tick=False):
        completed(client, headers, "anna", "2025-04-10")
    assert grid_status(app, "anna", "meldcode", "2025-12-01") == "geldig"
    assert grid_status(app, "anna", "meldcode", "2026-02-20") == "bijna_verlopen"  # window: 60 days
    with time_machine.travel("2026-03-01T09:00:00Z", tick=False):
        completed(client, headers, "anna", "2026-03-01")  # early: the old expiry stays the basis
    with time_machine.travel("2027-06-01T09:00:00Z", tick=False):
        assert grid_status(app, "anna", "meldcode", "2027-05-01") == "te_laat"  # grace to 05-10
        assert grid_status(app, "anna", "meldcode", "2027-06-01") == "verlopen"
        completed(client, headers, "anna", "2027-06-01")
    with app.extensions["tracker"].engine.connect() as conn:
        rows = periods_of(conn, ["anna"], "meldcode")[("anna", "meldcode")]
    assert [(r.completed_at, r.valid_from, r.valid_until) for r in rows] == [
        ("2025-04-10", "2025-04-10", "2026-04-10"),
        ("2026-03-01", "2026-04-10", "2027-04-10"),
        ("2027-06-01", "2027-06-01", "2028-06-01"),
        (None, None, None)]
    assert grid_status(app, "anna", "meldcode", "2027-06-02") == "geldig"


def test_a_voided_completion_revokes_its_period(app, client, runner, headers):
    setup_org(app, runner)
    statement_id = completed(client, headers, "anna", "2025-03-01")
    assert grid_status(app, "anna", "meldcode", "2025-03-02") == "geldig"
    voiding = {"actor": {"objectType": "Agent", "account": {"homePage": HOME, "name": "anna"}},
               "verb": {"id": "http://adlnet.gov/expapi/verbs/voided"},
               "object": {"objectType": "StatementRef", "id": statement_id}}
    assert client.post("/xapi/statements", json=voiding, headers=headers).status_code == 200
    with app.extensions["tracker"].engine.connect() as conn:
        rows = periods_of(conn, ["anna"], "meldcode")[("anna", "meldcode")]
    assert rows[0].completed_at == "2025-03-01" and rows[0].revoked_at  # kept, marked
    assert grid_status(app, "anna", "meldcode", dt.date.today().isoformat()) in ("ingetrokken", "verlopen")


def test_confirmed_trainings_flow_in_and_a_voided_one_is_revoked(app, runner):
    org = setup_org(app, runner)
    engine = app.extensions["tracker"].engine
    statement_id = org.confirmation("anna", "training", "2025-02-10", step_id="kinder-ehbo")
    org.confirmation("anna", "training", "2025-02-10", step_id="kinder-ehbo-niet")  # another step
    assert sync_confirmations(engine) == 1
    assert sync_confirmations(engine) == 0  # idempotent
    assert grid_status(app, "anna", "kinder-ehbo", "2025-03-01") == "geldig"
    with writer(engine).begin() as conn:
        conn.execute(update(confirmations).where(confirmations.c.statement_id == statement_id).values(voided=True))
    assert sync_confirmations(engine) == 1
    with engine.connect() as conn:
        rows = periods_of(conn, ["anna"], "kinder-ehbo")[("anna", "kinder-ehbo")]
    assert rows[0].revoked_at is not None


def test_manual_entry_from_the_cli_is_audited(app, runner):
    setup_org(app, runner)
    result = runner.invoke(args=["compliance", "record", "anna", "vog-personenregister", "--date",
                                 "2025-01-02", "--note", "VOG gezien"])
    assert result.exit_code == 0, result.output
    assert grid_status(app, "anna", "vog-personenregister", "2030-01-01") == "geldig"
    with app.extensions["tracker"].engine.connect() as conn:
        actions = conn.execute(select(audit_log.c.action).where(audit_log.c.subject == "anna")).scalars().all()
    assert "compliance.evidence_recorded" in actions
    bad = runner.invoke(args=["compliance", "record", "anna", "vog-personenregister", "--date", "gisteren"])
    assert bad.exit_code == 2 and "YYYY-MM-DD" in bad.output


def test_tags_and_location_kind_decide_who_needs_what(app, runner):
    org = setup_org(app, runner)
    org.location("het-bolwerk", "bso")
    org.team("bso-groep", "het-bolwerk")
    org.learner("bram", role="bso-medewerker", team="bso-groep")
    assert runner.invoke(args=["compliance", "tag", "babies", "--team", "rupsen"]).exit_code == 0
    with app.extensions["tracker"].engine.connect() as conn:
        grid = build_grid(conn, dt.date(2025, 6, 1))
    assert grid.cell("anna", "babyscholing") is not None and grid.cell("bram", "babyscholing") is None
    assert grid.cell("anna", "taaleis").level == "3F" and grid.cell("bram", "taaleis").level == "2F"
    assert grid.cell("anna", "bhv") is None


def test_revoking_a_certificate_plans_a_new_period(app, runner):
    setup_org(app, runner)
    runner.invoke(args=["compliance", "record", "anna", "kinder-ehbo", "--date", "2025-01-10"])
    engine = app.extensions["tracker"].engine
    with writer(engine).begin() as conn:
        person = load_people(conn, learner_ids=["anna"])[0]
        req = requirement(conn, "kinder-ehbo")
        evidence_id = periods_of(conn, ["anna"], "kinder-ehbo")[("anna", "kinder-ehbo")][0].evidence_id
        assert revoke_evidence(conn, person, req, evidence_id, by="Maaike", on=dt.date(2025, 5, 1))
        assert not revoke_evidence(conn, person, req, evidence_id, by="Maaike", on=dt.date(2025, 5, 1))
    assert grid_status(app, "anna", "kinder-ehbo", "2025-05-02") == "ingetrokken"
    assert grid_status(app, "anna", "kinder-ehbo", "2025-06-01") == "verlopen"


def test_a_retracted_completion_revokes_its_evidence(app, client, runner, headers):
    """The learner undid "done" (a `retracted` statement pointing at the completion)."""
    setup_org(app, runner)
    statement_id = completed(client, headers, "anna", "2025-03-01")
    retract = {"actor": {"objectType": "Agent", "account": {"homePage": HOME, "name": "anna"}},
               "verb": {"id": "http://activitystrea.ms/schema/1.0/retract"},
               "object": {"objectType": "Activity", "id": MODULE},
               "context": {"statement": {"objectType": "StatementRef", "id": statement_id}}}
    assert client.post("/xapi/statements", json=retract, headers=headers).status_code == 200
    with app.extensions["tracker"].engine.connect() as conn:
        rows = periods_of(conn, ["anna"], "meldcode")[("anna", "meldcode")]
    assert rows[0].revoked_at and rows[0].revoked_by == "xAPI: voided or retracted"


def test_the_training_plan_export_command(app, runner, tmp_path):
    from openpyxl import load_workbook

    setup_org(app, runner)
    for fmt in ("csv", "xlsx"):
        out = tmp_path / f"plan.{fmt}"
        result = runner.invoke(args=["compliance", "export", "--year", "2026", "--format", fmt, "--output", str(out)])
        assert result.exit_code == 0, result.output
    assert out.exists() and load_workbook(out).active["A1"].value == "Naam"
    assert "Meldcode opfrissen" in (tmp_path / "plan.csv").read_text(encoding="utf-8-sig")
