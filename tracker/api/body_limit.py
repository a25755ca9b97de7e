"""Bodies without a Content-Length (Transfer-Encoding: chunked): read whole, or refused whole with 413.

Werkzeug stops reading a streamed body at MAX_CONTENT_LENGTH without saying so, so a chunked body over
the limit used to arrive cut short (a State document was stored truncated). This middleware reads such
a body up to the limit plus one byte before Flask sees it: within the limit it becomes an ordinary body
with a Content-Length; over it, the request carries no body and `tracker.body_too_large`, which the
error hooks answer with 413. Nothing partial ever reaches a view.
"""
from __future__ import annotations

import io

CHUNK = 64 * 1024
TOO_LARGE = "tracker.body_too_large"


class BodyLimit:
    def __init__(self, wsgi_app, max_bytes: int):
        self.wsgi_app = wsgi_app
        self.max_bytes = max_bytes

    def __call__(self, environ, start_response):
        if not environ.get("CONTENT_LENGTH") and _streamed(environ):
            buffer_body(environ, self.max_bytes)
        return self.wsgi_app(environ, start_response)


def _streamed(environ: dict) -> bool:
    return ("chunked" in environ.get("HTTP_TRANSFER_ENCODING", "").lower()
            or bool(environ.get("wsgi.input_terminated")))


def buffer_body(environ: dict, max_bytes: int) -> None:
    """Replace the streamed body in `environ` by the bytes read (or by nothing and the 413 mark)."""
    stream = environ["wsgi.input"]
    parts, size = [], 0
    while size <= max_bytes:
        part = stream.read(min(CHUNK, max_bytes + 1 - size))
        if not part:
            break
        parts.append(part)
        size += len(part)
    if size > max_bytes:
        environ[TOO_LARGE] = True
        _drain(stream, max_bytes)
        parts, size = [], 0
    environ["wsgi.input"] = io.BytesIO(b"".join(parts))
    environ["CONTENT_LENGTH"] = str(size)
    environ.pop("HTTP_TRANSFER_ENCODING", None)


def _drain(stream, budget: int) -> None:
    """Read (and drop) up to `budget` more bytes so the client can read the 413 (never unbounded)."""
    while budget > 0:
        part = stream.read(min(CHUNK, budget))
        if not part:
            return
        budget -= len(part)
