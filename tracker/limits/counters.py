"""Fixed-window counters in the database, shared by every gunicorn worker (and every machine)."""
from __future__ import annotations

import math

from sqlalchemy import Table, case, select
from sqlalchemy.engine import Engine

from ..storage.database import writer


def _insert(engine: Engine, table: Table):
    if engine.dialect.name == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    return insert(table)


def add(engine: Engine, table: Table, key_column: str, count_column: str, keys: list[str],
        amount: int, now: float, window: float) -> None:
    """Add `amount` to each key's counter, starting a new window when the old one has passed."""
    key_col, count_col, start_col = table.c[key_column], table.c[count_column], table.c.window_start
    expired = start_col <= now - window
    with writer(engine).begin() as conn:
        for key in keys:
            statement = _insert(engine, table).values({key_column: key, "window_start": now,
                                                       count_column: amount})
            conn.execute(statement.on_conflict_do_update(index_elements=[key_col], set_={
                count_column: case((expired, amount), else_=count_col + amount),
                "window_start": case((expired, now), else_=start_col)}))


def counts(engine: Engine, table: Table, key_column: str, count_column: str, keys: list[str],
           now: float, window: float) -> dict[str, tuple[int, float]]:
    """{key: (count in the current window, seconds until the window ends)} for keys with a live window."""
    key_col = table.c[key_column]
    with engine.connect() as conn:
        rows = conn.execute(select(key_col, table.c[count_column], table.c.window_start)
                            .where(key_col.in_(keys))).all()
    return {key: (count, start + window - now) for key, count, start in rows if start + window > now}


def retry_after(seconds: float) -> int:
    return max(1, math.ceil(seconds))
