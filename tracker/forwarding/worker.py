"""The forwarder: takes an upstream's lease, sends its outbox in order, backs off when it is down."""
from __future__ import annotations

import json
import os
import random
import socket
import threading
import uuid
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import bindparam, or_, select, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError

from ..services.clock import now_iso, parse_iso, to_iso
from ..storage.database import writer
from ..storage.schema import attachments, statements
from .outbox import PARKED, PENDING, SENT
from .sender import Answer, Sender, attachment_hashes
from .tables import forward_outbox, forward_upstreams
from .upstreams import Upstream

_MARK = update(forward_outbox).where(forward_outbox.c.id == bindparam("row_id")).values(
    status=bindparam("new_status"), reason=bindparam("new_reason"), sent_at=bindparam("new_sent_at"),
    attempts=forward_outbox.c.attempts + 1)


@dataclass
class Round:
    """What one pass over an upstream did."""

    sent: int = 0
    parked: int = 0
    failed: bool = False  # a transient failure: the upstream now backs off
    busy: bool = False  # another worker holds the lease, or the upstream is backing off


def later(seconds: float) -> str:
    return to_iso(parse_iso(now_iso()) + timedelta(seconds=seconds))


def backoff(upstream: Upstream, failures: int) -> float:
    """Exponential backoff with jitter: half the doubled delay fixed, half random (capped)."""
    delay = min(upstream.backoff_max, upstream.backoff_initial * 2 ** max(failures - 1, 0))
    return delay / 2 + random.uniform(0, delay / 2)


class Forwarder:
    """Sends the outbox of every upstream; safe to run in several processes at once (one lease each)."""

    def __init__(self, engine: Engine, upstreams: tuple[Upstream, ...]):
        self.engine = engine
        self.upstreams = upstreams
        self.owner = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
        self.totals = {u.name: Round() for u in upstreams}  # since this forwarder started

    def run_once(self) -> dict[str, Round]:
        """One pass: for each upstream, send batches until its outbox is empty or sending fails."""
        results = {}
        for upstream in self.upstreams:
            total = Round()
            while True:
                done = self.send_batch(upstream)
                total.sent += done.sent
                total.parked += done.parked
                total.failed, total.busy = done.failed, done.busy
                if not (done.sent or done.parked) or done.failed or done.busy:
                    break
            results[upstream.name] = total
            self.totals[upstream.name].sent += total.sent
            self.totals[upstream.name].parked += total.parked
        return results

    def run(self, stop: threading.Event, interval: float, drain: bool = False) -> None:
        """Forward until `stop` is set; with `drain`, return once nothing is due or a send failed."""
        while not stop.is_set():
            results = self.run_once()
            if drain and (any(r.failed for r in results.values()) or not self.due()):
                return  # the timer comes back; a failed upstream is not hammered meanwhile
            if not any(r.sent or r.parked for r in results.values()):
                stop.wait(self._pause(interval))

    def _pause(self, interval: float) -> float:
        """Sleep until the nearest backoff ends, at most `interval`."""
        with self.engine.connect() as conn:
            times = [t for t in conn.execute(select(forward_upstreams.c.next_attempt_at)).scalars() if t]
        now = parse_iso(now_iso())
        waits = [(parse_iso(t) - now).total_seconds() for t in times]
        return max(0.05, min([interval] + [w for w in waits if w > 0]))

    def due(self) -> bool:
        """Whether some upstream has pending rows and is not backing off."""
        now = now_iso()
        with self.engine.connect() as conn:
            for upstream in self.upstreams:
                pending = conn.execute(select(forward_outbox.c.id).where(
                    forward_outbox.c.upstream == upstream.name,
                    forward_outbox.c.status == PENDING).limit(1)).first()
                waiting = conn.execute(select(forward_upstreams.c.next_attempt_at).where(
                    forward_upstreams.c.upstream == upstream.name)).scalar()
                if pending and not (waiting and waiting > now):
                    return True
        return False

    def send_batch(self, upstream: Upstream) -> Round:
        if not self._lease(upstream):
            return Round(busy=True)
        try:
            return self._send(upstream)
        finally:
            self._release(upstream)

    def _send(self, upstream: Upstream) -> Round:
        o = forward_outbox.c
        with self.engine.connect() as conn:
            rows = conn.execute(select(o.id, o.statement_seq).where(
                o.upstream == upstream.name, o.status == PENDING).order_by(o.id)
                .limit(upstream.batch_size)).all()
            bodies = dict(conn.execute(select(statements.c.seq, statements.c.body).where(
                statements.c.seq.in_([r.statement_seq for r in rows]))).all()) if rows else {}
        if not rows:
            return Round()
        gone = [r.id for r in rows if r.statement_seq not in bodies]  # erased since it was queued
        if gone:
            with writer(self.engine).begin() as conn:
                conn.execute(forward_outbox.delete().where(o.id.in_(gone)))
        batch = [(r.id, json.loads(bodies[r.statement_seq])) for r in rows if r.statement_seq in bodies]
        if not batch:
            return Round(sent=len(gone))
        sender = Sender(upstream)
        answer = sender.post([b for _, b in batch], self._files([b for _, b in batch]))
        if answer.ok:
            self._mark(upstream, [(row_id, SENT, None) for row_id, _ in batch])
            return Round(sent=len(batch))
        if answer.transient:
            self._fail(upstream, answer, [row_id for row_id, _ in batch])
            return Round(failed=True)
        return self._one_by_one(upstream, sender, batch)

    def _one_by_one(self, upstream: Upstream, sender: Sender, batch: list[tuple[int, dict]]) -> Round:
        """The upstream refused the batch (4xx): PUT each statement to find the ones it refuses."""
        result, marks = Round(), []
        for row_id, body in batch:
            self._lease(upstream)
            answer = sender.put(body, self._files([body]))
            if answer.status == 409 and sender.holds_same(body):
                answer = Answer(204, "")
            if answer.ok:
                marks.append((row_id, SENT, None))
                result.sent += 1
            elif answer.transient:
                self._mark(upstream, marks)
                self._fail(upstream, answer, [row_id])
                result.failed = True
                return result
            else:
                marks.append((row_id, PARKED, answer.text))
                result.parked += 1
        self._mark(upstream, marks)
        return result

    def _files(self, bodies: list[dict]) -> dict[str, tuple[str, bytes]]:
        wanted = {sha2 for body in bodies for sha2 in attachment_hashes(body)}
        if not wanted:
            return {}
        with self.engine.connect() as conn:
            return {r.sha2: (r.content_type, bytes(r.content)) for r in conn.execute(
                select(attachments).where(attachments.c.sha2.in_(sorted(wanted))))}

    def _mark(self, upstream: Upstream, marks: list[tuple[int, str, str | None]]) -> None:
        if not marks:
            return
        now = now_iso()
        with writer(self.engine).begin() as conn:
            conn.execute(_MARK, [{"row_id": row_id, "new_status": status, "new_reason": reason,
                                  "new_sent_at": now if status == SENT else None}
                                 for row_id, status, reason in marks])
            conn.execute(update(forward_upstreams).where(
                forward_upstreams.c.upstream == upstream.name).values(
                failures=0, next_attempt_at=None, last_sent_at=now))

    def _fail(self, upstream: Upstream, answer: Answer, row_ids: list[int]) -> None:
        u = forward_upstreams.c
        with writer(self.engine).begin() as conn:
            failures = conn.execute(select(u.failures).where(u.upstream == upstream.name)).scalar() or 0
            conn.execute(update(forward_upstreams).where(u.upstream == upstream.name).values(
                failures=failures + 1, next_attempt_at=later(backoff(upstream, failures + 1)),
                last_error=answer.text, last_error_at=now_iso()))
            conn.execute(update(forward_outbox).where(forward_outbox.c.id.in_(row_ids))
                         .values(attempts=forward_outbox.c.attempts + 1))

    def _lease(self, upstream: Upstream) -> bool:
        """Take the upstream's lease unless another worker holds it or it is backing off."""
        u, now = forward_upstreams.c, now_iso()
        until = later(3 * upstream.timeout + 30)  # renewed before each request
        with writer(self.engine).begin() as conn:
            if conn.execute(select(u.upstream).where(u.upstream == upstream.name)).first() is None:
                try:
                    with conn.begin_nested():
                        conn.execute(forward_upstreams.insert().values(upstream=upstream.name, failures=0))
                except IntegrityError:
                    pass
            taken = conn.execute(update(forward_upstreams).where(
                u.upstream == upstream.name,
                or_(u.lease_owner.is_(None), u.lease_until < now, u.lease_owner == self.owner),
                or_(u.next_attempt_at.is_(None), u.next_attempt_at <= now))
                .values(lease_owner=self.owner, lease_until=until)).rowcount
        return taken == 1

    def _release(self, upstream: Upstream) -> None:
        u = forward_upstreams.c
        with writer(self.engine).begin() as conn:
            conn.execute(update(forward_upstreams).where(
                u.upstream == upstream.name, u.lease_owner == self.owner)
                .values(lease_owner=None, lease_until=None))
