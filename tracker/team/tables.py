"""Tables of the organisation side (tracker/team): structure, staff, sign-in, audit, projections.

Structure and staff are written by the CLI and the team pages. The projections (`learner_steps`,
`check_answers`, `check_results`, `learner_intakes`, `reflections`, `confirmations`) are kept by
tracker/team/projection.py inside the statement store's write transaction, so the pages never
scan statements.
"""
from __future__ import annotations

from sqlalchemy import (Boolean, Column, Float, Index, Integer, String, Table, Text,
                        UniqueConstraint)

from ..storage.schema import Sequence_, metadata

# --- Structure ---------------------------------------------------------------------------------

locations = Table(
    "locations", metadata,
    Column("id", String(64), primary_key=True),  # a slug of the name
    Column("name", Text, nullable=False),
    Column("lrk", String(16)),  # Landelijk Register Kinderopvang number
    Column("kind", String(16), nullable=False),  # dagopvang | peuteropvang | bso | combinatie
    Column("ve_children", Integer),  # children with a VE indication (Wet IKK VE addition)
    Column("created_at", String(32), nullable=False),
    Column("removed_at", String(32)),
)

teams = Table(
    "teams", metadata,
    Column("id", String(64), primary_key=True),  # a slug of the name (unique across locations)
    Column("name", Text, nullable=False),
    Column("location_id", String(64), nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("removed_at", String(32)),
    Index("ix_teams_location", "location_id"),
)

# Contract hours per week with the date they take effect: a history, never overwritten.
contract_hours = Table(
    "contract_hours", metadata,
    Column("id", Sequence_, primary_key=True, autoincrement=True),
    Column("learner_id", String(32), nullable=False),
    Column("hours", Float, nullable=False),
    Column("effective_from", String(10), nullable=False),  # YYYY-MM-DD
    Column("flexible", Boolean, nullable=False, default=False),  # a flexible (min-max/0-uren) contract
    Column("recorded_at", String(32), nullable=False),
    Column("recorded_by", Text, nullable=False),
    Index("ix_contract_hours_learner", "learner_id", "effective_from"),
)

# --- Staff and sign-in -------------------------------------------------------------------------

staff = Table(
    "staff", metadata,
    Column("id", String(32), primary_key=True),
    Column("name", Text, nullable=False),
    Column("email", Text),  # lower-cased; unique among current staff (checked in the store)
    Column("role", String(16), nullable=False),  # coach | manager | admin
    Column("learner_id", String(32)),  # the same person as a learner, if they are one
    Column("created_at", String(32), nullable=False),
    Column("removed_at", String(32)),
    Index("ix_staff_email", "email"),
)

# What a staff member looks after: teams (coach) or locations (manager).
staff_scopes = Table(
    "staff_scopes", metadata,
    Column("staff_id", String(32), primary_key=True),
    Column("kind", String(16), primary_key=True),  # team | location
    Column("ref_id", String(64), primary_key=True),
)

staff_links = Table(
    "staff_links", metadata,
    Column("id", Sequence_, primary_key=True, autoincrement=True),
    Column("staff_id", String(32), nullable=False),
    Column("code_hash", String(64), nullable=False, unique=True),
    Column("created_at", String(32), nullable=False),
    Column("expires_at", String(32), nullable=False),
    Column("used_at", String(32)),
    Column("revoked_at", String(32)),
    Index("ix_staff_links_staff", "staff_id"),
)

staff_sessions = Table(
    "staff_sessions", metadata,
    Column("token_hash", String(64), primary_key=True),  # sha256 of the cookie value
    Column("staff_id", String(32), nullable=False),
    Column("via", String(16), nullable=False),  # link | oidc
    Column("created_at", String(32), nullable=False),
    Column("last_seen_at", String(32), nullable=False),
    Column("expires_at", String(32), nullable=False),  # the absolute lifetime
    Column("revoked_at", String(32)),
    Index("ix_staff_sessions_staff", "staff_id"),
)

# --- Audit -------------------------------------------------------------------------------------

# Append-only: every staff read of one person's data and every administrative change.
audit_log = Table(
    "audit_log", metadata,
    Column("id", Sequence_, primary_key=True, autoincrement=True),
    Column("at", String(32), nullable=False),
    Column("actor", Text, nullable=False),  # "staff:<id>", "cli", "learner:<id>"
    Column("actor_name", Text, nullable=False),
    Column("subject", String(32)),  # the learner the entry is about, if one
    Column("action", String(64), nullable=False),
    Column("detail", Text, nullable=False, default="{}"),  # JSON
    Index("ix_audit_subject", "subject", "id"),
    Index("ix_audit_actor", "actor", "id"),
)

# --- What coaches write ----------------------------------------------------------------------

reflection_feedback = Table(
    "reflection_feedback", metadata,
    Column("id", Sequence_, primary_key=True, autoincrement=True),
    Column("statement_id", String(36), nullable=False),  # the shared reflection
    Column("learner_id", String(32), nullable=False),
    Column("staff_id", String(32), nullable=False),
    Column("staff_name", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", String(32), nullable=False),
    Index("ix_feedback_learner", "learner_id", "id"),
    Index("ix_feedback_statement", "statement_id"),
)

coach_notes = Table(
    "coach_notes", metadata,
    Column("id", Sequence_, primary_key=True, autoincrement=True),
    Column("learner_id", String(32), nullable=False),
    Column("staff_id", String(32), nullable=False),
    Column("staff_name", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("created_at", String(32), nullable=False),
    Index("ix_coach_notes_learner", "learner_id", "id"),
)

# --- The portals' outlines (from xapi-manifest.json) --------------------------------------------

portal_outlines = Table(
    "portal_outlines", metadata,
    Column("portal", Text, primary_key=True),
    Column("outline", Text, nullable=False),  # JSON: {"steps": [...], "intake": {...}|null}
)

# --- Projections (kept in the statement transaction) --------------------------------------------

learner_steps = Table(
    "learner_steps", metadata,
    Column("learner_id", String(32), primary_key=True),
    Column("step_id", String(128), primary_key=True),
    Column("portal", Text, nullable=False),
    Column("first_at", String(32), nullable=False),  # first statement about the step
    Column("last_at", String(32), nullable=False),
    Column("completed_at", String(32)),  # the latest completion
    Column("retracted_at", String(32)),  # the latest retraction: done while completed_at is later
    Column("confirmed_by", Text),  # the staff member's name when a confirmation completed it
    Column("confirmed_at", String(32)),
)  # no secondary index: every read is by learner (the key), and each write would pay for one

check_answers = Table(
    "check_answers", metadata,
    Column("learner_id", String(32), primary_key=True),
    Column("activity_id", String(512), primary_key=True),  # <module>#toets-q<n>
    Column("step_id", String(128), nullable=False),
    Column("question", Integer, nullable=False),
    Column("response", Text, nullable=False),
    Column("success", Boolean),
    Column("answered_at", String(32), nullable=False),
    Column("attempts", Integer, nullable=False, default=1),
)

check_results = Table(
    "check_results", metadata,
    Column("learner_id", String(32), primary_key=True),
    Column("step_id", String(128), primary_key=True),
    Column("passed", Boolean, nullable=False),
    Column("score", Integer),
    Column("max_score", Integer),
    Column("at", String(32), nullable=False),
)

learner_intakes = Table(
    "learner_intakes", metadata,
    Column("learner_id", String(32), primary_key=True),
    Column("portal", Text, nullable=False),
    Column("answers", Text, nullable=False),  # JSON: question id -> option index
    Column("consent", Boolean, nullable=False, default=False),  # the coach may read the answers
    Column("answered_at", String(32), nullable=False),
)

reflections = Table(
    "reflections", metadata,
    Column("statement_id", String(36), primary_key=True),
    Column("learner_id", String(32), nullable=False),
    Column("step_id", String(128), nullable=False),
    Column("prompt", Integer, nullable=False),
    Column("written_at", String(32), nullable=False),
    Index("ix_reflections_learner", "learner_id", "written_at"),
)

confirmations = Table(
    "confirmations", metadata,
    Column("statement_id", String(36), primary_key=True),
    Column("session_id", String(36), nullable=False),  # one meeting: same id for every participant
    Column("learner_id", String(32), nullable=False),
    Column("kind", String(16), nullable=False),  # training | coaching | intervisie
    Column("step_id", String(128)),  # None for a coaching conversation outside the path
    Column("title", Text, nullable=False),
    Column("staff_id", String(32), nullable=False),
    Column("staff_name", Text, nullable=False),
    Column("held_on", String(10), nullable=False),  # YYYY-MM-DD
    Column("minutes", Integer),
    Column("voided", Boolean, nullable=False, default=False),
    UniqueConstraint("session_id", "learner_id", name="uq_confirmations_session_learner"),
    Index("ix_confirmations_learner", "learner_id", "held_on"),
    Index("ix_confirmations_held", "held_on", "kind"),
)
