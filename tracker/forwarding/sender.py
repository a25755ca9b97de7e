"""HTTP to an upstream LRS: a batch POST or one PUT, always with the ids the tracker stored."""
from __future__ import annotations

import base64
import http.client
import json
import socket
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from ..xapi.attachments import build_multipart
from ..xapi.normalize import statements_equivalent
from .upstreams import Upstream

# Fields the upstream sets itself; it would replace them anyway (authority = its own credential).
_LRS_SET = ("stored", "authority")


@dataclass
class Answer:
    """What came back: an HTTP status (0 when no answer arrived) and a short text for people."""

    status: int
    text: str

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300

    @property
    def transient(self) -> bool:
        """Try again later: no answer, timeout, 5xx, 429, 408, or refusing our credentials or URL.

        401/403/404 mean the upstream or our configuration is wrong, not the statement: the whole
        upstream waits (and `forward status` shows it) instead of parking every statement.
        """
        return self.status == 0 or self.status >= 500 or self.status in (401, 403, 404, 405, 408, 429)


def outgoing(body: dict, upstream: Upstream) -> dict:
    """The statement as sent: without the fields the upstream sets, `version` only when it speaks it."""
    statement = {key: value for key, value in body.items() if key not in _LRS_SET}
    if not str(statement.get("version", "")).startswith(upstream.version[0]):
        statement.pop("version", None)
    return statement


def attachment_hashes(body: dict) -> list[str]:
    found = list(body.get("attachments") or [])
    obj = body.get("object") or {}
    if obj.get("objectType") == "SubStatement":
        found += obj.get("attachments") or []
    return [a["sha2"].lower() for a in found if isinstance(a, dict) and a.get("sha2")]


class Sender:
    """Sends statements to one upstream with HTTP Basic credentials."""

    def __init__(self, upstream: Upstream):
        self.upstream = upstream
        token = base64.b64encode(f"{upstream.username}:{upstream.password}".encode()).decode()
        self.headers = {"Authorization": f"Basic {token}",
                        "X-Experience-API-Version": upstream.version}

    def post(self, bodies: list[dict], files: dict[str, tuple[str, bytes]]) -> Answer:
        """POST a batch (ids included, so a repeat is recognised upstream as the same statements)."""
        return self._send("POST", "statements", [outgoing(b, self.upstream) for b in bodies], files)

    def put(self, body: dict, files: dict[str, tuple[str, bytes]]) -> Answer:
        query = urllib.parse.urlencode({"statementId": body["id"]})
        return self._send("PUT", f"statements?{query}", outgoing(body, self.upstream), files)

    def holds_same(self, body: dict) -> bool:
        """After a 409: whether the upstream's statement with this id is the same statement."""
        for parameter in ("statementId", "voidedStatementId"):
            query = urllib.parse.urlencode({parameter: body["id"]})
            answer, payload = self._request("GET", f"statements?{query}", None, {})
            if answer.status == 200:
                try:
                    return statements_equivalent(json.loads(payload), outgoing(body, self.upstream))
                except ValueError:
                    return False
        return False

    def _send(self, method: str, path: str, document: object, files: dict) -> Answer:
        text = json.dumps(document, ensure_ascii=False).encode("utf-8")
        if files:
            payload, content_type = build_multipart(text, [(sha2, kind, content)
                                                           for sha2, (kind, content) in files.items()])
        else:
            payload, content_type = text, "application/json"
        answer, _ = self._request(method, path, payload, {"Content-Type": content_type})
        return answer

    def _request(self, method: str, path: str, payload: bytes | None, extra: dict) -> tuple[Answer, bytes]:
        request = urllib.request.Request(self.upstream.endpoint + path, data=payload, method=method,
                                         headers={**self.headers, **extra})
        try:
            with urllib.request.urlopen(request, timeout=self.upstream.timeout) as response:
                return Answer(response.status, ""), response.read()
        except urllib.error.HTTPError as error:
            detail = error.read(2000).decode("utf-8", "replace")
            return Answer(error.code, f"HTTP {error.code}: {_message(detail)}"), b""
        except (urllib.error.URLError, http.client.HTTPException, socket.timeout, TimeoutError,
                ConnectionError, OSError) as error:  # also an answer cut off when the upstream died
            reason = getattr(error, "reason", error)
            return Answer(0, f"no answer from {self.upstream.endpoint}: {reason}"), b""


def _message(detail: str) -> str:
    """The upstream's error message: Leerpad's JSON shape, else the start of the body."""
    try:
        data = json.loads(detail)
        if isinstance(data, dict):
            error = data.get("error")
            if isinstance(error, dict) and error.get("message"):
                return str(error["message"])
            for key in ("message", "detail", "error"):
                if isinstance(data.get(key), str):
                    return data[key]
    except ValueError:
        pass
    return " ".join(detail.split())[:300] or "(no body)"
