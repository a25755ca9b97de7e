"""DocumentStore: State, Activity Profile and Agent Profile documents."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Engine

from .database import writer
from .schema import documents


@dataclass(frozen=True)
class DocumentKey:
    """Where a document lives; '' marks a part the resource does not use."""

    kind: str  # "state" | "activity_profile" | "agent_profile"
    document_id: str
    activity_id: str = ""
    agent_key: str = ""
    registration: str = ""


@dataclass
class Document:
    content_type: str
    content: bytes
    etag: str
    updated: str


class DocumentStore:
    """Every document of the three document resources; one implementation for all databases."""

    def __init__(self, engine: Engine):
        self.engine = engine

    @staticmethod
    def _match(key: DocumentKey):
        c = documents.c
        return (c.kind == key.kind, c.document_id == key.document_id,
                c.activity_id == key.activity_id, c.agent_key == key.agent_key,
                c.registration == key.registration)

    def get(self, key: DocumentKey) -> Document | None:
        with self.engine.connect() as conn:
            return self._load(conn, key)

    def _load(self, conn, key: DocumentKey) -> Document | None:
        row = conn.execute(select(documents.c.content_type, documents.c.content, documents.c.etag,
                                  documents.c.updated).where(*self._match(key))).first()
        return Document(row.content_type, bytes(row.content), row.etag, row.updated) if row else None

    def write(self, key: DocumentKey,
              decide: Callable[[Document | None], Document | None]) -> Document | None:
        """Atomically load the document, let `decide` return its new version (None deletes), save it."""
        with writer(self.engine).begin() as conn:
            current = self._load(conn, key)
            new = decide(current)
            if new is None:
                if current is not None:
                    conn.execute(delete(documents).where(*self._match(key)))
                return None
            values = {"content_type": new.content_type, "content": new.content,
                      "etag": new.etag, "updated": new.updated}
            if current is None:
                conn.execute(documents.insert().values(
                    kind=key.kind, document_id=key.document_id, activity_id=key.activity_id,
                    agent_key=key.agent_key, registration=key.registration, **values))
            else:
                conn.execute(update(documents).where(*self._match(key)).values(**values))
            return new

    def ids(self, kind: str, *, activity_id: str = "", agent_key: str = "",
            registration: str | None = "", since: str | None = None) -> list[str]:
        """Document ids under one activity/agent(/registration), optionally updated after `since`."""
        c = documents.c
        stmt = select(c.document_id).where(c.kind == kind, c.activity_id == activity_id,
                                           c.agent_key == agent_key)
        if registration is not None:
            stmt = stmt.where(c.registration == registration)
        if since is not None:
            stmt = stmt.where(c.updated > since)
        with self.engine.connect() as conn:
            return list(conn.execute(stmt.order_by(c.document_id)).scalars())

    def delete_all(self, kind: str, *, activity_id: str, agent_key: str,
                   registration: str | None) -> int:
        c = documents.c
        stmt = delete(documents).where(c.kind == kind, c.activity_id == activity_id,
                                       c.agent_key == agent_key)
        if registration is not None:
            stmt = stmt.where(c.registration == registration)
        with writer(self.engine).begin() as conn:
            return conn.execute(stmt).rowcount
