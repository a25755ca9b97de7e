"""Schemas of our own on the test PostgreSQL database (TRACKER_TEST_DATABASE_URL)."""
from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text

from tracker.storage.database import make_engine


@contextmanager
def fresh_schema(url: str, prefix: str) -> Iterator[str]:
    """Create an empty schema `<prefix>_<8 hex>` on `url`; drop it, with all it holds, on exit."""
    schema = f"{prefix}_{uuid.uuid4().hex[:8]}"
    admin = make_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield schema
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
