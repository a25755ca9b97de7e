"""kill -9 under load, short form (issue 11): every acknowledged statement is stored exactly once,
on SQLite and (with TRACKER_TEST_DATABASE_URL) PostgreSQL. Long form: bench/kill_drill.py."""
from __future__ import annotations

import os

import pytest

import kill_drill

PG_URL = os.environ.get("TRACKER_TEST_DATABASE_URL", "")


def check(result: kill_drill.DrillResult) -> None:
    print(result.summary())
    assert result.kills >= 3, result.summary()
    assert len(result.acknowledged) >= 40, result.summary()  # load flowed between the kills
    assert result.missing == [] and result.duplicates == 0, result.summary()


def test_kill_9_on_sqlite(tmp_path):
    check(kill_drill.run(f"sqlite:///{tmp_path / 'drill.sqlite3'}", tmp_path, seconds=4,
                         min_acknowledged=40, max_seconds=30))


@pytest.mark.postgres
@pytest.mark.skipif(not PG_URL, reason="TRACKER_TEST_DATABASE_URL is not set")
def test_kill_9_on_postgresql(tmp_path, drill_schema):
    check(kill_drill.run(PG_URL, tmp_path, schema=drill_schema, seconds=4, min_acknowledged=40,
                         max_seconds=30))
