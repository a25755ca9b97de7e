"""Tracker settings: typed, read from TRACKER_* environment variables, with safe defaults."""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from typing import Callable

import click


class ConfigError(click.ClickException, ValueError):
    """A setting has a value the tracker cannot use; the message names the variable.

    A ClickException, so every `flask --app tracker ...` command (`doctor` too) stops with the
    message and exit status 1 instead of a traceback.
    """


def _integer(name: str, raw: str) -> int:
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name}: expected an integer but received {raw!r}") from None
    if value <= 0:
        raise ConfigError(f"{name}: expected a positive integer but received {raw!r}")
    return value


def _boolean(name: str, raw: str) -> bool:
    lowered = raw.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    raise ConfigError(f"{name}: expected true or false but received {raw!r}")


def _origins(name: str, raw: str) -> tuple[str, ...]:
    origins = tuple(o.strip().rstrip("/") for o in raw.replace(",", " ").split() if o.strip())
    for origin in origins:
        if origin != "*" and not origin.startswith(("http://", "https://")):
            raise ConfigError(f"{name}: expected origins like https://portal.example but received {origin!r}")
    return origins


def _seconds(name: str, raw: str) -> float:
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name}: expected a number of seconds but received {raw!r}") from None
    if value < 0:
        raise ConfigError(f"{name}: expected 0 or more seconds but received {raw!r}")
    return value


_DURATION = re.compile(r"^\s*(\d+)\s*([smhd]?)\s*$")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}


def duration(name: str, raw: str) -> int:
    """A duration in seconds from `3600`, `90m`, `12h` or `14d` (sign-in links, tokens, staff sessions)."""
    found = _DURATION.match(raw.lower())
    if not found or int(found.group(1)) <= 0:
        raise ConfigError(f"{name}: expected a positive duration like 3600, 90m, 12h or 14d "
                          f"but received {raw!r}")
    return int(found.group(1)) * _UNITS[found.group(2)]


def _version(name: str, raw: str) -> str:
    if raw.strip() not in ("1.0.3", "2.0.0"):
        raise ConfigError(f"{name}: expected 1.0.3 or 2.0.0 but received {raw!r}")
    return raw.strip()


def _text(name: str, raw: str) -> str:
    return raw.strip()


@dataclass(frozen=True)
class Setting:
    """One TRACKER_* variable: its app.config key, parser, default and what it means."""

    env: str
    parse: Callable[[str, str], object]
    default: object
    help: str

    @property
    def key(self) -> str:
        return self.env


SETTINGS = (
    Setting("TRACKER_DATABASE_URL", _text, None,
            "SQLAlchemy URL; default sqlite:///<instance>/tracker.sqlite3 (WAL). "
            "PostgreSQL: postgresql+psycopg://user@host/db"),
    Setting("TRACKER_DATABASE_SCHEMA", _text, "",
            "PostgreSQL schema to use (search_path); empty means the default schema"),
    Setting("TRACKER_AUTO_MIGRATE", _boolean, True,
            "create and migrate the database when the app starts"),
    Setting("TRACKER_CORS_ORIGINS", _origins, (),
            "space/comma separated origins allowed to call the API from a browser; '*' for any"),
    Setting("TRACKER_MAX_BODY_BYTES", _integer, 16 * 1024 * 1024,
            "largest request body accepted; larger gets 413"),
    Setting("TRACKER_QUERY_LIMIT", _integer, 100,
            "most statements per page of a query (also used for limit=0)"),
    Setting("TRACKER_HOME_PAGE", _text, "https://tracker.leerpad.invalid",
            "homePage of the accounts the tracker issues (authority agents, later learners)"),
    Setting("TRACKER_CREDENTIAL_CACHE_SECONDS", _seconds, 2.0,
            "how long a worker may reuse a credential it read (revocation reaches other workers "
            "within this time); 0 reads it on every request"),
    Setting("TRACKER_SECRET_KEY", _text, "",
            "signs `more` cursors; empty means a random key kept in the database"),
    Setting("TRACKER_XAPI_DEFAULT_VERSION", _version, "2.0.0",
            "X-Experience-API-Version answered to a request that names no (valid) version"),
    Setting("TRACKER_ALLOW_PUBLIC_ABOUT", _boolean, True,
            "answer GET /xapi/about without credentials (the spec allows it)"),
    # Issue 12: forwarding, retention, doctor (docs/tracker.md, docs/privacy.md).
    Setting("TRACKER_FORWARD_CONFIG", _text, "",
            "TOML file naming the upstream LRSs statements are forwarded to; empty: no forwarding"),
    Setting("TRACKER_FORWARD_IN_APP", _boolean, False,
            "also run the forwarder inside the web workers (one sends per upstream at a time)"),
    Setting("TRACKER_FORWARD_INTERVAL", _seconds, 5.0,
            "seconds between the forwarder's looks at the outbox when it is empty"),
    Setting("TRACKER_RETENTION_REMOVED_MONTHS", _integer, 12,
            "months after `learners remove` that `retention run` erases the learner and their statements"),
    Setting("TRACKER_RETENTION_EXPIRED_DAYS", _integer, 30,
            "days after expiry or revocation that `retention run` deletes links and learner tokens"),
    Setting("TRACKER_RETENTION_FORWARDED_DAYS", _integer, 30,
            "days the outbox keeps a row of a statement already forwarded"),
    Setting("TRACKER_DOCTOR_MIN_FREE_MB", _integer, 500,
            "`doctor` reports a problem when the database's disk has less free space (MiB)"),
    # Issue 11: hardening (docs/tracker.md "Limits", docs/learners.md "Quotas").
    Setting("TRACKER_AUTH_FAILURES_PER_KEY", _integer, 10,
            "failed authentications one credential key may have per window before 429"),
    Setting("TRACKER_AUTH_FAILURES_PER_ADDRESS", _integer, 30,
            "failed authentications one client address may have per window before 429"),
    Setting("TRACKER_AUTH_FAILURE_WINDOW", _seconds, 60.0,
            "seconds of the failed-authentication window (and the longest Retry-After)"),
    Setting("TRACKER_LEARNER_STATE_BYTES", _integer, 64 * 1024,
            "largest State document a learner token may write (413 beyond)"),
    Setting("TRACKER_LEARNER_STATE_DOCUMENTS", _integer, 500,
            "most State documents one learner may keep (413 for a new one beyond)"),
    Setting("TRACKER_LEARNER_STATEMENT_BYTES", _integer, 32 * 1024,
            "largest statement (as JSON) a learner token may send (413 beyond)"),
    Setting("TRACKER_LEARNER_RESPONSE_CHARS", _integer, 10_000,
            "longest result.response (characters) in a learner's statement (413 beyond)"),
    Setting("TRACKER_LEARNER_STATEMENTS_PER_MINUTE", _integer, 300,
            "statements one learner token may store per minute (429 with Retry-After beyond)"),
    Setting("TRACKER_THROTTLE_PROXIES", _integer, 0,
            "reverse proxies in front of the tracker that append to X-Forwarded-For; the throttle "
            "counts per the address they saw (0: per the connecting address)"),
    # Issue 10: compliance (docs/compliance.md).
    Setting("TRACKER_COMPLIANCE_MAX_FILE_BYTES", _integer, 5 * 1024 * 1024,
            "largest evidence file (certificate: PDF, JPEG or PNG) accepted"),
    Setting("TRACKER_COMPLIANCE_EHBO_MINIMUM", _integer, 2,
            "staff with a valid kinder-EHBO certificate a location needs; the inspectiemap warns below it"),
)


def load_settings(environ: dict[str, str] | None = None,
                  settings: tuple[Setting, ...] | None = None) -> dict[str, object]:
    """Return app.config entries for every setting, raising ConfigError naming each bad variable."""
    environ = os.environ if environ is None else environ
    values: dict[str, object] = {}
    errors: list[str] = []
    for setting in SETTINGS if settings is None else settings:
        raw = environ.get(setting.env)
        if raw is None or raw == "":
            values[setting.key] = setting.default
            continue
        try:
            values[setting.key] = setting.parse(setting.env, raw)
        except ConfigError as error:
            errors.append(str(error))
    if errors:
        raise ConfigError("; ".join(errors))
    return values
