"""The outbox: which statement goes to which upstream, queued in the transaction that stores it."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, bindparam, func, select, update

from ..services.clock import now_iso
from ..storage.schema import statement_activities, statements
from .tables import forward_outbox
from .upstreams import Upstream

PENDING, SENT, PARKED = "pending", "sent", "parked"

_TARGETS = select(statements.c.statement_id, statements.c.verb_id, statements.c.private_owner,
                  statement_activities.c.activity_id).select_from(statements).outerjoin(
    statement_activities, and_(statement_activities.c.seq == statements.c.seq,
                               statement_activities.c.direct.is_(True))).where(
    statements.c.statement_id.in_(bindparam("ids", expanding=True)))


@dataclass(frozen=True)
class Candidate:
    """What the filters look at: a statement's id, seq, verb, Object activity, privacy and void target."""

    statement_id: str
    seq: int
    verb_id: str
    activity_id: str | None
    private: bool
    void_target: str | None


def direct_activity(record) -> str | None:
    return next((activity for activity, direct in record.activities if direct), None)


def rows_for(conn, upstreams: tuple[Upstream, ...], candidates: list[Candidate], queued_at: str) -> list[dict]:
    """Outbox rows for the candidates each upstream wants.

    A voiding statement goes where its target would go (a private target's void stays here too);
    one whose target is not stored yet goes everywhere, since the target may follow.
    """
    targets = {c.void_target for c in candidates if c.void_target}
    known = {c.statement_id: c for c in candidates}
    missing = [t for t in targets if t not in known]
    if missing:
        for row in conn.execute(_TARGETS, {"ids": missing}):
            known[row.statement_id] = Candidate(row.statement_id, 0, row.verb_id, row.activity_id,
                                                row.private_owner is not None, None)
    rows = []
    for upstream in upstreams:
        for candidate in candidates:
            subject = candidate
            if candidate.void_target:
                subject = known.get(candidate.void_target)
                if subject is None:
                    rows.append(_row(upstream, candidate, queued_at))
                    continue
            if upstream.wants(subject.verb_id, subject.activity_id, subject.private):
                rows.append(_row(upstream, candidate, queued_at))
    return rows


def _row(upstream: Upstream, candidate: Candidate, queued_at: str) -> dict:
    return {"upstream": upstream.name, "statement_seq": candidate.seq,
            "statement_id": candidate.statement_id, "status": PENDING, "attempts": 0,
            "queued_at": queued_at}


def outbox_listener(upstreams: tuple[Upstream, ...]):
    """A StatementStore listener that queues the fresh statements for every upstream that wants them."""
    def queue(conn, fresh: list, seqs: dict[str, int], _voided: list[str]) -> None:
        candidates = [Candidate(r.statement_id, seqs[r.statement_id], r.verb_id, direct_activity(r),
                                r.private_owner is not None, r.ref_target if r.is_voiding else None)
                      for r in fresh]
        rows = rows_for(conn, upstreams, candidates, fresh[0].stored if fresh else now_iso())
        if rows:
            conn.execute(forward_outbox.insert(), rows)
    return queue


def counts(conn) -> dict[tuple[str, str], int]:
    """{(upstream, status): rows}."""
    c = forward_outbox.c
    return {(row.upstream, row.status): row.n for row in conn.execute(
        select(c.upstream, c.status, func.count().label("n")).group_by(c.upstream, c.status))}


def unpark(conn, upstream: str | None = None) -> int:
    """Queue the parked rows again (after fixing the cause); return how many."""
    query = update(forward_outbox).where(forward_outbox.c.status == PARKED)
    if upstream:
        query = query.where(forward_outbox.c.upstream == upstream)
    return conn.execute(query.values(status=PENDING, reason=None)).rowcount
