"""Alembic migrations create exactly the tables of tracker.storage.schema, on every backend."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from tracker import create_app
from tracker.storage.database import current_revision, head_revision, make_engine
from tracker.storage.schema import metadata


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
