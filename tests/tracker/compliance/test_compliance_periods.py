"""The date rules of periods (tracker/compliance/periods.py), without a database."""
from __future__ import annotations

import datetime as dt

from tracker.compliance.periods import (Period, add_months, counts, first_period, renewal_period,
                                        row_status, standing, validity)
from tracker.compliance.requirements import Requirement

D = dt.date.fromisoformat


def req(**overrides) -> Requirement:
    values = dict(id="ehbo", title="Kinder-EHBO", validity_months=24, window_days=90, grace_days=30,
                  first_due_days=60, basis="expiry", evidence={"certificate": True, "training": "kinder-ehbo"})
    values.update(overrides)
    return Requirement(**values)


def complete(rule: Requirement, rows: list[Period], done_on: str, kind: str = "certificate") -> bool:
    """What the store's settle does for one piece of evidence, on plain rows."""
    live = [r for r in rows if r.live]
    target = [r for r in live if not r.completed][-1]
    done = [r for r in live if r.completed]
    previous = done[-1] if done else None
    if not counts(rule, kind, D(done_on), target, previous):
        return False
    start, until = validity(rule, D(done_on), previous)
    target.completed_at, target.valid_from = done_on, start.isoformat()
    target.valid_until = until.isoformat() if until else None
    target.id = len(rows)
    if until:
        rows.append(renewal_period(rule, "p", until))
        rows[-1].id = len(rows)
    return True


def test_add_months_keeps_the_month_end():
    assert add_months(D("2025-01-31"), 1) == D("2025-02-28")
    assert add_months(D("2024-11-15"), 24) == D("2026-11-15")


def test_first_period_opens_at_start_and_never_before_since():
    rule = req(since="2025-01-01", first_due_days=0, grace_days=0)
    first = first_period(rule, "p", D("2023-05-01"))
    assert (first.window_start, first.due, first.window_end) == ("2025-01-01", "2025-01-01", "2025-01-01")
    later = first_period(req(), "p", D("2025-03-01"))
    assert (later.window_start, later.due, later.window_end) == ("2025-03-01", "2025-04-30", "2025-05-30")


def test_statuses_move_with_the_days_open_late_expired():
    rows = [first_period(req(), "p", D("2025-03-01"))]
    seen = {day: standing(rows, D(day)).status for day in
            ("2025-02-01", "2025-03-01", "2025-04-30", "2025-05-01", "2025-05-30", "2025-05-31")}
    assert seen == {"2025-02-01": "toekomstig", "2025-03-01": "open", "2025-04-30": "open",
                    "2025-05-01": "te_laat", "2025-05-30": "te_laat", "2025-05-31": "verlopen"}


def test_renewal_window_opens_before_expiry_then_grace_then_expired():
    rows = [first_period(req(), "p", D("2025-03-01"))]
    assert complete(req(), rows, "2025-03-10")
    assert rows[0].valid_until == "2027-03-10"
    assert (rows[1].window_start, rows[1].due, rows[1].window_end) == ("2026-12-10", "2027-03-10", "2027-04-09")
    assert standing(rows, D("2026-12-09")).status == "geldig"
    assert standing(rows, D("2026-12-10")).status == "bijna_verlopen"
    assert standing(rows, D("2027-03-10")).status == "bijna_verlopen"
    assert standing(rows, D("2027-03-11")).status == "te_laat"
    assert standing(rows, D("2027-04-10")).status == "verlopen"


def test_early_renewal_keeps_the_old_expiry_as_basis():
    rows = [first_period(req(), "p", D("2025-03-01"))]
    complete(req(), rows, "2025-03-10")
    assert complete(req(), rows, "2027-01-05")  # two months before expiry
    assert (rows[1].valid_from, rows[1].valid_until) == ("2027-03-10", "2029-03-10")
    assert standing(rows, D("2027-03-01")).status == "geldig"


def test_basis_completion_counts_from_the_completion():
    rule = req(basis="completion")
    rows = [first_period(rule, "p", D("2025-03-01"))]
    complete(rule, rows, "2025-03-10")
    complete(rule, rows, "2027-01-05")
    assert (rows[1].valid_from, rows[1].valid_until) == ("2027-01-05", "2029-01-05")


def test_automatic_evidence_before_the_window_does_not_renew():
    """A module done again a month after the last time is no renewal; a certificate given early is."""
    rows = [first_period(req(), "p", D("2025-03-01"))]
    complete(req(), rows, "2025-03-10")
    assert not complete(req(), rows, "2025-04-10", kind="training")
    assert complete(req(), rows, "2025-04-10", kind="certificate")
    assert rows[1].valid_from == "2027-03-10"


def test_late_renewal_counts_from_the_completion():
    rows = [first_period(req(), "p", D("2025-03-01"))]
    complete(req(), rows, "2025-03-10")
    complete(req(), rows, "2027-05-01")  # after the grace
    assert (rows[1].valid_from, rows[1].valid_until) == ("2027-05-01", "2029-05-01")
    assert row_status(rows[1], D("2027-05-02")) == "geldig"


def test_history_across_three_periods():
    rows = [first_period(req(), "p", D("2025-03-01"))]
    for done in ("2025-03-10", "2027-02-01", "2029-01-15"):
        assert complete(req(), rows, done)
    assert [(r.valid_from, r.valid_until) for r in rows[:3]] == [
        ("2025-03-10", "2027-03-10"), ("2027-03-10", "2029-03-10"), ("2029-03-10", "2031-03-10")]
    assert [row_status(r, D("2030-01-01")) for r in rows] == ["verlopen", "verlopen", "geldig", "toekomstig"]


def test_once_only_proof_stays_valid():
    rule = req(validity_months=None)
    rows = [first_period(rule, "p", D("2025-03-01"))]
    complete(rule, rows, "2025-03-02")
    assert len(rows) == 1 and rows[0].valid_until is None
    assert standing(rows, D("2040-01-01")).status == "geldig"


def test_a_revoked_proof_shows_revoked_until_the_new_deadline_passes():
    rows = [first_period(req(), "p", D("2025-03-01"))]
    complete(req(), rows, "2025-03-10")
    rows[0].revoked_at = rows[1].revoked_at = "2025-06-01T00:00:00Z"
    rows.append(Period("p", "ehbo", "2025-06-01", "2025-06-01", "2025-07-01", id=3))
    assert standing(rows, D("2025-06-02")).status == "ingetrokken"
    assert standing(rows, D("2025-07-02")).status == "verlopen"
    assert row_status(rows[0], D("2025-06-02")) == "ingetrokken"


def test_the_grid_projection_gives_the_same_standing_as_the_history():
    """standing_of_current (one projection row) agrees with standing (every row) on every day."""
    from tracker.compliance.periods import standing_of_current
    from tracker.compliance.store import _current_values

    histories = []
    rows = [first_period(req(), "p", D("2025-03-01"))]
    rows[0].id = 1
    histories.append([Period(**{f: getattr(r, f) for f in Period.__slots__}) for r in rows])
    for done in ("2025-03-10", "2027-02-01"):
        complete(req(), rows, done)
        histories.append([Period(**{f: getattr(r, f) for f in Period.__slots__}) for r in rows])
    revoked = [Period(**{f: getattr(r, f) for f in Period.__slots__}) for r in rows]
    revoked[-2].revoked_at = revoked[-1].revoked_at = "2027-03-01T00:00:00Z"
    revoked.append(Period("p", "ehbo", "2027-03-01", "2027-03-10", "2027-04-09", id=len(revoked) + 1))
    histories.append(revoked)
    for history in histories:
        values = _current_values(history)
        for n in range(0, 2200, 7):
            on = D("2025-01-01") + dt.timedelta(days=n)
            compact = standing_of_current(*[values[k] for k in (
                "window_start", "due", "window_end", "completed_at", "valid_until", "proof_id",
                "proof_completed_at", "proof_valid_until", "revoked_id")], on.isoformat())
            assert compact == standing(history, on), (on, history)


def test_the_sql_status_rule_agrees(app):
    """store.status_sql gives the same status as periods.standing_of_current on the same rows."""
    from sqlalchemy import select

    from tracker.compliance.periods import standing_of_current
    from tracker.compliance.store import status_sql
    from tracker.compliance.tables import compliance_current
    from tracker.storage.database import writer

    keys = ("window_start", "due", "window_end", "completed_at", "valid_until", "proof_id",
            "proof_completed_at", "proof_valid_until", "revoked_id")
    cases = [
        ("2025-01-01", "2025-03-01", "2025-04-01", None, None, None, None, None, None),
        ("2025-01-01", "2025-03-01", "2025-04-01", None, None, 3, "2024-03-01", "2025-03-01", None),
        ("2025-01-01", "2025-03-01", "2025-04-01", None, None, 3, "2024-03-01", "2025-03-01", 5),
        ("2025-01-01", "2025-03-01", "2025-04-01", None, None, None, None, None, 2),
        ("2025-01-01", "2025-03-01", "2025-04-01", "2025-02-01", "2027-02-01", 4, "2025-02-01", "2027-02-01", None),
        ("2025-01-01", "2025-03-01", "2025-03-01", "2025-02-01", None, 4, "2025-02-01", None, None),
    ]
    engine = app.extensions["tracker"].engine
    with writer(engine).begin() as conn:
        conn.execute(compliance_current.insert(), [dict(zip(keys, row), learner_id=f"p{n}", requirement_id="r",
                                                        latest_id=9) for n, row in enumerate(cases)])
    for n in range(0, 900, 11):
        on = (D("2024-12-01") + dt.timedelta(days=n)).isoformat()
        with engine.connect() as conn:
            rows = dict(conn.execute(select(compliance_current.c.learner_id, status_sql(on))).all())
        assert rows == {f"p{i}": standing_of_current(*row, on).status for i, row in enumerate(cases)}, on
