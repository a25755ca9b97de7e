"""multipart/mixed statement bodies with attachments (Communication 1.5.2, Data 2.4.11)."""

import hashlib
import json

import pytest

from tracker.xapi.attachments import build_multipart, check_attachments, media_type, parse_multipart
from tracker.xapi.errors import XAPIError
from xapi_samples import attachment, statement

TEXT = b"here is a simple attachment"
BINARY = bytes(range(256)) * 4 + b"\r\n--not-the-boundary\r\n\r\n"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def body_for(statements, parts, boundary="-------314159265358979323846", preamble=b"", first_type="application/json"):
    """A body shaped like the conformance suite's (headers with and without a space after the colon)."""
    chunks = [preamble, b"--" + boundary.encode() + b"\r\n", f"Content-Type:{first_type}\r\n\r\n".encode(),
              json.dumps(statements).encode(), b"\r\n"]
    for headers, content in parts:
        chunks += [b"--" + boundary.encode() + b"\r\n"]
        chunks += [f"{name}: {value}\r\n".encode() for name, value in headers.items()]
        chunks += [b"\r\n", content, b"\r\n"]
    chunks.append(b"--" + boundary.encode() + b"--\r\n")
    return b"".join(chunks), f'multipart/mixed; boundary="{boundary}"'


def part_headers(data: bytes, **overrides):
    headers = {"Content-Type": "application/octet-stream", "Content-Transfer-Encoding": "binary",
               "X-Experience-API-Hash": sha(data)}
    headers.update(overrides)
    return {name: value for name, value in headers.items() if value is not None}


def signed_looking_statement():
    return statement(attachments=[attachment(sha2=sha(TEXT), length=len(TEXT)),
                                  attachment(sha2=sha(BINARY), length=len(BINARY), contentType="image/png")])


def test_build_then_parse_round_trip_keeps_binary_bytes():
    """GET ?attachments=true output parses back to the same JSON and byte-identical parts."""
    data = [signed_looking_statement()]
    body, content_type = build_multipart(json.dumps(data).encode(), [
        (sha(TEXT), "text/plain", TEXT), (sha(BINARY), "image/png", BINARY)])
    assert media_type(content_type)[0] == "multipart/mixed"
    parsed, parts = parse_multipart(body, content_type)
    assert parsed == data
    assert parts == {sha(TEXT): ("text/plain", TEXT), sha(BINARY): ("image/png", BINARY)}
    check_attachments(parsed, parts)


def test_suite_shaped_body_with_preamble_crlf():
    """The suite's signed bodies start with CRLF before the first delimiter and omit header spaces."""
    data = signed_looking_statement()
    body, content_type = body_for(data, [(part_headers(TEXT), TEXT), (part_headers(BINARY), BINARY)],
                                  preamble=b"\r\n")
    parsed, parts = parse_multipart(body, content_type)
    assert parsed == data and parts[sha(BINARY)][1] == BINARY
    check_attachments([parsed], parts)


@pytest.mark.parametrize("change, message", [
    ({"X-Experience-API-Hash": None}, "X-Experience-API-Hash header is required"),
    ({"Content-Transfer-Encoding": None}, "Content-Transfer-Encoding must be binary"),
    ({"Content-Transfer-Encoding": "base64"}, "Content-Transfer-Encoding must be binary"),
    ({"X-Experience-API-Hash": sha(b"other")}, "does not match its content"),
])
def test_bad_attachment_part_headers(change, message):
    """Communication 1.5.2.s2.b2: parts after the first need binary encoding and a matching hash."""
    body, content_type = body_for(statement(), [(part_headers(TEXT, **change), TEXT)])
    with pytest.raises(XAPIError, match=f"multipart part 2: .*{message}"):
        parse_multipart(body, content_type)


@pytest.mark.parametrize("content_type, message", [
    ("multipart/form-data; boundary=abc", "expected multipart/mixed"),
    ("multipart/mixed", "needs a boundary"),
    ("multipart/mixed; boundary=elsewhere", "never occurs"),
])
def test_bad_content_type_header(content_type, message):
    body, _ = body_for(statement(), [])
    with pytest.raises(XAPIError, match=message):
        parse_multipart(body, content_type)


def test_first_part_must_be_json():
    body, content_type = body_for(statement(), [], first_type="text/plain")
    with pytest.raises(XAPIError, match="part 1: Content-Type must be application/json"):
        parse_multipart(body, content_type)


def test_unterminated_body_is_refused():
    body, content_type = body_for(statement(), [(part_headers(TEXT), TEXT)])
    with pytest.raises(XAPIError, match="closing boundary"):
        parse_multipart(body[: body.rindex(b"--------")], content_type)


def test_missing_part_and_extra_part_are_refused():
    """Data 2.4.11: an attachment without fileUrl needs its part; a part nobody refers to is refused."""
    data = statement(attachments=[attachment(sha2=sha(TEXT))])
    with pytest.raises(XAPIError, match=r"^statement.attachments\[0\]: no fileUrl and no multipart part"):
        check_attachments([data], {})
    with pytest.raises(XAPIError, match="matches no attachment"):
        check_attachments([data], {sha(TEXT): ("text/plain", TEXT), sha(BINARY): ("x/y", BINARY)})
    check_attachments([statement(attachments=[attachment(fileUrl="http://x.org/f")])], {})
    check_attachments([data], {sha(TEXT): ("text/plain", TEXT)})


def test_two_attachments_may_share_one_part():
    data = statement(attachments=[attachment(sha2=sha(TEXT)), attachment(sha2=sha(TEXT).upper())])
    check_attachments([data], {sha(TEXT): ("text/plain", TEXT)})
