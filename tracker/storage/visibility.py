"""Who may read a private statement, kept in SQL: `statements.private_owner`, `.shared`, `statement_shares`.

The rule itself (what is private, what counts as a share) lives in tracker/services/privacy.py;
this module keeps the columns up to date inside the store's write transaction and gives the
condition every read adds, so `limit` and `more` stay exact (no filtering after the query).
"""
from __future__ import annotations

from typing import Iterable

from sqlalchemy import bindparam, exists, or_, select, update

from .schema import statement_shares, statements

_valid_share = statements.alias("share")
# A stored, not voided share by the owner refers to the statement being updated (correlated).
_SHARED_NOW = exists().where(
    statement_shares.c.target_id == statements.c.statement_id,
    statement_shares.c.owner_key == statements.c.private_owner,
    _valid_share.c.seq == statement_shares.c.seq,
    _valid_share.c.voided.is_(False))
_REFRESH = update(statements).where(
    statements.c.statement_id.in_(bindparam("ids", expanding=True)),
    statements.c.private_owner.is_not(None)).values(shared=_SHARED_NOW)
_SHARES_OF = select(statement_shares.c.target_id).join(
    statements, statements.c.seq == statement_shares.c.seq).where(
    statements.c.statement_id.in_(bindparam("ids", expanding=True)))


def readable(table, private_reader: str | None):
    """The condition on `table` (statements or an alias) for a reader; `private_reader` = whose private ones."""
    c = table.c
    visible = or_(c.private_owner.is_(None), c.shared.is_(True))
    if private_reader is not None:
        visible = or_(visible, c.private_owner == private_reader)
    return visible


def record_visibility(conn, fresh: list, seqs: dict[str, int], voided_ids: Iterable[str]) -> None:
    """After inserting `fresh` records (and voiding `voided_ids`): store their shares, refresh `shared`.

    Refreshed: the new private statements (a share may have come first), the statements the new
    shares refer to, and those of shares voided now (a voided share no longer shares).
    """
    shares = [{"seq": seqs[r.statement_id], "target_id": r.shares[0], "owner_key": r.shares[1]}
              for r in fresh if r.shares]
    if shares:
        conn.execute(statement_shares.insert(), shares)
    ids = {r.statement_id for r in fresh if r.private_owner is not None} | {s["target_id"] for s in shares}
    voided_ids = list(voided_ids)
    if voided_ids:
        ids.update(conn.execute(_SHARES_OF, {"ids": voided_ids}).scalars())
    if ids:
        refresh_shared(conn, ids)


def refresh_shared(conn, statement_ids: Iterable[str]) -> None:
    """Set `shared` of these private statements from the valid shares stored now."""
    ids = list(statement_ids)
    for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500)):
        conn.execute(_REFRESH, {"ids": chunk})

