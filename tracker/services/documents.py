"""Document rules shared by State, Activity Profile and Agent Profile (Communication 2.2-2.4, 3.1)."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from ..storage import Document, DocumentKey, DocumentStore
from ..xapi.errors import XAPIError
from ..xapi.json_input import JSONLimitError, load_json
from .clock import now_iso

JSON = "application/json"
# What a PUT with neither If-Match nor If-None-Match gets:
OVERWRITE = "overwrite"  # 1.0.3 State
CONFLICT_IF_EXISTS = "conflict"  # 409 over an existing document (profiles; 2.0.0 State)
ALWAYS_REQUIRED = "required"  # 1.0.3 profiles: 400 for a new document, 409 for an existing one


@dataclass
class Preconditions:
    """The If-Match / If-None-Match headers of a request (None when absent)."""

    if_match: str | None = None
    if_none_match: str | None = None

    @property
    def given(self) -> bool:
        return self.if_match is not None or self.if_none_match is not None


def etag_of(content: bytes) -> str:
    return hashlib.sha1(content).hexdigest()


def _tags(header: str) -> list[str]:
    return [t.strip().removeprefix("W/").strip('"') for t in header.split(",") if t.strip()]


def check_preconditions(current: Document | None, pre: Preconditions) -> None:
    """412 when If-Match or If-None-Match fails (Communication 3.1)."""
    if pre.if_match is not None:
        tags = _tags(pre.if_match)
        if current is None or ("*" not in tags and current.etag not in tags):
            raise XAPIError("If-Match header: the document's current ETag does not match", 412)
    if pre.if_none_match is not None:
        tags = _tags(pre.if_none_match)
        if current is not None and ("*" in tags or current.etag in tags):
            raise XAPIError("If-None-Match header: the document already exists", 412)


def _document(content: bytes, content_type: str) -> Document:
    return Document(content_type, content, etag_of(content), now_iso())


def is_json(content_type: str) -> bool:
    return content_type.split(";")[0].strip().lower() == JSON


def check_json_document(content: bytes, content_type: str) -> None:
    """A JSON document must keep within the JSON limits (tracker/xapi/json_input.py) to be stored.

    Other malformed JSON is kept as sent (a document is opaque until someone merges into it).
    """
    if is_json(content_type):
        try:
            load_json(content, "document")
        except JSONLimitError:
            raise
        except XAPIError:
            pass


def _json_object(content: bytes, where: str) -> dict:
    try:
        value = load_json(content, where)
    except JSONLimitError:
        raise
    except XAPIError:
        raise XAPIError(f"{where}: malformed JSON") from None
    if not isinstance(value, dict):
        raise XAPIError(f"{where}: must be a JSON object to be merged")
    return value


def put_document(store: DocumentStore, key: DocumentKey, content: bytes, content_type: str,
                 pre: Preconditions, *, policy: str) -> Document:
    """Replace (or create) a document under the resource's precondition `policy`."""
    check_json_document(content, content_type)
    def decide(current: Document | None) -> Document:
        check_preconditions(current, pre)
        if not pre.given and policy != OVERWRITE:
            if current is not None:
                raise XAPIError("If-Match header: required to overwrite an existing document "
                                "(send its ETag)", 409)
            if policy == ALWAYS_REQUIRED:
                raise XAPIError("If-None-Match header: send If-None-Match: * to create a profile "
                                "document (or If-Match with its ETag)")
        return _document(content, content_type)
    return store.write(key, decide)


def post_document(store: DocumentStore, key: DocumentKey, content: bytes, content_type: str,
                  pre: Preconditions) -> Document:
    """Create a document, or merge a JSON object into the stored JSON object (top-level keys)."""
    incoming = _json_object(content, "document") if is_json(content_type) else None

    def decide(current: Document | None) -> Document:
        check_preconditions(current, pre)
        if current is None:
            return _document(content, content_type)
        if incoming is None or not is_json(current.content_type):
            raise XAPIError("Content-Type header: POST merges only JSON objects into a stored JSON "
                            "document; use PUT to replace it")
        merged = {**_json_object(current.content, "stored document"), **incoming}
        return _document(json.dumps(merged).encode("utf-8"), JSON)
    return store.write(key, decide)


def delete_document(store: DocumentStore, key: DocumentKey, pre: Preconditions) -> None:
    def decide(current: Document | None) -> None:
        check_preconditions(current, pre)
        return None
    store.write(key, decide)
