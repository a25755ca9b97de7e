"""Initial tables: statements with their query index tables, documents, credentials.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""
from alembic import op
import sqlalchemy as sa

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SEQ = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "statements",
        sa.Column("seq", SEQ, primary_key=True, autoincrement=True),
        sa.Column("statement_id", sa.String(36), nullable=False, unique=True),
        sa.Column("stored", sa.String(32), nullable=False),
        sa.Column("verb_id", sa.Text, nullable=False),
        sa.Column("registration", sa.String(36)),
        sa.Column("ref_target", sa.String(36)),
        sa.Column("is_voiding", sa.Boolean, nullable=False),
        sa.Column("voided", sa.Boolean, nullable=False),
        sa.Column("authority_key", sa.Text, nullable=False),
        sa.Column("version", sa.String(16), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
    )
    op.create_index("ix_statements_verb", "statements", ["verb_id", "seq"])
    op.create_index("ix_statements_registration", "statements", ["registration", "seq"])
    op.create_index("ix_statements_stored", "statements", ["stored"])
    op.create_index("ix_statements_ref_target", "statements", ["ref_target"])
    op.create_index("ix_statements_authority", "statements", ["authority_key", "seq"])

    op.create_table(
        "statement_agents",
        sa.Column("seq", SEQ, nullable=False),
        sa.Column("agent_key", sa.Text, nullable=False),
        sa.Column("direct", sa.Boolean, nullable=False),
    )
    op.create_index("ix_statement_agents_key", "statement_agents", ["agent_key", "seq", "direct"])
    op.create_index("ix_statement_agents_seq", "statement_agents", ["seq"])

    op.create_table(
        "statement_activities",
        sa.Column("seq", SEQ, nullable=False),
        sa.Column("activity_id", sa.Text, nullable=False),
        sa.Column("direct", sa.Boolean, nullable=False),
    )
    op.create_index("ix_statement_activities_id", "statement_activities",
                    ["activity_id", "seq", "direct"])
    op.create_index("ix_statement_activities_seq", "statement_activities", ["seq"])

    op.create_table(
        "attachments",
        sa.Column("sha2", sa.String(128), primary_key=True),
        sa.Column("content_type", sa.Text, nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
    )
    op.create_table(
        "activities",
        sa.Column("activity_id", sa.Text, primary_key=True),
        sa.Column("definition", sa.Text, nullable=False),
        sa.Column("updated", sa.String(32), nullable=False),
    )
    op.create_table(
        "documents",
        sa.Column("id", SEQ, primary_key=True, autoincrement=True),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("activity_id", sa.Text, nullable=False),
        sa.Column("agent_key", sa.Text, nullable=False),
        sa.Column("registration", sa.String(36), nullable=False),
        sa.Column("document_id", sa.Text, nullable=False),
        sa.Column("content_type", sa.Text, nullable=False),
        sa.Column("content", sa.LargeBinary, nullable=False),
        sa.Column("etag", sa.String(64), nullable=False),
        sa.Column("updated", sa.String(32), nullable=False),
        sa.UniqueConstraint("kind", "activity_id", "agent_key", "registration", "document_id",
                            name="uq_documents_key"),
    )
    op.create_index("ix_documents_updated", "documents",
                    ["kind", "activity_id", "agent_key", "updated"])
    op.create_table(
        "credentials",
        sa.Column("id", SEQ, primary_key=True, autoincrement=True),
        sa.Column("key", sa.String(64), nullable=False, unique=True),
        sa.Column("secret_hash", sa.Text, nullable=False),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("kind", sa.String(16), nullable=False),
        sa.Column("scopes", sa.Text, nullable=False),
        sa.Column("authority", sa.Text, nullable=False),
        sa.Column("learner_id", sa.Text),
        sa.Column("portal", sa.Text),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("expires_at", sa.String(32)),
        sa.Column("revoked_at", sa.String(32)),
    )
    op.create_table(
        "settings",
        sa.Column("name", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    for table in ("settings", "credentials", "documents", "activities", "attachments",
                  "statement_activities", "statement_agents", "statements"):
        op.drop_table(table)
