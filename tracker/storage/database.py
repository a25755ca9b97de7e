"""Engines for SQLite (WAL) and PostgreSQL, and programmatic Alembic migrations."""
from __future__ import annotations

import fcntl
import os
from pathlib import Path

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
_MIGRATION_LOCK = 7_310_042  # pg_advisory_xact_lock id: one migrator at a time


def make_engine(url: str, schema: str = "") -> Engine:
    """Create the engine; SQLite gets WAL, a busy timeout and BEGIN IMMEDIATE for writes."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        _tune_sqlite(engine, sqlite_path(url))
        return engine
    connect_args = {"options": f"-csearch_path={schema}"} if schema else {}
    return create_engine(url, connect_args=connect_args, pool_pre_ping=True,
                         pool_size=5, max_overflow=10)


def _tune_sqlite(engine: Engine, path: Path | None) -> None:
    """WAL, BEGIN IMMEDIATE for writes, and a lock file that queues writers.

    SQLite's own busy handler sleeps in growing steps (1, 2, 5, 10, 15, 20, 25... ms) while another
    writer holds the lock, which makes latency under concurrent writers spiky. Writers therefore
    first queue on an flock() of `<database>-writelock` (one open file per connection, so threads
    and processes both queue), which wakes the next writer as soon as the lock is released.
    """
    lock_path = f"{path}-writelock" if path is not None else None

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, record):
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()
        if lock_path is not None:
            record.info["write_lock"] = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o600)

    @event.listens_for(engine, "close")
    def _on_close(_dbapi_connection, record):
        fd = record.info.pop("write_lock", None)
        if fd is not None:
            os.close(fd)

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        # A write transaction takes the lock up front, so concurrent writers wait instead of failing.
        if not connection.get_execution_options().get("tracker_write", False):
            connection.exec_driver_sql("BEGIN")
            return
        fd = connection.connection.info.get("write_lock")
        if fd is not None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except Exception:
            _release(connection)
            raise

    # Released when the connection returns to the pool, i.e. after COMMIT/ROLLBACK has finished
    # (the commit/rollback events fire before the database has committed).
    @event.listens_for(engine, "checkin")
    def _on_checkin(_dbapi_connection, record):
        fd = record.info.get("write_lock")
        if fd is not None:
            fcntl.flock(fd, fcntl.LOCK_UN)


def _release(connection) -> None:
    fd = connection.connection.info.get("write_lock")
    if fd is not None:
        fcntl.flock(fd, fcntl.LOCK_UN)


def writer(engine: Engine) -> Engine:
    """The same engine, marked so SQLite transactions begin IMMEDIATE (made once per engine)."""
    marked = engine.__dict__.get("_tracker_writer")
    if marked is None:
        marked = engine.__dict__["_tracker_writer"] = engine.execution_options(tracker_write=True)
    return marked


def alembic_config(connection=None):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def migrate(engine: Engine) -> None:
    """Create or upgrade every table to the newest revision, safely from many processes."""
    from alembic import command

    with writer(engine).begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _MIGRATION_LOCK})
        command.upgrade(alembic_config(connection), "head")


def current_revision(engine: Engine) -> str | None:
    from alembic.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def sqlite_path(url: str) -> Path | None:
    """The file behind a sqlite URL, or None for memory/other databases."""
    prefix = "sqlite:///"
    if url.startswith(prefix) and url[len(prefix):] not in ("", ":memory:"):
        return Path(url[len(prefix):])
    return None
