"""Times as the tracker stores them: UTC, fixed width, so text order is time order."""
from __future__ import annotations

from datetime import datetime, timezone


def now_iso(at: datetime | None = None) -> str:
    """An ISO 8601 UTC timestamp with microseconds, e.g. 2026-11-28T15:30:00.123456Z."""
    at = (at or datetime.now(timezone.utc)).astimezone(timezone.utc)
    return at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def to_iso(at: datetime) -> str:
    """Any aware datetime in the stored form (naive ones are taken as UTC)."""
    if at.tzinfo is None:
        at = at.replace(tzinfo=timezone.utc)
    return now_iso(at)


def parse_iso(value: str) -> datetime:
    return datetime.strptime(value, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)
