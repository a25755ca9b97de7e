"""`retention run`: erase removed learners after the period, purge old links and tokens; --dry-run deletes nothing."""
from __future__ import annotations

import json
from datetime import datetime, timezone

from sqlalchemy import func, select, update

from tracker.forwarding.tables import forward_outbox
from tracker.operations.retention import months_before
from tracker.storage.schema import credentials, learner_links, learners, statements
from tracker.team.tables import audit_log, coach_notes
from operations_samples import completed, reflection

LONG_AGO = "2020-01-01T00:00:00.000000Z"


def count(app, table, *where) -> int:
    with app.extensions["tracker"].engine.connect() as conn:
        return conn.execute(select(func.count()).select_from(table).where(*where)).scalar()


def test_removed_learners_are_erased_after_the_period_and_links_after_expiry(app, client, runner, sign_in):
    old, recent, current = sign_in("Oud"), sign_in("Recent"), sign_in("Huidig")
    for person in (old, recent, current):
        assert client.post("/xapi/statements", json=[completed(person["actor"]),
                                                     reflection(person["actor"], "privé")],
                           headers=person["headers"]).status_code == 200
    engine = app.extensions["tracker"].engine
    with engine.begin() as conn:
        conn.execute(coach_notes.insert().values(learner_id=old["id"], staff_id="s", staff_name="C",
                                                 text="notitie", created_at=LONG_AGO))
    for person in (old, recent):
        assert runner.invoke(args=["learners", "remove", person["id"]]).exit_code == 0
    with engine.begin() as conn:
        conn.execute(update(learners).where(learners.c.id == old["id"]).values(removed_at=LONG_AGO))
        # The current learner's link was used long ago; one extra token expired long ago.
        conn.execute(update(learner_links).where(learner_links.c.learner_id == current["id"])
                     .values(used_at=LONG_AGO))
        conn.execute(update(credentials).where(credentials.c.learner_id == recent["id"])
                     .values(expires_at=LONG_AGO))

    dry = runner.invoke(args=["retention", "run", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert f"erased learner {old['id']}" in dry.output and "would delete" in dry.output
    assert count(app, learners) == 3 and count(app, statements) == 6
    assert count(app, audit_log, audit_log.c.action.like("retention%")) == 0

    result = runner.invoke(args=["retention", "run", "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    (erased,) = report["erased_learners"]
    assert (erased["id"], erased["statements"], erased["other"]["coach_notes"]) == (old["id"], 2, 1)
    assert report["deleted"]["personal links"] == 1 and report["deleted"]["learner tokens"] == 1
    assert dry.output.count("erased learner") == 1
    assert count(app, learners, learners.c.id == old["id"]) == 0
    assert count(app, statements) == 4  # the old learner's two, private one included, are gone
    assert count(app, credentials, credentials.c.learner_id == old["id"]) == 0
    assert count(app, coach_notes) == 0
    assert count(app, learners, learners.c.id == recent["id"]) == 1  # removed, but within 12 months
    assert count(app, credentials, credentials.c.learner_id == current["id"]) == 1  # still valid
    assert count(app, audit_log, audit_log.c.subject == old["id"], audit_log.c.action == "retention.erase") == 1
    again = runner.invoke(args=["retention", "run"])
    assert "erased learner" not in again.output and "personal links: 0" in again.output


def test_forwarded_rows_are_kept_for_the_set_days(app, runner):
    engine = app.extensions["tracker"].engine
    with engine.begin() as conn:
        conn.execute(forward_outbox.insert(), [
            {"upstream": "u", "statement_seq": 1, "statement_id": "a", "status": "sent", "attempts": 1,
             "queued_at": LONG_AGO, "sent_at": LONG_AGO},
            {"upstream": "u", "statement_seq": 2, "statement_id": "b", "status": "sent", "attempts": 1,
             "queued_at": LONG_AGO, "sent_at": "2999-01-01T00:00:00.000000Z"},
            {"upstream": "u", "statement_seq": 3, "statement_id": "c", "status": "parked", "attempts": 1,
             "queued_at": LONG_AGO, "sent_at": None}])
    result = runner.invoke(args=["retention", "run"])
    assert "forwarded outbox rows: 1" in result.output
    with engine.connect() as conn:
        assert sorted(conn.execute(select(forward_outbox.c.statement_id)).scalars()) == ["b", "c"]


def test_months_before_keeps_the_day_or_takes_the_month_end():
    at = datetime(2026, 3, 31, 12, tzinfo=timezone.utc)
    assert months_before(at, 1) == datetime(2026, 2, 28, 12, tzinfo=timezone.utc)
    assert months_before(at, 12) == datetime(2025, 3, 31, 12, tzinfo=timezone.utc)
    assert months_before(datetime(2026, 1, 15, tzinfo=timezone.utc), 13) == datetime(2024, 12, 15, tzinfo=timezone.utc)


def test_remove_purge_erases_every_area_at_once_and_is_audited(app, client, runner, sign_in):
    anna, bert = sign_in("Anna"), sign_in("Bert")
    for person in (anna, bert):
        assert client.post("/xapi/statements", json=[completed(person["actor"]), reflection(person["actor"], "x")],
                           headers=person["headers"]).status_code == 200
    with app.extensions["tracker"].engine.begin() as conn:
        conn.execute(coach_notes.insert(), [{"learner_id": p["id"], "staff_id": "s", "staff_name": "C",
                                             "text": "notitie", "created_at": LONG_AGO} for p in (anna, bert)])
    result = runner.invoke(args=["learners", "remove", anna["id"], "--purge", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["purged_statements"] == 2
    assert count(app, coach_notes) == 1 and count(app, statements) == 2
    assert count(app, learners, learners.c.id == anna["id"]) == 0
    assert count(app, audit_log, audit_log.c.subject == anna["id"], audit_log.c.action == "learner.purge") == 1
