"""Forwarding to upstream LRSs: the outbox and the upstreams' lease and backoff.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-06
"""
from alembic import op
import sqlalchemy as sa

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

SEQ = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table(
        "forward_outbox",
        sa.Column("id", SEQ, primary_key=True, autoincrement=True),
        sa.Column("upstream", sa.String(64), nullable=False),
        sa.Column("statement_seq", sa.BigInteger, nullable=False),
        sa.Column("statement_id", sa.String(36), nullable=False),
        sa.Column("status", sa.String(16), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False),
        sa.Column("reason", sa.Text),
        sa.Column("queued_at", sa.String(32), nullable=False),
        sa.Column("sent_at", sa.String(32)),
    )
    op.create_index("ix_forward_outbox_status", "forward_outbox", ["upstream", "status", "id"])
    op.create_index("ix_forward_outbox_statement", "forward_outbox", ["statement_id"])
    op.create_table(
        "forward_upstreams",
        sa.Column("upstream", sa.String(64), primary_key=True),
        sa.Column("lease_owner", sa.String(64)),
        sa.Column("lease_until", sa.String(32)),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("next_attempt_at", sa.String(32)),
        sa.Column("last_error", sa.Text),
        sa.Column("last_error_at", sa.String(32)),
        sa.Column("last_sent_at", sa.String(32)),
    )


def downgrade() -> None:
    op.drop_table("forward_upstreams")
    op.drop_table("forward_outbox")
