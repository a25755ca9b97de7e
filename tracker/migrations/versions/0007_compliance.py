"""Compliance: requirements, periods, evidence, files, tags, Wet IKK entries, reminders, feeds.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06
"""
from alembic import op
import sqlalchemy as sa

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

SEQ = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table('compliance_current',
    sa.Column('learner_id', sa.String(length=32), nullable=False),
    sa.Column('requirement_id', sa.String(length=64), nullable=False),
    sa.Column('latest_id', sa.Integer(), nullable=False),
    sa.Column('window_start', sa.String(length=10), nullable=False),
    sa.Column('due', sa.String(length=10), nullable=False),
    sa.Column('window_end', sa.String(length=10), nullable=False),
    sa.Column('completed_at', sa.String(length=10), nullable=True),
    sa.Column('valid_until', sa.String(length=10), nullable=True),
    sa.Column('proof_id', sa.Integer(), nullable=True),
    sa.Column('proof_completed_at', sa.String(length=10), nullable=True),
    sa.Column('proof_valid_until', sa.String(length=10), nullable=True),
    sa.Column('revoked_id', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('learner_id', 'requirement_id')
    )
    op.create_table('compliance_evidence',
    sa.Column('id', SEQ, autoincrement=True, nullable=False),
    sa.Column('learner_id', sa.String(length=32), nullable=False),
    sa.Column('requirement_id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('completed_on', sa.String(length=10), nullable=False),
    sa.Column('valid_until', sa.String(length=10), nullable=True),
    sa.Column('source', sa.String(length=64), nullable=False),
    sa.Column('statement_id', sa.String(length=36), nullable=True),
    sa.Column('file_id', sa.Integer(), nullable=True),
    sa.Column('entered_by', sa.Text(), nullable=True),
    sa.Column('entered_by_name', sa.Text(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('recorded_at', sa.String(length=32), nullable=False),
    sa.Column('revoked_at', sa.String(length=32), nullable=True),
    sa.Column('revoked_by', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('source')
    )
    op.create_index('ix_compliance_evidence_person', 'compliance_evidence', ['learner_id', 'requirement_id'], unique=False)
    op.create_table('compliance_feeds',
    sa.Column('learner_id', sa.String(length=32), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('learner_id'),
    sa.UniqueConstraint('token_hash')
    )
    op.create_table('compliance_files',
    sa.Column('id', SEQ, autoincrement=True, nullable=False),
    sa.Column('learner_id', sa.String(length=32), nullable=False),
    sa.Column('requirement_id', sa.String(length=64), nullable=False),
    sa.Column('filename', sa.Text(), nullable=False),
    sa.Column('content_type', sa.String(length=32), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('content', sa.LargeBinary(), nullable=False),
    sa.Column('uploaded_at', sa.String(length=32), nullable=False),
    sa.Column('uploaded_by', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_compliance_files_person', 'compliance_files', ['learner_id'], unique=False)
    op.create_table('compliance_periods',
    sa.Column('id', SEQ, autoincrement=True, nullable=False),
    sa.Column('learner_id', sa.String(length=32), nullable=False),
    sa.Column('requirement_id', sa.String(length=64), nullable=False),
    sa.Column('window_start', sa.String(length=10), nullable=False),
    sa.Column('due', sa.String(length=10), nullable=False),
    sa.Column('window_end', sa.String(length=10), nullable=False),
    sa.Column('completed_at', sa.String(length=10), nullable=True),
    sa.Column('valid_from', sa.String(length=10), nullable=True),
    sa.Column('valid_until', sa.String(length=10), nullable=True),
    sa.Column('evidence_id', sa.Integer(), nullable=True),
    sa.Column('revoked_at', sa.String(length=32), nullable=True),
    sa.Column('revoked_by', sa.Text(), nullable=True),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_compliance_periods_person', 'compliance_periods', ['learner_id', 'requirement_id', 'id'], unique=False)
    op.create_index('ix_compliance_periods_requirement', 'compliance_periods', ['requirement_id', 'due'], unique=False)
    op.create_table('compliance_reminders',
    sa.Column('key', sa.String(length=200), nullable=False),
    sa.Column('recipient', sa.Text(), nullable=False),
    sa.Column('sent_at', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('compliance_requirements',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('spec', sa.Text(), nullable=False),
    sa.Column('loaded_at', sa.String(length=32), nullable=False),
    sa.Column('retired_at', sa.String(length=32), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('compliance_tags',
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('ref_id', sa.String(length=64), nullable=False),
    sa.Column('tag', sa.String(length=32), nullable=False),
    sa.Column('set_at', sa.String(length=32), nullable=False),
    sa.Column('set_by', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('kind', 'ref_id', 'tag')
    )
    op.create_table('ikk_entries',
    sa.Column('id', SEQ, autoincrement=True, nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('location_id', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('hours', sa.Float(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('entered_by', sa.Text(), nullable=False),
    sa.Column('entered_by_name', sa.Text(), nullable=False),
    sa.Column('entered_at', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_ikk_entries_year', 'ikk_entries', ['year', 'location_id'], unique=False)


def downgrade() -> None:
    op.drop_table('compliance_current')
    op.drop_index('ix_ikk_entries_year', table_name='ikk_entries')
    op.drop_table('ikk_entries')
    op.drop_table('compliance_tags')
    op.drop_table('compliance_requirements')
    op.drop_table('compliance_reminders')
    op.drop_index('ix_compliance_periods_requirement', table_name='compliance_periods')
    op.drop_index('ix_compliance_periods_person', table_name='compliance_periods')
    op.drop_table('compliance_periods')
    op.drop_index('ix_compliance_files_person', table_name='compliance_files')
    op.drop_table('compliance_files')
    op.drop_table('compliance_feeds')
    op.drop_index('ix_compliance_evidence_person', table_name='compliance_evidence')
    op.drop_table('compliance_evidence')
