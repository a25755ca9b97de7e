"""Under gunicorn (issue 11): chunked bodies over the limit are a 413 with nothing stored, and the
errors gunicorn answers itself (request line, headers) come in the tracker's JSON shape."""
from __future__ import annotations

import http.client
import json
import socket
import uuid
from urllib.parse import urlencode

import pytest

LIMIT = 64 * 1024
AGENT = json.dumps({"objectType": "Agent", "account": {"homePage": "https://x.test", "name": "a"}})


def send(live, method: str, path: str, chunks, **headers):
    conn = http.client.HTTPConnection("127.0.0.1", live.port, timeout=20)
    try:
        conn.request(method, path, body=iter(chunks), encode_chunked=True, headers={
            "Authorization": live.authorization, "X-Experience-API-Version": "1.0.3",
            "Content-Type": "application/json", **headers})
        answer = conn.getresponse()
        return answer.status, answer.read()
    finally:
        conn.close()


def state_path(state_id: str) -> str:
    return "/xapi/activities/state?" + urlencode(
        {"activityId": "https://x.test/a", "agent": AGENT, "stateId": state_id})


def big_document(size: int) -> list[bytes]:
    text = json.dumps({"text": "x" * size}).encode()
    return [text[i:i + 8192] for i in range(0, len(text), 8192)]


@pytest.mark.parametrize("method", ["PUT", "POST"])
def test_a_chunked_document_over_the_limit_is_a_413_and_not_stored(live, method):
    state_id = f"big-{method}"
    status, body = send(live, method, state_path(state_id), big_document(LIMIT + 100))
    assert status == 413, body
    assert json.loads(body)["error"]["message"].startswith("request body: larger than")
    status, _ = send(live, "GET", state_path(state_id), [])
    assert status == 404


def test_a_chunked_document_within_the_limit_is_stored_whole(live):
    chunks = big_document(LIMIT - 200)
    assert send(live, "PUT", state_path("fits"), chunks)[0] == 204
    status, body = send(live, "GET", state_path("fits"), [])
    assert status == 200 and body == b"".join(chunks)


def test_chunked_statements_over_the_limit_are_a_413(live):
    statement = {"id": str(uuid.uuid4()), "actor": json.loads(AGENT),
                 "verb": {"id": "http://adlnet.gov/expapi/verbs/answered"},
                 "object": {"id": "https://x.test/a"}, "result": {"response": "x" * (LIMIT + 10)}}
    text = json.dumps(statement).encode()
    status, body = send(live, "POST", "/xapi/statements", [text[i:i + 4096] for i in range(0, len(text), 4096)])
    assert status == 413, body
    status, _ = send(live, "GET", f"/xapi/statements?statementId={statement['id']}", [])
    assert status == 404


def raw(live, request: bytes) -> tuple[int, dict, bytes]:
    with socket.create_connection(("127.0.0.1", live.port), timeout=10) as sock:
        sock.sendall(request)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), headers, body


@pytest.mark.parametrize("request_bytes, status", [
    (b"GET /xapi/about?" + b"a" * 5000 + b" HTTP/1.1\r\nHost: x\r\n\r\n", 414),
    (b"GET /xapi/about HTTP/1.1\r\nHost: x\r\n" + b"".join(b"X-%d: y\r\n" % i for i in range(120)) + b"\r\n", 431),
    (b"GET /xapi/about HTTP/1.1\r\nHost: x\r\nX-Long: " + b"y" * 9000 + b"\r\n\r\n", 431),
    (b"GET /xapi/about HTTP/1.1\r\nHost: x\r\nX-Bad: a\x01b\r\n\r\n", 400),
    (b"GET /xapi/\x7fabout HTTP/1.1\r\nHost: x\r\n\r\n", 400),
])
def test_errors_gunicorn_answers_are_json(live, request_bytes, status):
    got, headers, body = raw(live, request_bytes)
    assert got == status, body
    assert headers["Content-Type"] == "application/json"
    error = json.loads(body)["error"]
    assert error["status"] == status and error["message"]
