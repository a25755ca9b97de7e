"""Team view: locations, teams, contract hours, staff, sign-in, audit log, coach texts, projections.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-06
"""
from alembic import op
import sqlalchemy as sa

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

SEQ = sa.BigInteger().with_variant(sa.Integer(), "sqlite")


def upgrade() -> None:
    op.create_table('audit_log',
    sa.Column('id', SEQ, autoincrement=True, nullable=False),
    sa.Column('at', sa.String(length=32), nullable=False),
    sa.Column('actor', sa.Text(), nullable=False),
    sa.Column('actor_name', sa.Text(), nullable=False),
    sa.Column('subject', sa.String(length=32), nullable=True),
    sa.Column('action', sa.String(length=64), nullable=False),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_audit_actor', 'audit_log', ['actor', 'id'], unique=False)
    op.create_index('ix_audit_subject', 'audit_log', ['subject', 'id'], unique=False)
    op.create_table('check_answers',
    sa.Column('learner_id', sa.String(length=32), nullable=False),
    sa.Column('activity_id', sa.String(length=512), nullable=False),
    sa.Column('step_id', sa.String(length=128), nullable=False),
    sa.Column('question', sa.Integer(), nullable=False),
    sa.Column('response', sa.Text(), nullable=False),
    sa.Column('success', sa.Boolean(), nullable=True),
    sa.Column('answered_at', sa.String(length=32), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('learner_id', 'activity_id')
    )
    op.create_table('check_results',
    sa.Column('learner_id', sa.String(length=32), nullable=False),
    sa.Column('step_id', sa.String(length=128), nullable=False),
    sa.Column('passed', sa.Boolean(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=True),
    sa.Column('max_score', sa.Integer(), nullable=True),
    sa.Column('at', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('learner_id', 'step_id')
    )
    op.create_table('coach_notes',
    sa.Column('id', SEQ, autoincrement=True, nullable=False),
    sa.Column('learner_id', sa.String(length=32), nullable=False),
    sa.Column('staff_id', sa.String(length=32), nullable=False),
    sa.Column('staff_name', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_coach_notes_learner', 'coach_notes', ['learner_id', 'id'], unique=False)
    op.create_table('confirmations',
    sa.Column('statement_id', sa.String(length=36), nullable=False),
    sa.Column('session_id', sa.String(length=36), nullable=False),
    sa.Column('learner_id', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('step_id', sa.String(length=128), nullable=True),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('staff_id', sa.String(length=32), nullable=False),
    sa.Column('staff_name', sa.Text(), nullable=False),
    sa.Column('held_on', sa.String(length=10), nullable=False),
    sa.Column('minutes', sa.Integer(), nullable=True),
    sa.Column('voided', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('statement_id'),
    sa.UniqueConstraint('session_id', 'learner_id', name='uq_confirmations_session_learner')
    )
    op.create_index('ix_confirmations_held', 'confirmations', ['held_on', 'kind'], unique=False)
    op.create_index('ix_confirmations_learner', 'confirmations', ['learner_id', 'held_on'], unique=False)
    op.create_table('contract_hours',
    sa.Column('id', SEQ, autoincrement=True, nullable=False),
    sa.Column('learner_id', sa.String(length=32), nullable=False),
    sa.Column('hours', sa.Float(), nullable=False),
    sa.Column('effective_from', sa.String(length=10), nullable=False),
    sa.Column('flexible', sa.Boolean(), nullable=False),
    sa.Column('recorded_at', sa.String(length=32), nullable=False),
    sa.Column('recorded_by', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_contract_hours_learner', 'contract_hours', ['learner_id', 'effective_from'], unique=False)
    op.create_table('learner_intakes',
    sa.Column('learner_id', sa.String(length=32), nullable=False),
    sa.Column('portal', sa.Text(), nullable=False),
    sa.Column('answers', sa.Text(), nullable=False),
    sa.Column('consent', sa.Boolean(), nullable=False),
    sa.Column('answered_at', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('learner_id')
    )
    op.create_table('learner_steps',
    sa.Column('learner_id', sa.String(length=32), nullable=False),
    sa.Column('step_id', sa.String(length=128), nullable=False),
    sa.Column('portal', sa.Text(), nullable=False),
    sa.Column('first_at', sa.String(length=32), nullable=False),
    sa.Column('last_at', sa.String(length=32), nullable=False),
    sa.Column('completed_at', sa.String(length=32), nullable=True),
    sa.Column('retracted_at', sa.String(length=32), nullable=True),
    sa.Column('confirmed_by', sa.Text(), nullable=True),
    sa.Column('confirmed_at', sa.String(length=32), nullable=True),
    sa.PrimaryKeyConstraint('learner_id', 'step_id')
    )
    op.create_table('locations',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('lrk', sa.String(length=16), nullable=True),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('ve_children', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('removed_at', sa.String(length=32), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('portal_outlines',
    sa.Column('portal', sa.Text(), nullable=False),
    sa.Column('outline', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('portal')
    )
    op.create_table('reflection_feedback',
    sa.Column('id', SEQ, autoincrement=True, nullable=False),
    sa.Column('statement_id', sa.String(length=36), nullable=False),
    sa.Column('learner_id', sa.String(length=32), nullable=False),
    sa.Column('staff_id', sa.String(length=32), nullable=False),
    sa.Column('staff_name', sa.Text(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_feedback_learner', 'reflection_feedback', ['learner_id', 'id'], unique=False)
    op.create_index('ix_feedback_statement', 'reflection_feedback', ['statement_id'], unique=False)
    op.create_table('reflections',
    sa.Column('statement_id', sa.String(length=36), nullable=False),
    sa.Column('learner_id', sa.String(length=32), nullable=False),
    sa.Column('step_id', sa.String(length=128), nullable=False),
    sa.Column('prompt', sa.Integer(), nullable=False),
    sa.Column('written_at', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('statement_id')
    )
    op.create_index('ix_reflections_learner', 'reflections', ['learner_id', 'written_at'], unique=False)
    op.create_table('staff',
    sa.Column('id', sa.String(length=32), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('email', sa.Text(), nullable=True),
    sa.Column('role', sa.String(length=16), nullable=False),
    sa.Column('learner_id', sa.String(length=32), nullable=True),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('removed_at', sa.String(length=32), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_staff_email', 'staff', ['email'], unique=False)
    op.create_table('staff_links',
    sa.Column('id', SEQ, autoincrement=True, nullable=False),
    sa.Column('staff_id', sa.String(length=32), nullable=False),
    sa.Column('code_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('expires_at', sa.String(length=32), nullable=False),
    sa.Column('used_at', sa.String(length=32), nullable=True),
    sa.Column('revoked_at', sa.String(length=32), nullable=True),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code_hash')
    )
    op.create_index('ix_staff_links_staff', 'staff_links', ['staff_id'], unique=False)
    op.create_table('staff_scopes',
    sa.Column('staff_id', sa.String(length=32), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('ref_id', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('staff_id', 'kind', 'ref_id')
    )
    op.create_table('staff_sessions',
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('staff_id', sa.String(length=32), nullable=False),
    sa.Column('via', sa.String(length=16), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('last_seen_at', sa.String(length=32), nullable=False),
    sa.Column('expires_at', sa.String(length=32), nullable=False),
    sa.Column('revoked_at', sa.String(length=32), nullable=True),
    sa.PrimaryKeyConstraint('token_hash')
    )
    op.create_index('ix_staff_sessions_staff', 'staff_sessions', ['staff_id'], unique=False)
    op.create_table('teams',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('location_id', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.String(length=32), nullable=False),
    sa.Column('removed_at', sa.String(length=32), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_index('ix_teams_location', 'teams', ['location_id'], unique=False)
    with op.batch_alter_table("learners") as batch:
        batch.add_column(sa.Column("started_on", sa.String(length=10), nullable=True))
    _project_existing(op.get_bind())


def _project_existing(conn) -> None:
    """Nothing to backfill: portals' outlines arrive with the next `portals load`, and the
    projections are rebuilt from stored statements by `flask --app tracker team rebuild`."""


def downgrade() -> None:
    with op.batch_alter_table("learners") as batch:
        batch.drop_column("started_on")
    op.drop_index('ix_teams_location', table_name='teams')
    op.drop_table('teams')
    op.drop_index('ix_staff_sessions_staff', table_name='staff_sessions')
    op.drop_table('staff_sessions')
    op.drop_table('staff_scopes')
    op.drop_index('ix_staff_links_staff', table_name='staff_links')
    op.drop_table('staff_links')
    op.drop_index('ix_staff_email', table_name='staff')
    op.drop_table('staff')
    op.drop_index('ix_reflections_learner', table_name='reflections')
    op.drop_table('reflections')
    op.drop_index('ix_feedback_statement', table_name='reflection_feedback')
    op.drop_index('ix_feedback_learner', table_name='reflection_feedback')
    op.drop_table('reflection_feedback')
    op.drop_table('portal_outlines')
    op.drop_table('locations')
    op.drop_table('learner_steps')
    op.drop_table('learner_intakes')
    op.drop_index('ix_contract_hours_learner', table_name='contract_hours')
    op.drop_table('contract_hours')
    op.drop_index('ix_confirmations_learner', table_name='confirmations')
    op.drop_index('ix_confirmations_held', table_name='confirmations')
    op.drop_table('confirmations')
    op.drop_index('ix_coach_notes_learner', table_name='coach_notes')
    op.drop_table('coach_notes')
    op.drop_table('check_results')
    op.drop_table('check_answers')
    op.drop_index('ix_audit_subject', table_name='audit_log')
    op.drop_index('ix_audit_actor', table_name='audit_log')
    op.drop_table('audit_log')
