"""Evidence files: PDF, JPEG or PNG, checked by their first bytes (not their name), size-limited, kept in the database."""
from __future__ import annotations

import hashlib
import re

from sqlalchemy import select
from sqlalchemy.engine import Connection

from ..services.clock import now_iso
from .tables import compliance_files

MAGIC = ((b"%PDF-", "application/pdf", "pdf"), (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
         (b"\xff\xd8\xff", "image/jpeg", "jpg"))


class FileRefused(ValueError):
    """A file that is not accepted; the message says why, in Dutch, for the person uploading."""


def sniff(content: bytes) -> tuple[str, str]:
    """(content type, extension) from the file's first bytes, or FileRefused."""
    for magic, content_type, extension in MAGIC:
        if content.startswith(magic):
            return content_type, extension
    raise FileRefused("Dit bestand is geen PDF, JPEG of PNG. Maak een foto of scan van je certificaat.")


def safe_name(name: str | None, extension: str) -> str:
    stem = re.sub(r"[^A-Za-z0-9._-]+", "-", (name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1]).strip(".-")
    stem = stem.rsplit(".", 1)[0][:80] or "certificaat"
    return f"{stem}.{extension}"


def store_file(conn: Connection, learner_id: str, requirement_id: str, filename: str | None,
               content: bytes, max_bytes: int, uploaded_by: str) -> int:
    """Check and keep one file; return its id."""
    if not content:
        raise FileRefused("Het bestand is leeg.")
    if len(content) > max_bytes:
        raise FileRefused(f"Het bestand is te groot: hoogstens {max_bytes // (1024 * 1024)} MB.")
    content_type, extension = sniff(content)
    result = conn.execute(compliance_files.insert().values(
        learner_id=learner_id, requirement_id=requirement_id, filename=safe_name(filename, extension),
        content_type=content_type, size=len(content), sha256=hashlib.sha256(content).hexdigest(),
        content=content, uploaded_at=now_iso(), uploaded_by=uploaded_by))
    return result.inserted_primary_key[0]


def read_file(conn: Connection, file_id: int):
    return conn.execute(select(compliance_files).where(compliance_files.c.id == file_id)).first()


def files_of(conn: Connection, learner_id: str) -> list[dict]:
    rows = conn.execute(select(compliance_files.c.id, compliance_files.c.requirement_id, compliance_files.c.filename,
                               compliance_files.c.content_type, compliance_files.c.size,
                               compliance_files.c.uploaded_at, compliance_files.c.uploaded_by)
                        .where(compliance_files.c.learner_id == learner_id).order_by(compliance_files.c.id.desc()))
    return [dict(r._mapping) for r in rows]


def file_response(row, *, download: bool = True):
    """The file as an answer that no browser runs as a page."""
    from flask import Response

    response = Response(row.content, mimetype=row.content_type)
    response.headers["Content-Disposition"] = f'{"attachment" if download else "inline"}; filename="{row.filename}"'
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response
