"""LearnerStore: learners, their one-time links and their tokens (rows of `credentials`)."""
from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import delete, func, select, update
from sqlalchemy.engine import Engine

from ..storage.database import writer
from ..storage.schema import (credentials, documents, learner_links, learners, statement_activities,
                              statement_agents, statement_shares, statements)

LEARNER_KIND = "learner"


@dataclass
class Learner:
    id: str
    name: str
    role: str
    team: str | None
    email: str | None
    registration: str
    actor: dict
    created_at: str
    removed_at: str | None


@dataclass
class LinkState:
    """What the store knows of a presented code: the learner, and when it was used/revoked/expires."""

    learner_id: str
    expires_at: str
    used_at: str | None
    revoked_at: str | None


@dataclass
class NewToken:
    """A learner token's row values; `key` is the sha256 of the token."""

    key: str
    name: str
    scopes: tuple[str, ...]
    authority: dict
    learner_id: str
    portal: str
    created_at: str
    expires_at: str


def _learner(row) -> Learner:
    return Learner(row.id, row.name, row.role, row.team, row.email, row.registration,
                   json.loads(row.actor), row.created_at, row.removed_at)


class LearnerStore:
    def __init__(self, engine: Engine):
        self.engine = engine

    def add(self, learner: Learner) -> None:
        with writer(self.engine).begin() as conn:
            conn.execute(learners.insert().values(
                id=learner.id, name=learner.name, role=learner.role, team=learner.team,
                email=learner.email, registration=learner.registration,
                actor=json.dumps(learner.actor), created_at=learner.created_at))

    def get(self, learner_id: str) -> Learner | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(learners).where(learners.c.id == learner_id)).first()
        return _learner(row) if row else None

    def by_name(self, name: str) -> list[Learner]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(learners).where(learners.c.name == name,
                                                       learners.c.removed_at.is_(None)))
            return [_learner(r) for r in rows]

    def all(self, role: str | None = None, *, removed: bool = False) -> list[Learner]:
        query = select(learners).order_by(learners.c.created_at, learners.c.id)
        if role is not None:
            query = query.where(learners.c.role == role)
        if not removed:
            query = query.where(learners.c.removed_at.is_(None))
        with self.engine.connect() as conn:
            return [_learner(r) for r in conn.execute(query)]

    def add_link(self, learner_id: str, code_hash: str, created_at: str, expires_at: str) -> int:
        """Store a new link and revoke the learner's older unused ones; return how many were revoked."""
        with writer(self.engine).begin() as conn:
            revoked = conn.execute(update(learner_links).where(
                learner_links.c.learner_id == learner_id, learner_links.c.used_at.is_(None),
                learner_links.c.revoked_at.is_(None)).values(revoked_at=created_at)).rowcount
            conn.execute(learner_links.insert().values(
                learner_id=learner_id, code_hash=code_hash, created_at=created_at,
                expires_at=expires_at))
        return revoked

    def redeem(self, code_hash: str, now: str, token: NewToken) -> LinkState | None:
        """Mark the link used and store the token in one transaction; None when it cannot be redeemed.

        The single conditional UPDATE is what makes a code single use under concurrent requests:
        only one transaction sees `used_at IS NULL`, every other one updates no row.
        """
        links = learner_links.c
        with writer(self.engine).begin() as conn:
            marked = conn.execute(update(learner_links).where(
                links.code_hash == code_hash, links.used_at.is_(None), links.revoked_at.is_(None),
                links.expires_at > now, links.learner_id == token.learner_id)
                .values(used_at=now)).rowcount
            if marked != 1:
                return None
            conn.execute(credentials.insert().values(
                key=token.key, secret_hash="sha256", name=token.name, kind=LEARNER_KIND,
                scopes=" ".join(token.scopes), authority=json.dumps(token.authority),
                learner_id=token.learner_id, portal=token.portal, created_at=token.created_at,
                expires_at=token.expires_at))
        return self.link(code_hash)

    def link(self, code_hash: str) -> LinkState | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(learner_links).where(learner_links.c.code_hash == code_hash)).first()
        return LinkState(row.learner_id, row.expires_at, row.used_at, row.revoked_at) if row else None

    def revoke_tokens(self, learner_id: str, when: str) -> int:
        c = credentials.c
        with writer(self.engine).begin() as conn:
            return conn.execute(update(credentials).where(
                c.learner_id == learner_id, c.kind == LEARNER_KIND, c.revoked_at.is_(None))
                .values(revoked_at=when)).rowcount

    def remove(self, learner_id: str, when: str) -> tuple[int, int]:
        """Mark the learner removed, revoke every unused link and every token; return (links, tokens)."""
        c, links = credentials.c, learner_links.c
        with writer(self.engine).begin() as conn:
            conn.execute(update(learners).where(learners.c.id == learner_id).values(removed_at=when))
            revoked_links = conn.execute(update(learner_links).where(
                links.learner_id == learner_id, links.used_at.is_(None), links.revoked_at.is_(None))
                .values(revoked_at=when)).rowcount
            revoked_tokens = conn.execute(update(credentials).where(
                c.learner_id == learner_id, c.kind == LEARNER_KIND, c.revoked_at.is_(None))
                .values(revoked_at=when)).rowcount
        return revoked_links, revoked_tokens

    def purge(self, learner_id: str, agent_key: str) -> int:
        """Delete the learner, their links, tokens, statements and documents (AVG); return statements deleted."""
        with writer(self.engine).begin() as conn:
            seqs = select(statement_agents.c.seq).where(statement_agents.c.agent_key == agent_key,
                                                        statement_agents.c.direct.is_(True))
            doomed = [row.seq for row in conn.execute(seqs)]
            for chunk in (doomed[i:i + 500] for i in range(0, len(doomed), 500)):
                conn.execute(delete(statement_agents).where(statement_agents.c.seq.in_(chunk)))
                conn.execute(delete(statement_activities).where(statement_activities.c.seq.in_(chunk)))
                conn.execute(delete(statement_shares).where(statement_shares.c.seq.in_(chunk)))
                conn.execute(delete(statements).where(statements.c.seq.in_(chunk)))
            conn.execute(delete(documents).where(documents.c.agent_key == agent_key))
            conn.execute(delete(credentials).where(credentials.c.learner_id == learner_id,
                                                   credentials.c.kind == LEARNER_KIND))
            conn.execute(delete(learner_links).where(learner_links.c.learner_id == learner_id))
            conn.execute(delete(learners).where(learners.c.id == learner_id))
        return len(doomed)

    def status(self, learner_id: str, now: str) -> dict:
        """Counts for `learners list`: usable links and active tokens."""
        links, c = learner_links.c, credentials.c
        with self.engine.connect() as conn:
            open_links = conn.execute(select(func.count()).select_from(learner_links).where(
                links.learner_id == learner_id, links.used_at.is_(None),
                links.revoked_at.is_(None), links.expires_at > now)).scalar()
            tokens = conn.execute(select(func.count()).select_from(credentials).where(
                c.learner_id == learner_id, c.kind == LEARNER_KIND, c.revoked_at.is_(None),
                c.expires_at > now)).scalar()
        return {"open_links": open_links, "active_tokens": tokens}
