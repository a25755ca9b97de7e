"""Sign-in settings: TRACKER_PORTAL_URL, TRACKER_LINK_TTL, TRACKER_TOKEN_TTL, TRACKER_TOKEN_IDLE
(TRACKER_HOME_PAGE is core's)."""
from __future__ import annotations

from datetime import timedelta

from flask import Flask

from ..config import ConfigError, Setting, duration, load_settings

def _base_url(name: str, raw: str) -> str:
    value = raw.strip()
    if not value.startswith(("http://", "https://")):
        raise ConfigError(f"{name}: expected a URL like https://leren.example/ but received {raw!r}")
    return value if value.endswith("/") else value + "/"


LEARNER_SETTINGS = (
    Setting("TRACKER_PORTAL_URL", _base_url, "http://127.0.0.1:8000/",
            "where the role portals live; a personal link is <this><role>/#code=..."),
    Setting("TRACKER_LINK_TTL", duration, 14 * 86400,
            "how long a personal link's one-time code stays valid (seconds, or 90m, 12h, 14d)"),
    Setting("TRACKER_TOKEN_TTL", duration, 30 * 86400,
            "the longest a learner token from a code exchange can live, renewals included "
            "(seconds, or 12h, 30d)"),
    Setting("TRACKER_TOKEN_IDLE", duration, 12 * 3600,
            "a learner token expires this long after it was last used; each use renews it, "
            "up to TRACKER_TOKEN_TTL after the sign-in (seconds, or 90m, 12h)"),
)


def load_learner_settings(app: Flask, environ: dict[str, str] | None = None) -> None:
    """Fill app.config with every sign-in setting not already given (test config wins)."""
    missing = tuple(s for s in LEARNER_SETTINGS if s.key not in app.config)
    app.config.update(load_settings(environ, missing))


def seconds(value: int) -> timedelta:
    return timedelta(seconds=value)
