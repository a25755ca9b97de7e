"""Alembic migrations create exactly the tables of tracker.storage.schema, on every backend."""
from __future__ import annotations

import json
import os

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import select, text

from tracker import create_app
from tracker.storage.database import current_revision, head_revision, make_engine, migrate
from tracker.storage.schema import metadata
from postgres_schemas import fresh_schema

PG_URL = os.environ.get("TRACKER_TEST_DATABASE_URL", "")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


def test_migrated_database_matches_the_schema(app):
    """The migrations and the SQLAlchemy tables describe the same database."""
    engine = app.extensions["tracker"].engine
    with engine.connect() as conn:
        differences = compare_metadata(MigrationContext.configure(conn), metadata)
    assert differences == []
    assert current_revision(engine) == head_revision()


def test_first_start_creates_and_migrates_the_database(tmp_path):
    """create_app on a missing SQLite file creates it in WAL mode at the newest revision."""
    path = tmp_path / "new" / "tracker.sqlite3"
    app = create_app({"TRACKER_DATABASE_URL": f"sqlite:///{path}"})
    engine = app.extensions["tracker"].engine
    assert path.exists()
    assert current_revision(engine) == head_revision()
    with engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    engine.dispose()


def test_default_database_lives_in_instance(tmp_path, monkeypatch):
    monkeypatch.delenv("TRACKER_DATABASE_URL", raising=False)
    app = create_app({"TRACKER_DATABASE_URL": None, "TRACKER_AUTO_MIGRATE": False})
    assert app.config["TRACKER_DATABASE_URL"].startswith("sqlite:///")
    assert app.config["TRACKER_DATABASE_URL"].endswith("instance/tracker.sqlite3")
    app.extensions["tracker"].engine.dispose()


def test_migrating_twice_changes_nothing(tmp_path):
    url = f"sqlite:///{tmp_path / 'twice.sqlite3'}"
    for _ in range(2):
        app = create_app({"TRACKER_DATABASE_URL": url})
        app.extensions["tracker"].engine.dispose()
    assert current_revision(make_engine(url)) == head_revision()


@pytest.fixture(params=BACKENDS)
def old_database(request, tmp_path):
    """An engine on an empty database with no tables yet (SQLite file, or a fresh PostgreSQL schema)."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'old.sqlite3'}")
        yield engine
        engine.dispose()
        return
    with fresh_schema(PG_URL, "tracker_old") as schema:
        engine = make_engine(PG_URL, schema)
        yield engine
        engine.dispose()


def test_upgrade_marks_the_private_statements_already_stored(old_database):
    """0003 backfills: a private reflection stored before it is hidden, one shared by its owner is not."""
    from alembic import command

    from tracker.services.privacy import SHARED_VERB, VISIBILITY
    from tracker.storage.database import alembic_config
    from tracker.storage.schema import statement_shares, statements

    engine = old_database
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0002")
    anna = {"objectType": "Agent", "account": {"homePage": "https://t.test", "name": "anna"}}
    rows = [_old_row(1, anna, "http://x.test/reflected", result={"extensions": {VISIBILITY: "private"}}),
            _old_row(2, anna, "http://x.test/reflected", result={"extensions": {VISIBILITY: "private"}}),
            _old_row(3, anna, SHARED_VERB, context={"statement": {"objectType": "StatementRef",
                                                                  "id": _id(2)}}),
            _old_row(4, anna, "http://x.test/completed")]
    with engine.begin() as conn:
        conn.execute(text(
            "INSERT INTO statements (statement_id, stored, verb_id, is_voiding, voided, authority_key, "
            "version, body) VALUES (:id, 's', :verb, false, false, 'a', '1.0.0', :body)"), rows)
    migrate(engine)
    with engine.connect() as conn:
        found = {r.statement_id: (r.private_owner, r.shared) for r in conn.execute(
            select(statements.c.statement_id, statements.c.private_owner, statements.c.shared))}
        assert conn.execute(select(statement_shares.c.target_id)).scalars().all() == [_id(2)]
    owner = "account:https://t.test|anna"
    assert found == {_id(1): (owner, False), _id(2): (owner, True), _id(3): (None, False),
                     _id(4): (None, False)}


def _id(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


def _old_row(n: int, actor: dict, verb: str, **parts) -> tuple:
    body = {"id": _id(n), "actor": actor, "verb": {"id": verb}, "object": {"id": "http://x.test/a"},
            "authority": actor, **parts}
    return {"id": _id(n), "verb": verb, "body": json.dumps(body)}
