"""Backups: SQLite through its online backup API (consistent while others write); PostgreSQL with pg_dump."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy import func, inspect, select
from sqlalchemy.engine import Engine, make_url

from ..storage.database import sqlite_path
from ..storage.schema import metadata

PG_DUMP_HINT = ("PostgreSQL: back up with `pg_dump --format=custom --file PATH DATABASE` and restore into an "
                "empty database with `pg_restore --no-owner --dbname DATABASE PATH` (install the "
                "postgresql-client package for pg_dump and pg_restore)")


class BackupError(RuntimeError):
    """A backup or restore cannot be done; the message says why and what to do."""


def libpq_url(url: str) -> str:
    """The SQLAlchemy URL as pg_dump/pg_restore take it (no driver name)."""
    parsed = make_url(url).set(drivername="postgresql")
    return parsed.render_as_string(hide_password=False)


def backup(engine: Engine, url: str, schema: str, target: Path) -> str:
    """Write a backup to `target` (which must not exist); return how it was made."""
    if target.exists():
        raise BackupError(f"{target}: already exists; choose a new file name")
    source = sqlite_path(url)
    if source is not None:
        _sqlite_backup(source, target)
        return "SQLite online backup API"
    if engine.dialect.name == "postgresql":
        if shutil.which("pg_dump") is None:
            raise BackupError(f"pg_dump is not installed. {PG_DUMP_HINT}")
        command = ["pg_dump", "--format=custom", "--no-owner", f"--file={target}"]
        if schema:
            command.append(f"--schema={schema}")
        done = subprocess.run(command + [libpq_url(url)], capture_output=True, text=True)
        if done.returncode != 0:
            target.unlink(missing_ok=True)
            raise BackupError(f"pg_dump failed: {done.stderr.strip()}")
        return "pg_dump --format=custom"
    raise BackupError(f"no backup method for {engine.dialect.name}")


def _sqlite_backup(source: Path, target: Path) -> None:
    """Copy every page in one step while holding a read snapshot: writers go on (WAL), the copy is consistent."""
    partial = target.with_name(target.name + ".partial")
    target.parent.mkdir(parents=True, exist_ok=True)
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True, timeout=30)
    dst = sqlite3.connect(partial)
    try:
        src.backup(dst)  # pages=-1: all at once, so a concurrent write cannot restart it
        dst.execute("PRAGMA journal_mode=DELETE")
        problems = dst.execute("PRAGMA integrity_check").fetchone()[0]
        if problems != "ok":
            raise BackupError(f"the copy failed its integrity check: {problems}")
    finally:
        dst.close()
        src.close()
    os.chmod(partial, 0o600)
    partial.replace(target)


def is_empty(engine: Engine) -> bool:
    """Whether the database holds no rows of the tracker's tables (absent tables count as empty)."""
    present = set(inspect(engine).get_table_names())
    with engine.connect() as conn:
        for table in metadata.sorted_tables:
            if table.name in present and conn.execute(
                    select(func.count()).select_from(table)).scalar():
                return False
    return True


def restore(engine: Engine, url: str, schema: str, source: Path) -> str:
    """Restore a backup into the configured database, which must be empty; return how."""
    if not source.is_file():
        raise BackupError(f"{source}: no such backup file")
    if not is_empty(engine):
        raise BackupError("the database is not empty: restore only into a new, empty database "
                          "(set TRACKER_DATABASE_URL to one)")
    target = sqlite_path(url)
    if target is not None:
        with open(source, "rb") as handle:
            if handle.read(16) != b"SQLite format 3\x00":
                raise BackupError(f"{source}: not a SQLite backup (made by `flask --app tracker backup`)")
        engine.dispose()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        src, dst = sqlite3.connect(f"file:{source}?mode=ro", uri=True), sqlite3.connect(target)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode=WAL")
        finally:
            dst.close()
            src.close()
        return "SQLite online backup API"
    if engine.dialect.name == "postgresql":
        if shutil.which("pg_restore") is None:
            raise BackupError(f"pg_restore is not installed. {PG_DUMP_HINT}")
        engine.dispose()
        # The empty tables a first start made are replaced by the backup's.
        done = subprocess.run(["pg_restore", "--no-owner", "--clean", "--if-exists", "--exit-on-error",
                               f"--dbname={libpq_url(url)}", str(source)], capture_output=True, text=True)
        if done.returncode != 0:
            raise BackupError(f"pg_restore failed: {done.stderr.strip()}")
        return "pg_restore"
    raise BackupError(f"no restore method for {engine.dialect.name}")
