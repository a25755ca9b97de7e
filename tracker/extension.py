"""The tracker's state on the app: engine and stores, kept in app.extensions["tracker"]."""
from __future__ import annotations

from dataclasses import dataclass, field

from flask import Flask, current_app
from sqlalchemy.engine import Engine

from .storage import CredentialStore, DocumentStore, StatementStore, make_engine, migrate
from .storage.database import sqlite_path


@dataclass
class Tracker:
    engine: Engine
    statements: StatementStore
    documents: DocumentStore
    credentials: CredentialStore
    secret_key: str = ""
    verified: dict = field(default_factory=dict)  # (key, sha256(secret)) -> secret_hash


def init_app(app: Flask) -> None:
    url = app.config["TRACKER_DATABASE_URL"]
    path = sqlite_path(url)
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    engine = make_engine(url, app.config.get("TRACKER_DATABASE_SCHEMA", ""))
    if app.config["TRACKER_AUTO_MIGRATE"]:
        migrate(engine)
    tracker = Tracker(engine, StatementStore(engine), DocumentStore(engine), CredentialStore(engine))
    tracker.secret_key = app.config.get("TRACKER_SECRET_KEY") or ""
    app.extensions["tracker"] = tracker


def tracker() -> Tracker:
    """The running app's Tracker."""
    found: Tracker = current_app.extensions["tracker"]
    if not found.secret_key:
        found.secret_key = found.credentials.secret_key()
    return found
