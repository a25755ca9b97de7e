"""The tracker's tables (SQLAlchemy Core), identical on SQLite and PostgreSQL."""
from __future__ import annotations

from sqlalchemy import (BigInteger, Boolean, Column, Index, Integer, LargeBinary, MetaData, String,
                        Table, Text, UniqueConstraint, false)

metadata = MetaData()

# SQLite only auto-increments an INTEGER PRIMARY KEY (the rowid alias).
Sequence_ = BigInteger().with_variant(Integer(), "sqlite")

statements = Table(
    "statements", metadata,
    Column("seq", Sequence_, primary_key=True, autoincrement=True),  # monotonic: paging cursor
    Column("statement_id", String(36), nullable=False, unique=True),
    Column("stored", String(32), nullable=False),
    Column("verb_id", Text, nullable=False),
    Column("registration", String(36)),
    Column("ref_target", String(36)),  # object.id when the object is a StatementRef
    Column("is_voiding", Boolean, nullable=False, default=False),
    Column("voided", Boolean, nullable=False, default=False),
    Column("authority_key", Text, nullable=False),
    Column("version", String(16), nullable=False),
    Column("body", Text, nullable=False),  # the statement as stored (JSON)
    # Leerpad's private reflections (services/privacy.py): the owner's agent key when the statement
    # is marked private (never changes), and whether the owner has shared it. Checked in every read.
    Column("private_owner", Text),
    Column("shared", Boolean, nullable=False, default=False, server_default=false()),
    Index("ix_statements_verb", "verb_id", "seq"),
    Index("ix_statements_registration", "registration", "seq"),
    Index("ix_statements_stored", "stored"),
    Index("ix_statements_ref_target", "ref_target"),
    Index("ix_statements_authority", "authority_key", "seq"),
)

# One row per (statement, agent): direct = actor or object; otherwise only related_agents matches.
statement_agents = Table(
    "statement_agents", metadata,
    Column("seq", Sequence_, nullable=False),
    Column("agent_key", Text, nullable=False),
    Column("direct", Boolean, nullable=False),
    Index("ix_statement_agents_key", "agent_key", "seq", "direct"),
    Index("ix_statement_agents_seq", "seq"),
)

# One row per (statement, activity): direct = the object; otherwise only related_activities matches.
statement_activities = Table(
    "statement_activities", metadata,
    Column("seq", Sequence_, nullable=False),
    Column("activity_id", Text, nullable=False),
    Column("direct", Boolean, nullable=False),
    Index("ix_statement_activities_id", "activity_id", "seq", "direct"),
    Index("ix_statement_activities_seq", "seq"),
)

# One row per `shared` statement made with the owner's own credentials: what it shares (by id).
statement_shares = Table(
    "statement_shares", metadata,
    Column("seq", Sequence_, primary_key=True, autoincrement=False),  # the sharing statement
    Column("target_id", String(36), nullable=False),  # the shared statement's id
    Column("owner_key", Text, nullable=False),  # the sharing actor's agent key
    Index("ix_statement_shares_target", "target_id"),
)

attachments = Table(
    "attachments", metadata,
    Column("sha2", String(128), primary_key=True),
    Column("content_type", Text, nullable=False),
    Column("content", LargeBinary, nullable=False),
)

activities = Table(
    "activities", metadata,
    Column("activity_id", Text, primary_key=True),
    Column("definition", Text, nullable=False),  # merged definition (JSON) from statements
    Column("updated", String(32), nullable=False),
)

# State (kind "state"), activity profile and agent profile documents; '' marks an absent key part.
documents = Table(
    "documents", metadata,
    Column("id", Sequence_, primary_key=True, autoincrement=True),
    Column("kind", String(16), nullable=False),
    Column("activity_id", Text, nullable=False, default=""),
    Column("agent_key", Text, nullable=False, default=""),
    Column("registration", String(36), nullable=False, default=""),
    Column("document_id", Text, nullable=False),
    Column("content_type", Text, nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("etag", String(64), nullable=False),
    Column("updated", String(32), nullable=False),
    UniqueConstraint("kind", "activity_id", "agent_key", "registration", "document_id",
                     name="uq_documents_key"),
    Index("ix_documents_updated", "kind", "activity_id", "agent_key", "updated"),
)

# A credential is a Basic key/secret today; `kind`, `learner_id`, `portal` and `expires_at` let a
# later token kind be bound to one learner of one portal (see docs/tracker.md).
credentials = Table(
    "credentials", metadata,
    Column("id", Sequence_, primary_key=True, autoincrement=True),
    Column("key", String(64), nullable=False, unique=True),
    Column("secret_hash", Text, nullable=False),
    Column("name", Text, nullable=False),
    Column("kind", String(16), nullable=False, default="basic"),
    Column("scopes", Text, nullable=False),  # space separated
    Column("authority", Text, nullable=False),  # the authority Agent (JSON)
    Column("learner_id", Text),
    Column("portal", Text),
    Column("created_at", String(32), nullable=False),
    Column("expires_at", String(32)),
    Column("revoked_at", String(32)),
)

settings = Table(
    "settings", metadata,
    Column("name", String(64), primary_key=True),
    Column("value", Text, nullable=False),
)

# Issue 4 (tracker/learners/): learners, their one-time sign-in links, and the loaded portal manifests.
Index("ix_credentials_learner", credentials.c.learner_id)

learners = Table(
    "learners", metadata,
    Column("id", String(32), primary_key=True),  # opaque; the actor's account name
    Column("name", Text, nullable=False),
    Column("role", Text, nullable=False),  # the path id = the portal
    Column("team", Text),
    Column("email", Text),
    Column("registration", String(36), nullable=False),
    Column("actor", Text, nullable=False),  # the Agent (JSON) fixed at creation
    Column("created_at", String(32), nullable=False),
    Column("removed_at", String(32)),
    Column("started_on", String(10)),  # YYYY-MM-DD the learner started (the team view's due dates)
    Index("ix_learners_role", "role"),
)

learner_links = Table(
    "learner_links", metadata,
    Column("id", Sequence_, primary_key=True, autoincrement=True),
    Column("learner_id", String(32), nullable=False),
    Column("code_hash", String(64), nullable=False, unique=True),  # sha256 of the one-time code
    Column("created_at", String(32), nullable=False),
    Column("expires_at", String(32), nullable=False),
    Column("used_at", String(32)),
    Column("revoked_at", String(32)),
    Index("ix_learner_links_learner", "learner_id"),
)

portals = Table(
    "portals", metadata,
    Column("portal", Text, primary_key=True),
    Column("title", Text, nullable=False),
    Column("root", Text, nullable=False),
    Column("verbs", Text, nullable=False),  # JSON array of verb IRIs from the manifest
    Column("source", Text, nullable=False),
    Column("loaded_at", String(32), nullable=False),
)

portal_activities = Table(
    "portal_activities", metadata,
    Column("portal", Text, primary_key=True),
    Column("activity_id", Text, primary_key=True),
    Column("type", Text),
    Column("name", Text),
)

# Each area of the tracker keeps its tables beside its code, on this same metadata (imported last:
# those modules import `metadata` from here).
from ..team import tables as _team_tables  # noqa: E402,F401
from ..compliance import tables as _compliance_tables  # noqa: E402,F401
from ..forwarding import tables as _forwarding_tables  # noqa: E402,F401
from ..limits import tables as _limits_tables  # noqa: E402,F401
