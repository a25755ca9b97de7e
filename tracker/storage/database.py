"""Engines for SQLite (WAL) and PostgreSQL, and programmatic Alembic migrations."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
_MIGRATION_LOCK = 7_310_042  # pg_advisory_xact_lock id: one migrator at a time


def make_engine(url: str, schema: str = "") -> Engine:
    """Create the engine; SQLite gets WAL, a busy timeout and BEGIN IMMEDIATE for writes."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"timeout": 30, "check_same_thread": False})
        _tune_sqlite(engine)
        return engine
    connect_args = {"options": f"-csearch_path={schema}"} if schema else {}
    return create_engine(url, connect_args=connect_args, pool_pre_ping=True,
                         pool_size=5, max_overflow=10)


def _tune_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        # A write transaction takes the lock up front, so concurrent writers wait instead of failing.
        immediate = connection.get_execution_options().get("tracker_write", False)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")


def writer(engine: Engine) -> Engine:
    """The same engine, marked so SQLite transactions begin IMMEDIATE."""
    return engine.execution_options(tracker_write=True)


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
