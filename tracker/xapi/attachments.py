"""multipart/mixed bodies with attachment parts (Communication 1.5.2, Data 2.4.11).

A small bytes-safe parser: parts are split on the boundary delimiter, never decoded, so binary
attachment data comes back byte for byte.
"""

import email.message
import hashlib
import uuid

from tracker.xapi.errors import XAPIError
from tracker.xapi.json_input import load_json

_HASHES = {56: hashlib.sha224, 64: hashlib.sha256, 96: hashlib.sha384, 128: hashlib.sha512}


def media_type(content_type: str | None) -> tuple[str, dict[str, str]]:
    """("multipart/mixed", {"boundary": "..."}) from a Content-Type header value."""
    message = email.message.Message()
    message["content-type"] = content_type or ""
    params = {key.lower(): value for key, value in message.get_params(failobj=[])[1:]}
    main = (content_type or "").split(";")[0].strip().lower()
    return main, params


def parse_multipart(body: bytes, content_type: str) -> tuple[object, dict[str, tuple[str, bytes]]]:
    """Return (the first part's JSON, {sha2: (content type, bytes)} of the attachment parts)."""
    main, params = media_type(content_type)
    if main != "multipart/mixed":
        raise XAPIError(f"Content-Type header: expected multipart/mixed, got {content_type!r}")
    boundary = params.get("boundary")
    if not boundary:
        raise XAPIError("Content-Type header: multipart/mixed needs a boundary parameter")
    raw_parts = _split(body, boundary.encode("latin-1"))
    if not raw_parts:
        raise XAPIError("multipart body: no parts")
    headers, content = _headers_and_content(raw_parts[0], 1)
    first_type = headers.get("content-type", "").split(";")[0].strip().lower()
    if first_type != "application/json":
        raise XAPIError(f"multipart part 1: Content-Type must be application/json, got {first_type or 'none'!r}")
    statements = load_json(content, "multipart part 1")
    parts: dict[str, tuple[str, bytes]] = {}
    for number, raw in enumerate(raw_parts[1:], start=2):
        headers, content = _headers_and_content(raw, number)
        encoding = headers.get("content-transfer-encoding", "").strip().lower()
        if encoding != "binary":
            raise XAPIError(f"multipart part {number}: Content-Transfer-Encoding must be binary, got {encoding or 'none'!r}")
        sha2 = headers.get("x-experience-api-hash", "").strip().lower()
        if not sha2:
            raise XAPIError(f"multipart part {number}: X-Experience-API-Hash header is required")
        algorithm = _HASHES.get(len(sha2))
        if algorithm is None or algorithm(content).hexdigest() != sha2:
            raise XAPIError(f"multipart part {number}: X-Experience-API-Hash {sha2!r} does not match its content")
        parts[sha2] = (headers.get("content-type", "application/octet-stream").strip(), content)
    return statements, parts


def _split(body: bytes, boundary: bytes) -> list[bytes]:
    """The parts between `--boundary` delimiters (RFC 2046 5.1.1); CRLF or bare LF line ends."""
    dash = b"--" + boundary
    if body.startswith(dash):
        position = len(dash)
    else:
        found = body.find(b"\n" + dash)
        if found < 0:
            raise XAPIError("multipart body: the boundary from the Content-Type header never occurs")
        position = found + 1 + len(dash)
    parts = []
    while True:
        if body.startswith(b"--", position):
            return parts
        line_end = body.find(b"\n", position)
        if line_end < 0 or body[position:line_end].strip():
            raise XAPIError("multipart body: malformed boundary line")
        start = line_end + 1
        delimiter = body.find(b"\n" + dash, start)
        if delimiter < 0:
            raise XAPIError("multipart body: no closing boundary")
        end = delimiter - 1 if delimiter > start and body[delimiter - 1:delimiter] == b"\r" else delimiter
        parts.append(body[start:end])
        position = delimiter + 1 + len(dash)


def _headers_and_content(raw: bytes, number: int) -> tuple[dict[str, str], bytes]:
    for line_end in (b"\r\n", b"\n"):
        if raw.startswith(line_end):
            return {}, raw[len(line_end):]
    found = [(raw.find(separator), separator) for separator in (b"\r\n\r\n", b"\n\n")]
    found = [(index, separator) for index, separator in found if index >= 0]
    if not found:
        raise XAPIError(f"multipart part {number}: no blank line after the part headers")
    index, separator = min(found)
    head, content = raw[:index], raw[index + len(separator):]
    headers = {}
    for line in head.decode("latin-1").splitlines():
        name, colon, value = line.partition(":")
        if not colon:
            raise XAPIError(f"multipart part {number}: malformed header line {line!r}")
        headers[name.strip().lower()] = value.strip()
    return headers, content


def _attachments_of(statement: dict) -> list[dict]:
    found = list(statement.get("attachments") or [])
    obj = statement.get("object")
    if isinstance(obj, dict) and obj.get("objectType") == "SubStatement":
        found += obj.get("attachments") or []
    return found


def check_attachments(statements: list[dict], parts: dict) -> None:
    """Every attachment without fileUrl has its part (by sha2); every part belongs to an attachment."""
    referenced = set()
    for index, statement in enumerate(statements):
        for position, attachment in enumerate(_attachments_of(statement)):
            sha2 = attachment["sha2"].lower()
            referenced.add(sha2)
            if "fileUrl" not in attachment and sha2 not in parts:
                where = f"statements[{index}]" if len(statements) > 1 else "statement"
                raise XAPIError(f"{where}.attachments[{position}]: no fileUrl and no multipart part with "
                                f"X-Experience-API-Hash {sha2}")
    for sha2 in parts:
        if sha2 not in referenced:
            raise XAPIError(f"multipart part with X-Experience-API-Hash {sha2} matches no attachment's sha2")


def build_multipart(statements_json: bytes, parts: list[tuple[str, str, bytes]]) -> tuple[bytes, str]:
    """(body, Content-Type) for GET ?attachments=true; `parts` are (sha2, content type, bytes)."""
    boundary = uuid.uuid4().hex
    dash = b"--" + boundary.encode()
    chunks = [dash, b"\r\nContent-Type: application/json\r\n\r\n", statements_json, b"\r\n"]
    seen = set()
    for sha2, part_type, content in parts:
        if sha2 in seen:
            continue
        seen.add(sha2)
        chunks += [dash, f"\r\nContent-Type: {part_type}\r\nContent-Transfer-Encoding: binary\r\n"
                         f"X-Experience-API-Hash: {sha2}\r\n\r\n".encode("latin-1"), content, b"\r\n"]
    chunks += [dash, b"--\r\n"]
    return b"".join(chunks), f"multipart/mixed; boundary={boundary}"
