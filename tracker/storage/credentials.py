"""CredentialStore: API credentials (key, hashed secret, scopes, authority) and tracker settings."""
from __future__ import annotations

import json
import secrets
import time
from dataclasses import dataclass

from sqlalchemy import bindparam, select, update
from sqlalchemy.engine import Engine

from .database import writer
from .schema import credentials, settings


@dataclass
class Credential:
    id: int
    key: str
    secret_hash: str
    name: str
    kind: str
    scopes: tuple[str, ...]
    authority: dict
    learner_id: str | None
    portal: str | None
    created_at: str
    expires_at: str | None
    revoked_at: str | None


def _credential(row) -> Credential:
    return Credential(row.id, row.key, row.secret_hash, row.name, row.kind,
                      tuple(row.scopes.split()), json.loads(row.authority), row.learner_id,
                      row.portal, row.created_at, row.expires_at, row.revoked_at)


_BY_KEY = select(credentials).where(credentials.c.key == bindparam("key"))


class CredentialStore:
    def __init__(self, engine: Engine):
        self.engine = engine
        self._recent: dict[str, tuple[float, Credential | None]] = {}

    def add(self, *, key: str, secret_hash: str, name: str, scopes: list[str], authority: dict,
            created_at: str, kind: str = "basic", learner_id: str | None = None,
            portal: str | None = None, expires_at: str | None = None) -> Credential:
        with writer(self.engine).begin() as conn:
            conn.execute(credentials.insert().values(
                key=key, secret_hash=secret_hash, name=name, kind=kind, scopes=" ".join(scopes),
                authority=json.dumps(authority), learner_id=learner_id, portal=portal,
                created_at=created_at, expires_at=expires_at))
        return self.by_key(key)

    def by_key(self, key: str, *, max_age: float = 0.0) -> Credential | None:
        """The credential with this key; one read in the last `max_age` seconds may be reused."""
        if max_age > 0:
            hit = self._recent.get(key)
            if hit is not None and time.monotonic() - hit[0] < max_age:
                return hit[1]
        with self.engine.connect() as conn:
            row = conn.execute(_BY_KEY, {"key": key}).first()
        credential = _credential(row) if row else None
        if max_age > 0:
            if len(self._recent) > 10_000:
                self._recent.clear()
            self._recent[key] = (time.monotonic(), credential)
        return credential

    def all(self) -> list[Credential]:
        with self.engine.connect() as conn:
            return [_credential(r) for r in conn.execute(
                select(credentials).order_by(credentials.c.id))]

    def revoke(self, key: str, when: str) -> bool:
        self._recent.pop(key, None)
        with writer(self.engine).begin() as conn:
            result = conn.execute(update(credentials).where(
                credentials.c.key == key, credentials.c.revoked_at.is_(None)).values(revoked_at=when))
        return result.rowcount > 0

    def secret_key(self) -> str:
        """The tracker's signing key, made once and kept in the database for every worker."""
        with writer(self.engine).begin() as conn:
            value = conn.execute(select(settings.c.value)
                                 .where(settings.c.name == "secret_key")).scalar()
            if value is None:
                value = secrets.token_urlsafe(32)
                conn.execute(settings.insert().values(name="secret_key", value=value))
            return value
