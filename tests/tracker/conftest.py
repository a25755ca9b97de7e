"""Fixtures: `app`, `client`, `runner` over a fresh SQLite file and, when
TRACKER_TEST_DATABASE_URL is set, over PostgreSQL (one schema per xdist worker, emptied per test)."""
from __future__ import annotations

import os
import shutil

import pytest

from tracker import create_app
from tracker.storage.database import make_engine, migrate
from tracker.storage.schema import metadata
from postgres_schemas import fresh_schema
from tracker_samples import HOME, make_headers

PG_URL = os.environ.get("TRACKER_TEST_DATABASE_URL", "")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    """A migrated SQLite file, copied for each test (migrating once keeps the suite fast)."""
    path = tmp_path_factory.mktemp("template") / "tracker.sqlite3"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def pg_schema(worker_id):
    """A schema of our own on the test PostgreSQL database, migrated once per worker."""
    if not PG_URL:
        pytest.skip("TRACKER_TEST_DATABASE_URL is not set")
    with fresh_schema(PG_URL, f"tracker_test_{worker_id}") as schema:
        engine = make_engine(PG_URL, schema)
        migrate(engine)
        engine.dispose()
        yield schema


def _empty_pg(schema: str) -> None:
    engine = make_engine(PG_URL, schema)
    with engine.begin() as conn:
        for table in reversed(metadata.sorted_tables):
            conn.execute(table.delete())
    engine.dispose()


@pytest.fixture(params=BACKENDS)
def database(request, tmp_path):
    """(url, schema) of an empty, migrated database for one test."""
    if request.param == "sqlite":
        template = request.getfixturevalue("sqlite_template")
        path = tmp_path / "tracker.sqlite3"
        shutil.copyfile(template, path)
        return f"sqlite:///{path}", ""
    schema = request.getfixturevalue("pg_schema")
    _empty_pg(schema)
    return PG_URL, schema


@pytest.fixture
def app(database, tmp_path):
    url, schema = database
    app = create_app({"TESTING": True, "TRACKER_DATABASE_URL": url,
                      "TRACKER_DATABASE_SCHEMA": schema, "TRACKER_HOME_PAGE": HOME,
                      "TRACKER_CORS_ORIGINS": ("https://portal.test",),
                      "TRACKER_SECRET_KEY": "test-secret", "TRACKER_AUTO_MIGRATE": False})
    app.instance_path = str(tmp_path / "instance")
    yield app
    app.extensions["tracker"].engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def headers(app):
    """Headers of an `all` credential speaking xAPI 1.0.3."""
    return make_headers(app, "all")


@pytest.fixture
def headers2(app):
    """Headers of an `all` credential speaking xAPI 2.0.0."""
    return make_headers(app, "all", version="2.0.0", name="client 2.0")
