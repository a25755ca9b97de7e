"""Failed-authentication throttling, per credential key and per client address (issue 11).

Checked before the expensive part of authentication (scrypt for a Basic secret), so a flood of wrong
secrets is answered with a cheap 429 instead of pinning the workers. The counters live in the database
(tracker/limits/tables.py), so every gunicorn worker and every machine sees the same ones.
A Basic secret a worker has already verified skips the check: a flood against a key does not lock out
the client that holds the right secret on the workers that know it.
"""
from __future__ import annotations

import time

from flask import current_app, request

from ..xapi.errors import XAPIError
from .counters import add, counts, retry_after
from .tables import auth_failures


class Throttled(XAPIError):
    """429 with the seconds to wait (sent as Retry-After)."""

    def __init__(self, message: str, seconds: int):
        super().__init__(message, 429)
        self.retry_after = seconds


def client_address() -> str:
    """The client's address: the connecting one, or behind TRACKER_THROTTLE_PROXIES proxies the one
    the outermost of them saw (the proxies' own entries at the end of X-Forwarded-For)."""
    proxies = current_app.config["TRACKER_THROTTLE_PROXIES"]
    if proxies:
        forwarded = [part.strip() for part in request.headers.get("X-Forwarded-For", "").split(",")
                     if part.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies][:64]
    return request.remote_addr or "-"


def buckets(key: str | None) -> dict[str, int]:
    """The counters one attempt counts against, with the failures each may have per window."""
    config = current_app.config
    found = {f"addr:{client_address()}": config["TRACKER_AUTH_FAILURES_PER_ADDRESS"]}
    if key:
        found[f"key:{key[:150]}"] = config["TRACKER_AUTH_FAILURES_PER_KEY"]
    return found


def _blocked() -> dict[str, float]:
    """Buckets this worker already found blocked, until when: a flood then costs no database read."""
    return current_app.extensions.setdefault("tracker_throttled", {})


def code_buckets() -> dict[str, int]:
    """The counter a sign-in code exchange counts against: its client address, apart from the
    "addr:" one, so a location's stale tokens do not block its sign-ins (and the other way round)."""
    return {f"code:{client_address()}": current_app.config["TRACKER_AUTH_FAILURES_PER_ADDRESS"]}


def check(engine, key: str | None) -> None:
    """429 when this key or this client address has used up its failed attempts in the window."""
    _check(engine, buckets(key))


def check_code(engine) -> None:
    """429 when this client address has used up its failed sign-in code exchanges in the window."""
    _check(engine, code_buckets())


def failed_code(engine) -> None:
    """Count one refused sign-in code against the client address."""
    add(engine, auth_failures, "bucket", "failures", list(code_buckets()), 1, time.time(),
        current_app.config["TRACKER_AUTH_FAILURE_WINDOW"])


def _check(engine, limits: dict[str, int]) -> None:
    window = current_app.config["TRACKER_AUTH_FAILURE_WINDOW"]
    now = time.time()
    blocked = _blocked()
    for bucket in limits:
        until = blocked.get(bucket)
        if until is not None and until > now:
            raise _throttled(bucket, until - now)
    for bucket, (failures, left) in counts(engine, auth_failures, "bucket", "failures", list(limits),
                                           now, window).items():
        if failures >= limits[bucket]:
            if len(blocked) > 10_000:
                blocked.clear()
            blocked[bucket] = now + left
            raise _throttled(bucket, left)


def _throttled(bucket: str, left: float) -> Throttled:
    if bucket.startswith("code:"):
        return Throttled(f"code: too many failed sign-in codes from this address; "
                         f"try again in {retry_after(left)} s", retry_after(left))
    what = "this credential" if bucket.startswith("key:") else "this address"
    return Throttled(f"Authorization header: too many failed attempts for {what}; "
                     f"try again in {retry_after(left)} s", retry_after(left))


def failed(engine, key: str | None) -> None:
    """Count one failed authentication against the key and the client address."""
    add(engine, auth_failures, "bucket", "failures", list(buckets(key)), 1, time.time(),
        current_app.config["TRACKER_AUTH_FAILURE_WINDOW"])
