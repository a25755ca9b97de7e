"""StatementStore: persists statements and answers the query filters, on SQLAlchemy Core."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Callable, Iterable

from sqlalchemy import bindparam, null, select, update
from sqlalchemy.engine import Engine

from .database import writer
from .schema import activities, attachments, statement_activities, statement_agents, statements
from .visibility import readable, record_visibility


@dataclass
class StatementRecord:
    """One statement ready to store, with the keys the query filters use."""

    statement_id: str
    stored: str
    verb_id: str
    registration: str | None
    ref_target: str | None
    is_voiding: bool
    authority_key: str
    version: str
    body: str
    agents: list[tuple[str, bool]] = field(default_factory=list)  # (agent key, direct)
    activities: list[tuple[str, bool]] = field(default_factory=list)  # (activity id, direct)
    private_owner: str | None = None  # the owner's agent key when marked private (services/privacy.py)
    shares: tuple[str, str] | None = None  # (shared statement id, owner's agent key) of a valid share


@dataclass
class StatementFilter:
    """A statement query: every field optional; `after` is the paging cursor (a seq)."""

    agent_key: str | None = None
    related_agents: bool = False
    verb_id: str | None = None
    activity_id: str | None = None
    related_activities: bool = False
    registration: str | None = None
    since: str | None = None
    until: str | None = None
    authority_key: str | None = None
    private_reader: str | None = None  # whose private statements the reader may see (never in a cursor)
    ascending: bool = False
    after: int | None = None
    limit: int = 100


class Conflict(Exception):
    """A statement id is already stored with a different statement."""

    def __init__(self, statement_id: str):
        super().__init__(statement_id)
        self.statement_id = statement_id


# Statements built once: the hot write path then skips SQLAlchemy's per-call construction.
# Stored statements with these ids, and (body NULL) ids an earlier voiding statement targets.
_EXISTING = select(statements.c.statement_id, statements.c.body).where(
    statements.c.statement_id.in_(bindparam("ids", expanding=True))).union_all(
    select(statements.c.ref_target, null()).where(
        statements.c.is_voiding.is_(True),
        statements.c.ref_target.in_(bindparam("ids", expanding=True))))
# Ordered by ref_target so PostgreSQL walks the index instead of scanning the table.
_ANY_REF = select(statements.c.ref_target).where(statements.c.ref_target.is_not(None)).order_by(
    statements.c.ref_target).limit(1)
# RETURNING the id too: rows may come back in any order, and without sort_by_parameter_order
# SQLAlchemy can send one multi-row INSERT instead of one INSERT per statement.
_INSERT = statements.insert().returning(statements.c.seq, statements.c.statement_id)
_INSERT_AGENTS = statement_agents.insert()
_INSERT_ACTIVITIES = statement_activities.insert()
_VOID_TARGETS = update(statements).where(
    statements.c.statement_id.in_(bindparam("ids", expanding=True)),
    statements.c.is_voiding.is_(False)).values(voided=True)
_VOID_LATE_TARGETS = update(statements).where(
    statements.c.statement_id.in_(bindparam("ids", expanding=True)),
    statements.c.is_voiding.is_(False)).values(voided=True)
_DEFINITIONS = select(activities.c.activity_id, activities.c.definition).where(
    activities.c.activity_id.in_(bindparam("ids", expanding=True)))
_UPDATE_DEFINITION = update(activities).where(activities.c.activity_id == bindparam("key")).values(
    definition=bindparam("definition"), updated=bindparam("updated"))


# A listener runs inside the write transaction after the new statements are inserted and voiding
# applied: listener(conn, fresh_records, seqs_by_id, voided_ids). Projections (the team view, the
# forwarding outbox) register here, so what they keep can never disagree with what was stored.
StatementListener = Callable[[object, list, dict, list], None]


class StatementStore:
    """Every statement the tracker keeps; one implementation for SQLite and PostgreSQL."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.listeners: list[StatementListener] = []

    def save(self, records: list[StatementRecord], *, same: Callable[[str, str], bool],
             files: dict[str, tuple[str, bytes]] | None = None,
             definitions: dict[str, dict] | None = None,
             merge_definition: Callable[[dict, dict], dict] | None = None,
             conflicts: list[str] | None = None) -> list[str]:
        """Store the new records in one transaction; return the ids stored.

        A record whose id is already stored is skipped when `same(new_body, old_body)`, else the
        whole batch is refused with Conflict, or, when a `conflicts` list is given, that id is
        added to it and the others are stored. Nothing stored is ever changed except `voided`.
        """
        with writer(self.engine).begin() as conn:
            ids = [r.statement_id for r in records]
            existing, voided_early = {}, set()
            for statement_id, body in conn.execute(_EXISTING, {"ids": ids}):
                if body is None:
                    voided_early.add(statement_id)
                else:
                    existing[statement_id] = body
            fresh = []
            for record in records:
                old = existing.get(record.statement_id)
                if old is None:
                    fresh.append(record)
                elif not same(record.body, old):
                    if conflicts is None:
                        raise Conflict(record.statement_id)
                    conflicts.append(record.statement_id)
            if not fresh:
                return []
            seqs = dict((sid, seq) for seq, sid in conn.execute(_INSERT, [_statement_row(r) for r in fresh]))
            agent_rows, activity_rows = [], []
            for record in fresh:
                seq = seqs[record.statement_id]
                agent_rows += [{"seq": seq, "agent_key": k, "direct": d} for k, d in record.agents]
                activity_rows += [{"seq": seq, "activity_id": a, "direct": d}
                                  for a, d in record.activities]
            if agent_rows:
                conn.execute(_INSERT_AGENTS, agent_rows)
            if activity_rows:
                conn.execute(_INSERT_ACTIVITIES, activity_rows)
            voided_now = self._apply_voiding(conn, fresh, voided_early)
            record_visibility(conn, fresh, seqs, voided_now)
            if files:
                self._save_files(conn, files)
            if definitions:
                self._save_definitions(conn, definitions, merge_definition, fresh[0].stored)
            for listener in self.listeners:
                listener(conn, fresh, seqs, voided_now)
            return [r.statement_id for r in fresh]

    @staticmethod
    def _apply_voiding(conn, fresh: list[StatementRecord], voided_early: set[str]) -> list[str]:
        """Void the targets of new voiding statements; return the ids voided now (or again)."""
        targets = [r.ref_target for r in fresh if r.is_voiding and r.ref_target]
        if targets:
            conn.execute(_VOID_TARGETS, {"ids": targets})
        late = [r.statement_id for r in fresh if r.statement_id in voided_early]
        if late:  # a voiding statement arrived before its target
            conn.execute(_VOID_LATE_TARGETS, {"ids": late})
        return targets + late

    @staticmethod
    def _save_files(conn, files: dict[str, tuple[str, bytes]]) -> None:
        known = set(conn.execute(select(attachments.c.sha2)
                                 .where(attachments.c.sha2.in_(list(files)))).scalars())
        rows = [{"sha2": sha2, "content_type": ct, "content": content}
                for sha2, (ct, content) in files.items() if sha2 not in known]
        if rows:
            conn.execute(attachments.insert(), rows)

    @staticmethod
    def _save_definitions(conn, definitions, merge, updated) -> None:
        """Insert new definitions, update changed ones; an unchanged definition costs no write."""
        current = dict(conn.execute(_DEFINITIONS, {"ids": list(definitions)}).all())
        for activity_id, definition in definitions.items():
            if activity_id in current:
                old = json.loads(current[activity_id])
                merged = merge(old, definition) if merge else definition
                if merged != old:
                    conn.execute(_UPDATE_DEFINITION, {"key": activity_id, "definition": json.dumps(merged),
                                                      "updated": updated})
            else:
                conn.execute(activities.insert(), {"activity_id": activity_id,
                                                   "definition": json.dumps(definition),
                                                   "updated": updated})

    def get(self, statement_id: str, *, voided: bool,
            private_reader: str | None = None) -> tuple[str, str] | None:
        """Return (body, stored) of one statement in the given voided state that the reader may see, or None."""
        with self.engine.connect() as conn:
            row = conn.execute(select(statements.c.body, statements.c.stored).where(
                statements.c.statement_id == statement_id,
                statements.c.voided.is_(voided), readable(statements, private_reader))).first()
        return (row.body, row.stored) if row else None

    def actor_of(self, statement_id: str) -> dict | None:
        """The actor of a stored statement (voided or not, private or not), or None when unknown."""
        with self.engine.connect() as conn:
            body = conn.execute(select(statements.c.body)
                                .where(statements.c.statement_id == statement_id)).scalar()
        return json.loads(body).get("actor") if body is not None else None

    def query(self, flt: StatementFilter) -> tuple[list[tuple[int, str]], bool]:
        """Return up to `limit` (seq, body) rows in order and whether more rows follow.

        A statement also matches when it targets, through StatementRefs (recursively), a statement
        that matches the agent/verb/activity/registration filters (Communication 2.1.3, "Filter
        Conditions for StatementRefs"); those come from a second query merged by seq.
        """
        s = statements.c
        order = s.seq.asc() if flt.ascending else s.seq.desc()
        outer = self._outer_conditions(flt)
        content = _content_conditions(statements, flt)
        direct = select(s.seq, s.body).where(*outer, *content).order_by(order).limit(flt.limit + 1)
        with self.engine.connect() as conn:
            rows = [(row.seq, row.body) for row in conn.execute(direct)]
            if content and conn.execute(_ANY_REF).first() is not None:
                target = statements.alias("target")
                chain = _ref_chain()
                referring = select(s.seq, s.body).where(
                    *outer, s.ref_target.is_not(None),
                    s.seq.in_(select(chain.c.seq).join(
                        target, target.c.statement_id == chain.c.target)
                        .where(*_content_conditions(target, flt),
                               readable(target, flt.private_reader)))
                ).order_by(order).limit(flt.limit + 1)
                extra = [(row.seq, row.body) for row in conn.execute(referring)]
                if extra:
                    merged = {seq: body for seq, body in rows + extra}
                    rows = sorted(merged.items(), reverse=not flt.ascending)
        return rows[:flt.limit], len(rows) > flt.limit

    @staticmethod
    def _outer_conditions(flt: StatementFilter) -> list:
        """Conditions on the returned statement itself: not voided, readable, time, cursor, authority."""
        s = statements.c
        where = [s.voided.is_(False), readable(statements, flt.private_reader)]
        if flt.since is not None:
            where.append(s.stored > flt.since)
        if flt.until is not None:
            where.append(s.stored <= flt.until)
        if flt.authority_key is not None:
            where.append(s.authority_key == flt.authority_key)
        if flt.after is not None:
            where.append(s.seq > flt.after if flt.ascending else s.seq < flt.after)
        return where

    def attachment_files(self, sha2s: Iterable[str]) -> dict[str, tuple[str, bytes]]:
        """Return {sha2: (content type, bytes)} for the stored attachment contents asked for."""
        wanted = list(set(sha2s))
        if not wanted:
            return {}
        with self.engine.connect() as conn:
            rows = conn.execute(select(attachments).where(attachments.c.sha2.in_(wanted)))
            return {r.sha2: (r.content_type, bytes(r.content)) for r in rows}

    def activity_definition(self, activity_id: str) -> dict | None:
        with self.engine.connect() as conn:
            raw = conn.execute(select(activities.c.definition)
                               .where(activities.c.activity_id == activity_id)).scalar()
        return json.loads(raw) if raw is not None else None

    def latest_stored(self) -> str | None:
        with self.engine.connect() as conn:
            return conn.execute(select(statements.c.stored).order_by(statements.c.seq.desc())
                                .limit(1)).scalar()


def _content_conditions(table, flt: StatementFilter) -> list:
    """The agent/verb/activity/registration filters on `table` (statements or an alias of it)."""
    c = table.c
    where = []
    if flt.agent_key is not None:
        sub = select(statement_agents.c.seq).where(statement_agents.c.agent_key == flt.agent_key)
        if not flt.related_agents:
            sub = sub.where(statement_agents.c.direct.is_(True))
        where.append(c.seq.in_(sub))
    if flt.activity_id is not None:
        sub = select(statement_activities.c.seq).where(
            statement_activities.c.activity_id == flt.activity_id)
        if not flt.related_activities:
            sub = sub.where(statement_activities.c.direct.is_(True))
        where.append(c.seq.in_(sub))
    if flt.verb_id is not None:
        where.append(c.verb_id == flt.verb_id)
    if flt.registration is not None:
        where.append(c.registration == flt.registration)
    return where


def _ref_chain():
    """Recursive CTE of (seq, target): every statement id a StatementRef statement reaches."""
    s = statements.c
    chain = select(s.seq.label("seq"), s.ref_target.label("target")).where(
        s.ref_target.is_not(None)).cte("ref_chain", recursive=True)
    hop = statements.alias("hop")
    return chain.union(select(chain.c.seq, hop.c.ref_target)
                       .join(hop, hop.c.statement_id == chain.c.target)
                       .where(hop.c.ref_target.is_not(None)))


def _statement_row(record: StatementRecord) -> dict:
    return {"statement_id": record.statement_id, "stored": record.stored, "verb_id": record.verb_id,
            "registration": record.registration, "ref_target": record.ref_target,
            "is_voiding": record.is_voiding, "voided": False, "authority_key": record.authority_key,
            "version": record.version, "body": record.body, "private_owner": record.private_owner,
            "shared": False}
