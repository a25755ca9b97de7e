"""Fixtures for the hardening tests: signed-in learners on loaded portals (as in tests/tracker/learners)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from postgres_schemas import fresh_schema

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "learners"))

from learner_fixtures import loaded, sign_in, site  # noqa: E402, F401


@pytest.fixture
def drill_schema():
    """A new, empty schema on TRACKER_TEST_DATABASE_URL for one drill, dropped with all it holds afterwards."""
    url = os.environ.get("TRACKER_TEST_DATABASE_URL", "")
    if not url:
        pytest.skip("TRACKER_TEST_DATABASE_URL is not set")
    with fresh_schema(url, "drill") as schema:
        yield schema


@pytest.fixture(scope="session")
def live(tmp_path_factory):
    """A tracker under gunicorn (2 workers, 64 KiB body limit) and the Authorization of an `all` credential."""
    from live_gunicorn import make_credential, start

    workdir = tmp_path_factory.mktemp("live")
    url = f"sqlite:///{workdir / 'tracker.sqlite3'}"
    authorization = make_credential(url)
    server = start(url, workdir, env={"TRACKER_MAX_BODY_BYTES": str(64 * 1024),
                                      "TRACKER_AUTH_FAILURES_PER_ADDRESS": "1000"}, args=("--preload",))
    server.authorization = authorization
    yield server
    server.stop()
