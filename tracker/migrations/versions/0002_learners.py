"""Learners, one-time sign-in links and portal manifests (issue 4).

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

SEQ = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_index("ix_credentials_learner", "credentials", ["learner_id"])
    op.create_table(
        "learners",
        sa.Column("id", sa.String(32), primary_key=True),
        sa.Column("name", sa.Text, nullable=False),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("team", sa.Text),
        sa.Column("email", sa.Text),
        sa.Column("registration", sa.String(36), nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("removed_at", sa.String(32)),
    )
    op.create_index("ix_learners_role", "learners", ["role"])
    op.create_table(
        "learner_links",
        sa.Column("id", SEQ, primary_key=True, autoincrement=True),
        sa.Column("learner_id", sa.String(32), nullable=False),
        sa.Column("code_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_at", sa.String(32), nullable=False),
        sa.Column("expires_at", sa.String(32), nullable=False),
        sa.Column("used_at", sa.String(32)),
        sa.Column("revoked_at", sa.String(32)),
    )
    op.create_index("ix_learner_links_learner", "learner_links", ["learner_id"])
    op.create_table(
        "portals",
        sa.Column("portal", sa.Text, primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("root", sa.Text, nullable=False),
        sa.Column("verbs", sa.Text, nullable=False),
        sa.Column("source", sa.Text, nullable=False),
        sa.Column("loaded_at", sa.String(32), nullable=False),
    )
    op.create_table(
        "portal_activities",
        sa.Column("portal", sa.Text, primary_key=True),
        sa.Column("activity_id", sa.Text, primary_key=True),
        sa.Column("type", sa.Text),
        sa.Column("name", sa.Text),
    )


def downgrade() -> None:
    for table in ("portal_activities", "portals", "learner_links", "learners"):
        op.drop_table(table)
    op.drop_index("ix_credentials_learner", "credentials")
