"""Multi-worker paging (issue 11): 4 gunicorn workers, concurrent writers and readers; `more` paging
stays stable while writes continue (no statement twice, none stored before the walk missing).
PostgreSQL, with TRACKER_TEST_DATABASE_URL. Long form (and SQLite): bench/paging_drill.py."""
from __future__ import annotations

import os

import pytest

import paging_drill

PG_URL = os.environ.get("TRACKER_TEST_DATABASE_URL", "")


def check(result: paging_drill.PagingResult) -> None:
    print(result.summary())
    assert result.problems == [], result.problems[:5]
    assert result.walks >= 3 and result.written >= 50, result.summary()


@pytest.mark.postgres
@pytest.mark.skipif(not PG_URL, reason="TRACKER_TEST_DATABASE_URL is not set")
def test_paging_with_four_workers_on_postgresql(tmp_path, drill_schema):
    check(paging_drill.run(PG_URL, tmp_path, schema=drill_schema, seconds=3, min_walks=3, max_seconds=30))
