"""Where a learner's data lives: the tables keyed by learner id, and what never leaves them (hashes)."""
from __future__ import annotations

from sqlalchemy import Table

from ..storage.schema import credentials, learner_links, learners, metadata

# Columns that hold a hash of a secret (a token, a sign-in code, a session cookie): never exported.
# A learner token's `key` in `credentials` is the SHA-256 of the token.
SECRET_COLUMNS = {"secret_hash", "code_hash", "token_hash"}
SECRET_COLUMNS_BY_TABLE = {credentials.name: {"key"}}
# Tables handled by name elsewhere (the learner row, tokens, links).
_OWN = {learners.name, credentials.name, learner_links.name}


def learner_tables() -> list[Table]:
    """Every other table with a `learner_id` column (the team view's, compliance's, ...), by name.

    Found on the shared metadata, so a table an area adds later is exported and erased without a
    change here.
    """
    return sorted((t for t in metadata.tables.values()
                   if "learner_id" in t.c and t.name not in _OWN), key=lambda t: t.name)


def erasable_tables() -> list[Table]:
    """learner_tables() without `staff`: a staff member who is also a learner keeps their staff account."""
    return [t for t in learner_tables() if t.name != "staff"]


def public_columns(table: Table) -> list:
    hidden = SECRET_COLUMNS | SECRET_COLUMNS_BY_TABLE.get(table.name, set())
    return [c for c in table.c if c.name not in hidden]
