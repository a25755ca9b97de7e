"""Tables of tracker/compliance (on the shared metadata): requirements, periods, evidence, IKK, reminders.

Periods are the history: one row per period per person per requirement, never deleted or reset;
a row only ever gains its completion, or is marked revoked. Statuses are computed from dates.
"""
from __future__ import annotations

from sqlalchemy import Boolean, Column, Float, Index, Integer, LargeBinary, String, Table, Text

from ..storage.schema import Sequence_, metadata

# The requirements as last loaded from paths/requirements.yml (the whole declaration as JSON).
compliance_requirements = Table(
    "compliance_requirements", metadata,
    Column("id", String(64), primary_key=True),
    Column("position", Integer, nullable=False),
    Column("spec", Text, nullable=False),  # JSON of the validated Requirement
    Column("loaded_at", String(32), nullable=False),
    Column("retired_at", String(32)),  # no longer in the file: kept for the history
)

compliance_periods = Table(
    "compliance_periods", metadata,
    Column("id", Sequence_, primary_key=True, autoincrement=True),
    Column("learner_id", String(32), nullable=False),
    Column("requirement_id", String(64), nullable=False),
    Column("window_start", String(10), nullable=False),  # YYYY-MM-DD: renewal may start
    Column("due", String(10), nullable=False),  # the previous validity ends / the first deadline
    Column("window_end", String(10), nullable=False),  # due + grace
    Column("completed_at", String(10)),
    Column("valid_from", String(10)),
    Column("valid_until", String(10)),  # None: once-only proof, valid for good
    Column("evidence_id", Integer),  # compliance_evidence.id that completed it
    Column("revoked_at", String(32)),
    Column("revoked_by", Text),
    Column("created_at", String(32), nullable=False),
    Index("ix_compliance_periods_person", "learner_id", "requirement_id", "id"),
    Index("ix_compliance_periods_requirement", "requirement_id", "due"),
)

# What proves a requirement: a statement (module completion), a confirmation (training), an
# uploaded file, or a manager's manual entry. Append-only except `revoked_*`.
compliance_evidence = Table(
    "compliance_evidence", metadata,
    Column("id", Sequence_, primary_key=True, autoincrement=True),
    Column("learner_id", String(32), nullable=False),
    Column("requirement_id", String(64), nullable=False),
    Column("kind", String(16), nullable=False),  # module | training | certificate | manual
    Column("completed_on", String(10), nullable=False),  # YYYY-MM-DD
    Column("valid_until", String(10)),  # an expiry printed on a certificate, if it sets its own
    Column("source", String(64), nullable=False, unique=True),  # statement id, "file:<id>", "manual:<n>"
    Column("statement_id", String(36)),
    Column("file_id", Integer),
    Column("entered_by", Text),  # "staff:<id>" / "learner:<id>" / "cli"
    Column("entered_by_name", Text),
    Column("note", Text),
    Column("recorded_at", String(32), nullable=False),
    Column("revoked_at", String(32)),
    Column("revoked_by", Text),
    Index("ix_compliance_evidence_person", "learner_id", "requirement_id"),
)

compliance_files = Table(
    "compliance_files", metadata,
    Column("id", Sequence_, primary_key=True, autoincrement=True),
    Column("learner_id", String(32), nullable=False),
    Column("requirement_id", String(64), nullable=False),
    Column("filename", Text, nullable=False),
    Column("content_type", String(32), nullable=False),
    Column("size", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("content", LargeBinary, nullable=False),
    Column("uploaded_at", String(32), nullable=False),
    Column("uploaded_by", Text, nullable=False),
    Index("ix_compliance_files_person", "learner_id"),
)

# Where someone works, beyond role and location: "babies", "ve", "bhv" for a team or a person.
compliance_tags = Table(
    "compliance_tags", metadata,
    Column("kind", String(16), primary_key=True),  # team | learner
    Column("ref_id", String(64), primary_key=True),
    Column("tag", String(32), primary_key=True),
    Column("set_at", String(32), nullable=False),
    Column("set_by", Text, nullable=False),
)

# Wet IKK: the manager's split of the hours over locations and the coach's policy hours, per year.
ikk_entries = Table(
    "ikk_entries", metadata,
    Column("id", Sequence_, primary_key=True, autoincrement=True),
    Column("year", Integer, nullable=False),
    Column("location_id", String(64), nullable=False),
    Column("kind", String(16), nullable=False),  # split (the latest counts) | policy (they add up)
    Column("hours", Float, nullable=False),
    Column("note", Text),
    Column("entered_by", Text, nullable=False),
    Column("entered_by_name", Text, nullable=False),
    Column("entered_at", String(32), nullable=False),
    Index("ix_ikk_entries_year", "year", "location_id"),
)

# Each reminder once: (kind, to whom, about what) is the key.
compliance_reminders = Table(
    "compliance_reminders", metadata,
    Column("key", String(200), primary_key=True),
    Column("recipient", Text, nullable=False),
    Column("sent_at", String(32), nullable=False),
)

# The private iCalendar feed of one person (sha256 of the secret in the URL).
compliance_feeds = Table(
    "compliance_feeds", metadata,
    Column("learner_id", String(32), primary_key=True),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("created_at", String(32), nullable=False),
    Column("active", Boolean, nullable=False, default=True),
)

# A projection for the grid: per person and requirement, the latest live row and the last proof
# (kept by store.refresh_current whenever periods change), so 1,000 × 10 standings read one row each.
compliance_current = Table(
    "compliance_current", metadata,
    Column("learner_id", String(32), primary_key=True),
    Column("requirement_id", String(64), primary_key=True),
    Column("latest_id", Integer, nullable=False),
    Column("window_start", String(10), nullable=False),
    Column("due", String(10), nullable=False),
    Column("window_end", String(10), nullable=False),
    Column("completed_at", String(10)),
    Column("valid_until", String(10)),
    Column("proof_id", Integer),
    Column("proof_completed_at", String(10)),
    Column("proof_valid_until", String(10)),
    Column("revoked_id", Integer),
)
