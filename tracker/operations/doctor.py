"""`flask --app tracker doctor`: is this tracker ready to serve? Each check gives ok, a warning or a problem."""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

from flask import Flask
from sqlalchemy import func, select, text

from ..forwarding.outbox import PARKED, PENDING
from ..forwarding.tables import forward_outbox, forward_upstreams
from ..services.clock import now_iso, parse_iso, to_iso
from ..storage.database import current_revision, head_revision, sqlite_path
from ..storage.schema import learners, portals

OK, WARNING, PROBLEM = "ok", "warning", "PROBLEM"
STALE_PENDING = timedelta(hours=1)
PLACEHOLDER_HOME_PAGE = "https://tracker.leerpad.invalid"


@dataclass
class Finding:
    check: str
    level: str
    message: str


def examine(app: Flask) -> list[Finding]:
    """Run every check; a check that cannot run (no database) is itself a problem."""
    config, engine = app.config, app.extensions["tracker"].engine
    found = _settings(config) + _cors(config)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as error:  # noqa: BLE001 - any driver error means unreachable
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return found + [Finding("database", PROBLEM, f"cannot connect: {first}")]
    found.append(Finding("database", OK, f"reachable ({engine.dialect.name})"))
    current, head = current_revision(engine), head_revision()
    if current != head:
        found.append(Finding("migrations", PROBLEM, f"database at revision {current or 'none'}, code at "
                             f"{head}: run `flask --app tracker db upgrade`"))
        return found + _disk(config, app)
    found.append(Finding("migrations", OK, f"at the newest revision ({head})"))
    return found + _portals(engine) + _forwarding(app, engine) + _disk(config, app)


def _settings(config) -> list[Finding]:
    found = []
    if config.get("TRACKER_HOME_PAGE") == PLACEHOLDER_HOME_PAGE:
        found.append(Finding("settings", PROBLEM, "TRACKER_HOME_PAGE is the placeholder "
                             f"{config['TRACKER_HOME_PAGE']}: set it to the tracker's public URL before "
                             "creating learners"))
    portal_url = config.get("TRACKER_PORTAL_URL", "")
    if portal_url.startswith(("http://127.", "http://localhost")):
        found.append(Finding("settings", WARNING, f"TRACKER_PORTAL_URL is {portal_url}: personal links "
                             "only work on this machine"))
    if not found:
        return [Finding("settings", OK, "every setting is valid")]
    level = PROBLEM if any(f.level == PROBLEM for f in found) else WARNING
    return [Finding("settings", level, "; ".join(f.message for f in found))]


def _cors(config) -> list[Finding]:
    origins = config.get("TRACKER_CORS_ORIGINS", ())
    if not origins:
        return [Finding("cors", WARNING, "TRACKER_CORS_ORIGINS is empty: portals on another origin "
                        "cannot reach the tracker from a browser")]
    if "*" in origins:
        return [Finding("cors", WARNING, "TRACKER_CORS_ORIGINS allows any origin ('*'); name the "
                        "portals' origin instead")]
    plain = [o for o in origins if o.startswith("http://") and not o.startswith(("http://127.", "http://localhost"))]
    if plain:
        return [Finding("cors", WARNING, f"origins without HTTPS: {', '.join(plain)}")]
    return [Finding("cors", OK, f"browsers may call from {', '.join(origins)}")]


def _portals(engine) -> list[Finding]:
    with engine.connect() as conn:
        loaded = set(conn.execute(select(portals.c.portal)).scalars())
        roles = set(conn.execute(select(learners.c.role).where(learners.c.removed_at.is_(None))
                                 .distinct()).scalars())
    if not loaded:
        return [Finding("portals", PROBLEM, "no portal manifests loaded: run "
                        "`flask --app tracker portals load site/` after each build")]
    missing = sorted(roles - loaded)
    if missing:
        return [Finding("portals", PROBLEM, f"learners of {', '.join(missing)} have no manifest loaded: "
                        "their statements are refused (`flask --app tracker portals load site/`)")]
    return [Finding("portals", OK, f"manifests loaded: {', '.join(sorted(loaded))}")]


def _forwarding(app: Flask, engine) -> list[Finding]:
    upstreams = app.extensions.get("tracker_forwarding", ())
    if not upstreams:
        return [Finding("forwarding", OK, "no upstreams configured")]
    found = []
    stale_before = to_iso(parse_iso(now_iso()) - STALE_PENDING)
    o, u = forward_outbox.c, forward_upstreams.c
    with engine.connect() as conn:
        for upstream in upstreams:
            health = conn.execute(select(forward_upstreams).where(u.upstream == upstream.name)).first()
            parked = conn.execute(select(func.count()).select_from(forward_outbox).where(
                o.upstream == upstream.name, o.status == PARKED)).scalar()
            oldest = conn.execute(select(func.min(o.queued_at)).where(
                o.upstream == upstream.name, o.status == PENDING)).scalar()
            problems = []
            if health is not None and health.failures:
                problems.append(f"{health.failures} failed attempt(s) in a row, last: {health.last_error}")
            if parked:
                problems.append(f"{parked} statement(s) parked (`flask --app tracker forward status`)")
            if oldest and oldest < stale_before:
                problems.append(f"statements waiting since {oldest}: is the forwarder running?")
            if problems:
                found.append(Finding(f"forwarding {upstream.name}", PROBLEM, "; ".join(problems)))
            else:
                found.append(Finding(f"forwarding {upstream.name}", OK, "nothing waiting too long, nothing parked"))
    return found


def _disk(config, app: Flask) -> list[Finding]:
    path = sqlite_path(config["TRACKER_DATABASE_URL"])
    folder = path.parent if path is not None else Path(app.instance_path)
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    free = shutil.disk_usage(folder).free // (1024 * 1024)
    minimum = config["TRACKER_DOCTOR_MIN_FREE_MB"]
    where = "the database's disk" if path is not None else f"{folder}"
    if free < minimum:
        return [Finding("disk", PROBLEM, f"{free} MiB free on {where} ({folder}), less than "
                        f"TRACKER_DOCTOR_MIN_FREE_MB={minimum}")]
    if path is not None and not os.access(folder, os.W_OK):
        return [Finding("disk", PROBLEM, f"{folder} is not writable for the tracker")]
    return [Finding("disk", OK, f"{free} MiB free on {where}")]
