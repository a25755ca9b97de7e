"""Erasing one learner inside a caller's transaction (retention; the same tables as `learners remove --purge`)."""
from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import delete, select

from ..forwarding.tables import forward_outbox
from ..storage.schema import (credentials, documents, learner_links, learners, metadata, statement_activities,
                              statement_agents, statement_shares, statements)
from .personal_data import erasable_tables


@dataclass
class Erased:
    """How many rows of each kind one erasure deleted."""

    statements: int = 0
    documents: int = 0
    tokens: int = 0
    links: int = 0
    other: dict[str, int] = field(default_factory=dict)  # table -> rows (team view, compliance, ...)


def erase_learner(conn, learner_id: str, agent_key: str) -> Erased:
    """Delete the learner row, their statements (private ones included), State and agent profiles,
    tokens, links, queued forwards and every row keyed by their id in other areas' tables.

    Statements by others that merely mention the learner are kept (as `learners remove --purge`).
    The audit log keeps its entries about them: it records the erasure itself.
    """
    done = Erased()
    seqs = [row.seq for row in conn.execute(select(statement_agents.c.seq).where(
        statement_agents.c.agent_key == agent_key, statement_agents.c.direct.is_(True)))]
    seqs = sorted(set(seqs))
    for chunk in (seqs[i:i + 500] for i in range(0, len(seqs), 500)):
        conn.execute(delete(forward_outbox).where(forward_outbox.c.statement_seq.in_(chunk)))
        conn.execute(delete(statement_agents).where(statement_agents.c.seq.in_(chunk)))
        conn.execute(delete(statement_activities).where(statement_activities.c.seq.in_(chunk)))
        conn.execute(delete(statement_shares).where(statement_shares.c.seq.in_(chunk)))
        done.statements += conn.execute(delete(statements).where(statements.c.seq.in_(chunk))).rowcount
    done.documents = conn.execute(delete(documents).where(documents.c.agent_key == agent_key)).rowcount
    done.tokens = conn.execute(delete(credentials).where(credentials.c.learner_id == learner_id)).rowcount
    done.links = conn.execute(delete(learner_links).where(learner_links.c.learner_id == learner_id)).rowcount
    for table in erasable_tables():
        count = conn.execute(delete(table).where(table.c.learner_id == learner_id)).rowcount
        if count:
            done.other[table.name] = count
    tags = metadata.tables.get("compliance_tags")  # keyed by (kind, ref_id), not learner_id
    if tags is not None:
        count = conn.execute(delete(tags).where(tags.c.kind == "learner", tags.c.ref_id == learner_id)).rowcount
        if count:
            done.other[tags.name] = count
    reminders = metadata.tables.get("compliance_reminders")  # keyed by the e-mail address they went to
    email = conn.execute(select(learners.c.email).where(learners.c.id == learner_id)).scalar()
    if reminders is not None and email:
        count = conn.execute(delete(reminders).where(reminders.c.recipient == email)).rowcount
        if count:
            done.other[reminders.name] = count
    conn.execute(delete(learners).where(learners.c.id == learner_id))
    return done


def purge_learner(engine, learner, actor) -> int:
    """`learners remove --purge`: erase the learner now, with an audit entry in the same transaction.

    Returns the number of statements deleted.
    """
    from ..storage.database import writer
    from ..team.audit import write
    from ..xapi.index_keys import agent_key

    with writer(engine).begin() as conn:
        erased = erase_learner(conn, learner.id, agent_key(learner.actor))
        write(conn, actor, "learner.purge", subject=learner.id, detail=erased.__dict__)
    return erased.statements
