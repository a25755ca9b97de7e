"""Persistence: one StatementStore and one DocumentStore on SQLAlchemy Core (SQLite, PostgreSQL)."""
from .credentials import Credential, CredentialStore
from .database import make_engine, migrate
from .documents import Document, DocumentKey, DocumentStore
from .statements import Conflict, StatementFilter, StatementRecord, StatementStore

__all__ = ["Conflict", "Credential", "CredentialStore", "Document", "DocumentKey", "DocumentStore",
           "StatementFilter", "StatementRecord", "StatementStore", "make_engine", "migrate"]
