"""Tables of tracker/limits (on the shared metadata): counters every gunicorn worker shares.

`auth_failures`: failed authentications per bucket ("key:<credential key>" or "addr:<client address>")
in a fixed window. `learner_rates`: statements stored per learner token in a fixed window.
Times are Unix seconds (float), so each check is one indexed row read.
"""
from __future__ import annotations

from sqlalchemy import Column, Float, Integer, String, Table

from ..storage.schema import metadata

auth_failures = Table(
    "auth_failures", metadata,
    Column("bucket", String(200), primary_key=True),
    Column("window_start", Float, nullable=False),
    Column("failures", Integer, nullable=False),
)

learner_rates = Table(
    "learner_rates", metadata,
    Column("credential_key", String(200), primary_key=True),
    Column("window_start", Float, nullable=False),
    Column("statements", Integer, nullable=False),
)
