"""`backup` under concurrent writes and `restore` into an empty database give the same statements."""
from __future__ import annotations

import os
import shutil
import threading
import time
import uuid

import pytest
from sqlalchemy import func, select, text

from tracker import create_app
from tracker.services.statements import store_statements
from tracker.storage.database import make_engine
from tracker.storage.schema import statements
from tracker_samples import HOME, statement, with_id

AUTHORITY = {"objectType": "Agent", "account": {"homePage": HOME, "name": "backup-test"}}


@pytest.fixture
def source(tmp_path):
    app = create_app({"TRACKER_DATABASE_URL": f"sqlite:///{tmp_path / 'source.sqlite3'}",
                      "TRACKER_HOME_PAGE": HOME, "TRACKER_FORWARD_CONFIG": ""})
    app.instance_path = str(tmp_path / "instance")
    yield app
    app.extensions["tracker"].engine.dispose()


def fresh_app(path):
    app = create_app({"TRACKER_DATABASE_URL": f"sqlite:///{path}", "TRACKER_HOME_PAGE": HOME,
                      "TRACKER_FORWARD_CONFIG": ""})
    return app


def rows(app) -> list[tuple]:
    with app.extensions["tracker"].engine.connect() as conn:
        return [tuple(r) for r in conn.execute(select(statements.c.seq, statements.c.statement_id,
                                                      statements.c.body, statements.c.voided)
                                               .order_by(statements.c.seq))]


def write(app, batches: int, stop: threading.Event | None = None) -> None:
    store = app.extensions["tracker"].statements
    n = 0
    while (stop is None and n < batches) or (stop is not None and not stop.is_set()):
        store_statements(store, [with_id(statement(actor=f"a{n % 5}")) for _ in range(20)],
                         version="1.0.3", authority=AUTHORITY)
        n += 1


def test_backup_while_writing_restores_a_consistent_identical_set(source, tmp_path):
    write(source, 40)  # 800 statements before the backup starts
    stop = threading.Event()
    writers = [threading.Thread(target=write, args=(source, 0, stop)) for _ in range(2)]
    for thread in writers:
        thread.start()
    time.sleep(0.2)
    before = len(rows(source))
    result = source.test_cli_runner().invoke(args=["backup", str(tmp_path / "copy.sqlite3")])
    after = len(rows(source))
    time.sleep(0.2)
    stop.set()
    for thread in writers:
        thread.join()
    assert result.exit_code == 0, result.output
    assert "SQLite online backup API" in result.output
    assert before < after, "no write happened while the backup ran"

    target = fresh_app(tmp_path / "restored.sqlite3")
    restored = target.test_cli_runner().invoke(args=["restore", str(tmp_path / "copy.sqlite3")])
    assert restored.exit_code == 0, restored.output
    got = rows(target)
    everything = rows(source)
    # A snapshot: exactly the statements up to one point in time, byte for byte, nothing half-written.
    assert before <= len(got) <= after
    assert got == everything[:len(got)]
    target.extensions["tracker"].engine.dispose()

    # Once the writers stopped, a backup holds every statement.
    assert source.test_cli_runner().invoke(args=["backup", str(tmp_path / "final.sqlite3")]).exit_code == 0
    again = fresh_app(tmp_path / "again.sqlite3")
    assert again.test_cli_runner().invoke(args=["restore", str(tmp_path / "final.sqlite3")]).exit_code == 0
    assert rows(again) == everything
    again.extensions["tracker"].engine.dispose()


def test_restore_refuses_a_database_that_is_not_empty(source, tmp_path):
    write(source, 1)
    assert source.test_cli_runner().invoke(args=["backup", str(tmp_path / "b.sqlite3")]).exit_code == 0
    result = source.test_cli_runner().invoke(args=["restore", str(tmp_path / "b.sqlite3")])
    assert result.exit_code != 0 and "not empty" in result.output
    with source.extensions["tracker"].engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(statements)).scalar() == 20


def test_backup_refuses_to_overwrite_and_restore_wants_a_backup(source, tmp_path):
    existing = tmp_path / "there.sqlite3"
    existing.write_text("x")
    result = source.test_cli_runner().invoke(args=["backup", str(existing)])
    assert result.exit_code != 0 and "already exists" in result.output
    target = fresh_app(tmp_path / "empty.sqlite3")
    result = target.test_cli_runner().invoke(args=["restore", str(existing)])
    assert result.exit_code != 0 and "not a SQLite backup" in result.output
    target.extensions["tracker"].engine.dispose()


PG_URL = os.environ.get("TRACKER_TEST_DATABASE_URL", "")


@pytest.mark.postgres
@pytest.mark.skipif(not PG_URL or shutil.which("pg_dump") is None,
                    reason="needs TRACKER_TEST_DATABASE_URL and pg_dump")
def test_postgresql_backup_and_restore_with_pg_dump(tmp_path):
    """pg_dump of the tracker's schema restored into a new, empty database holds the same statements."""
    schema = f"tracker_backup_{uuid.uuid4().hex[:8]}"
    target_db = f"leerpad_restore_{uuid.uuid4().hex[:8]}"
    admin = make_engine(PG_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text(f'CREATE DATABASE "{target_db}"'))
    target_url = PG_URL.rsplit("/", 1)[0] + f"/{target_db}"
    source = target = None
    try:
        source = create_app({"TRACKER_DATABASE_URL": PG_URL, "TRACKER_DATABASE_SCHEMA": schema,
                             "TRACKER_HOME_PAGE": HOME, "TRACKER_FORWARD_CONFIG": ""})
        write(source, 5)
        result = source.test_cli_runner().invoke(args=["backup", str(tmp_path / "tracker.dump")])
        assert result.exit_code == 0, result.output
        assert "pg_dump" in result.output
        target = create_app({"TRACKER_DATABASE_URL": target_url, "TRACKER_DATABASE_SCHEMA": schema,
                             "TRACKER_HOME_PAGE": HOME, "TRACKER_FORWARD_CONFIG": "",
                             "TRACKER_AUTO_MIGRATE": False})
        restored = target.test_cli_runner().invoke(args=["restore", str(tmp_path / "tracker.dump")])
        assert restored.exit_code == 0, restored.output
        assert rows(target) == rows(source) and len(rows(source)) == 100
    finally:
        for app in (source, target):
            if app is not None:
                app.extensions["tracker"].engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{target_db}" WITH (FORCE)'))
        admin.dispose()
