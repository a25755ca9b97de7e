"""Private reflections: statements.private_owner and .shared, the statement_shares table, backfilled.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-08
"""
import json

from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SEQ = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.add_column("statements", sa.Column("private_owner", sa.Text))
    op.add_column("statements", sa.Column("shared", sa.Boolean, nullable=False, server_default=sa.false()))
    op.create_table(
        "statement_shares",
        sa.Column("seq", SEQ, primary_key=True, autoincrement=False),
        sa.Column("target_id", sa.String(36), nullable=False),
        sa.Column("owner_key", sa.Text, nullable=False),
    )
    op.create_index("ix_statement_shares_target", "statement_shares", ["target_id"])
    _backfill(op.get_bind())


def _backfill(conn) -> None:
    """Mark the private statements and record the shares already stored (one pass over candidates)."""
    from tracker.services.privacy import SHARED_VERB, VISIBILITY, private_owner, shared_target
    from tracker.storage.schema import statement_shares, statements
    from tracker.storage.visibility import refresh_shared
    from tracker.xapi.index_keys import agent_key

    s = statements.c
    candidates = conn.execute(sa.select(s.seq, s.statement_id, s.body).where(
        sa.or_(s.body.contains(VISIBILITY, autoescape=True), s.verb_id == SHARED_VERB)))
    private, shares = [], []
    for seq, statement_id, body in candidates:
        statement = json.loads(body)
        owner = private_owner(statement)
        if owner is not None:
            private.append({"key": seq, "owner": owner})
        target = shared_target(statement)
        if target:
            shares.append({"seq": seq, "target_id": target, "owner_key": agent_key(statement["actor"])})
    if private:
        conn.execute(sa.update(statements).where(s.seq == sa.bindparam("key"))
                     .values(private_owner=sa.bindparam("owner")), private)
    if shares:
        conn.execute(statement_shares.insert(), shares)
        refresh_shared(conn, {share["target_id"] for share in shares})


def downgrade() -> None:
    op.drop_table("statement_shares")
    with op.batch_alter_table("statements") as batch:
        batch.drop_column("shared")
        batch.drop_column("private_owner")
