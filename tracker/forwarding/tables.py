"""Tables of tracker/forwarding (registered on the shared metadata): the outbox and each upstream's health."""
from __future__ import annotations

from sqlalchemy import BigInteger, Column, Index, Integer, String, Table, Text

from ..storage.schema import Sequence_, metadata

# One row per (statement, upstream) to send. Written in the transaction that stores the statement,
# so a stored statement is never missing from the outbox. status: pending -> sent, or parked (a 4xx
# from the upstream, with the reason); sent rows are kept TRACKER_RETENTION_FORWARDED_DAYS.
forward_outbox = Table(
    "forward_outbox", metadata,
    Column("id", Sequence_, primary_key=True, autoincrement=True),  # send order
    Column("upstream", String(64), nullable=False),
    Column("statement_seq", BigInteger, nullable=False),
    Column("statement_id", String(36), nullable=False),
    Column("status", String(16), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("reason", Text),  # why it is parked (the upstream's answer)
    Column("queued_at", String(32), nullable=False),
    Column("sent_at", String(32)),
    Index("ix_forward_outbox_status", "upstream", "status", "id"),
    Index("ix_forward_outbox_statement", "statement_id"),
)

# One row per upstream: who is sending now (a lease, so one worker sends at a time and order holds),
# and the backoff after a failure.
forward_upstreams = Table(
    "forward_upstreams", metadata,
    Column("upstream", String(64), primary_key=True),
    Column("lease_owner", String(64)),
    Column("lease_until", String(32)),
    Column("failures", Integer, nullable=False, default=0),  # consecutive transient failures
    Column("next_attempt_at", String(32)),
    Column("last_error", Text),
    Column("last_error_at", String(32)),
    Column("last_sent_at", String(32)),
)
