"""The date rules of periods: when a window opens, what a completion is valid for, and each status.

Pure functions over dates; nothing here reads the clock or the database. A status is always
computed from the rows and a day, never stored.
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from .requirements import Requirement

STATUSES = ("toekomstig", "open", "bijna_verlopen", "te_laat", "geldig", "verlopen", "ingetrokken")
LABELS = {
    "nl": {"toekomstig": "toekomstig", "open": "open", "bijna_verlopen": "bijna verlopen",
           "te_laat": "te laat (uitsteltermijn)", "geldig": "geldig", "verlopen": "verlopen",
           "ingetrokken": "ingetrokken", "niet_nodig": "niet van toepassing"},
    "en": {"toekomstig": "upcoming", "open": "open", "bijna_verlopen": "expiring soon",
           "te_laat": "overdue (in grace)", "geldig": "valid", "verlopen": "expired",
           "ingetrokken": "revoked", "niet_nodig": "not applicable"},
}
# Evidence that arrives by itself (a module done again, a training) only counts once the window is
# open; a certificate or a manager's entry counts whenever it is given (an early renewal).
DELIBERATE = ("certificate", "manual")


def day(value: str | dt.date | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value[:10])


def add_months(start: dt.date, months: int) -> dt.date:
    """Calendar months later; the 31st becomes the month's last day."""
    month = start.month - 1 + months
    year, month = start.year + month // 12, month % 12 + 1
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


@dataclass(slots=True)
class Period:
    """One row of compliance_periods (dates as YYYY-MM-DD text, as stored)."""

    learner_id: str
    requirement_id: str
    window_start: str
    due: str
    window_end: str
    completed_at: str | None = None
    valid_from: str | None = None
    valid_until: str | None = None
    evidence_id: int | None = None
    revoked_at: str | None = None
    revoked_by: str | None = None
    id: int | None = None  # None: planned, not stored yet

    @property
    def completed(self) -> bool:
        return self.completed_at is not None

    @property
    def live(self) -> bool:
        return self.revoked_at is None


def first_period(req: Requirement, learner_id: str, start: dt.date) -> Period:
    """The first period: from the person's start (or the duty's `since`), due `first_due_days` later."""
    since = day(req.since)
    opens = max(start, since) if since else start
    due = opens + dt.timedelta(days=req.first_due_days)
    return Period(learner_id, req.id, opens.isoformat(), due.isoformat(),
                  (due + dt.timedelta(days=req.grace_days)).isoformat())


def renewal_period(req: Requirement, learner_id: str, valid_until: dt.date) -> Period:
    """The next period after a proof valid until `valid_until`: due then, open `window_days` before."""
    return Period(learner_id, req.id, (valid_until - dt.timedelta(days=req.window_days)).isoformat(),
                  valid_until.isoformat(), (valid_until + dt.timedelta(days=req.grace_days)).isoformat())


def counts(req: Requirement, kind: str, done_on: dt.date, open_period: Period,
           previous: Period | None) -> bool:
    """Whether evidence of `kind` done on `done_on` completes the open period."""
    if previous is not None and done_on <= day(previous.completed_at):
        return False  # not newer than the proof already counted
    if kind in DELIBERATE:
        return True
    return done_on >= day(open_period.window_start) or previous is None


def validity(req: Requirement, done_on: dt.date, previous: Period | None,
             stated_until: dt.date | None = None) -> tuple[dt.date, dt.date | None]:
    """(valid from, valid until) of a completion; renewing before the old expiry keeps it as basis."""
    start = done_on
    if (req.basis == "expiry" and previous is not None and previous.valid_until
            and done_on <= day(previous.valid_until)):
        start = day(previous.valid_until)
    if stated_until is not None:
        return start, max(stated_until, start)
    if req.validity_months is None:
        return start, None
    return start, add_months(start, req.validity_months)


def row_status(period: Period, today: dt.date) -> str:
    """The status of one row on its own (for the history)."""
    on = today.isoformat()
    if period.revoked_at:
        return "ingetrokken"
    if period.completed_at is not None:
        return "geldig" if period.valid_until is None or on <= period.valid_until else "verlopen"
    return _open_status(period, on)


def _open_status(period: Period, on: str) -> str:
    """Dates are compared as YYYY-MM-DD text, whose order is the order of the days."""
    if on < period.window_start:
        return "toekomstig"
    if on <= period.due:
        return "open"
    if on <= period.window_end:
        return "te_laat"
    return "verlopen"


@dataclass(frozen=True, slots=True)
class Standing:
    """Where one person stands on one requirement today."""

    status: str
    due: str | None  # the date the next proof is due (None: nothing due)
    valid_until: str | None  # until when the current proof is valid (None: none, or for good)
    completed_at: str | None
    window_start: str | None


def standing(rows: list[Period], today: dt.date) -> Standing:
    """The status of a person's requirement from its rows (oldest first)."""
    on = today.isoformat()
    latest = proof = None
    for r in reversed(rows):
        if r.revoked_at is None:
            if latest is None:
                latest = r
            if r.completed_at is not None:
                proof = r
                break
    if latest is None:
        return Standing("ingetrokken" if rows else "open", None, None, None, None)
    if latest.completed_at is not None:
        valid = latest.valid_until is None or on <= latest.valid_until
        return Standing("geldig" if valid else "verlopen", None, latest.valid_until, latest.completed_at, None)
    if proof is not None and proof.valid_until is not None and on <= proof.valid_until:
        status = "geldig" if on < latest.window_start else "bijna_verlopen"
    else:
        status = _open_status(latest, on)
        if status in ("toekomstig", "open", "te_laat") and any(
                r.revoked_at and (proof is None or (r.id or 0) > (proof.id or 0)) for r in rows):
            status = "ingetrokken"
    return Standing(status, latest.due, proof.valid_until if proof else None,
                    proof.completed_at if proof else None, latest.window_start)


def standing_of_current(window_start: str, due: str, window_end: str, completed_at: str | None,
                        valid_until: str | None, proof_id: int | None, proof_completed_at: str | None,
                        proof_valid_until: str | None, revoked_id: int | None, on: str) -> Standing:
    """`standing` from the grid's projection row (the latest live row, the last proof, the latest
    revocation) instead of the whole history; the same answer (tests/tracker/compliance)."""
    if completed_at is not None:
        valid = valid_until is None or on <= valid_until
        return Standing("geldig" if valid else "verlopen", None, valid_until, completed_at, None)
    if proof_valid_until is not None and on <= proof_valid_until:
        status = "geldig" if on < window_start else "bijna_verlopen"
    else:
        status = ("toekomstig" if on < window_start else "open" if on <= due
                  else "te_laat" if on <= window_end else "verlopen")
        if status != "verlopen" and revoked_id is not None and (proof_id is None or revoked_id > proof_id):
            status = "ingetrokken"
    return Standing(status, due, proof_valid_until, proof_completed_at, window_start)
