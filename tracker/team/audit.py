"""The append-only audit log: who read or changed whose data, what, when (and why, where asked).

Every staff view of one person's page, every export and every administrative change writes an
entry. Nothing updates or deletes entries, not even an AVG erasure: an entry holds only the person's
opaque id, and the erasure itself is recorded (docs/privacy.md).
"""
from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine

from ..services.clock import now_iso
from ..storage.database import writer
from .tables import audit_log

CLI = "cli"


@dataclass(frozen=True)
class Actor:
    """Who acts: a staff member ("staff:<id>"), the command line, or a learner."""

    key: str
    name: str

    @classmethod
    def staff(cls, staff_id: str, name: str) -> "Actor":
        return cls(f"staff:{staff_id}", name)

    @classmethod
    def cli(cls, name: str = "command line") -> "Actor":
        return cls(CLI, name)


def write(conn: Connection, actor: Actor, action: str, *, subject: str | None = None,
          detail: dict | None = None, at: str | None = None) -> None:
    """Append one entry inside the caller's transaction."""
    conn.execute(audit_log.insert().values(
        at=at or now_iso(), actor=actor.key, actor_name=actor.name, subject=subject,
        action=action, detail=json.dumps(detail or {}, ensure_ascii=False, sort_keys=True)))


class AuditLog:
    def __init__(self, engine: Engine):
        self.engine = engine

    def record(self, actor: Actor, action: str, *, subject: str | None = None,
               detail: dict | None = None) -> None:
        """Append one entry in a transaction of its own."""
        with writer(self.engine).begin() as conn:
            write(conn, actor, action, subject=subject, detail=detail)

    def about(self, learner_id: str) -> list[dict]:
        """Every entry about one person, oldest first (for their AVG export and their page)."""
        return self._rows(select(audit_log).where(audit_log.c.subject == learner_id)
                          .order_by(audit_log.c.id))

    def entries(self, *, since: str | None = None, actor: str | None = None,
                limit: int = 1000) -> list[dict]:
        """The newest entries first, optionally since a time or by one actor."""
        query = select(audit_log).order_by(audit_log.c.id.desc()).limit(limit)
        if since:
            query = query.where(audit_log.c.at >= since)
        if actor:
            query = query.where(audit_log.c.actor == actor)
        return self._rows(query)

    def _rows(self, query) -> list[dict]:
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [{"id": r.id, "at": r.at, "actor": r.actor, "actor_name": r.actor_name,
                 "subject": r.subject, "action": r.action, "detail": json.loads(r.detail)}
                for r in rows]
