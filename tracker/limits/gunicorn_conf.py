"""gunicorn settings for the tracker: `gunicorn -c python:tracker.limits.gunicorn_conf 'tracker:create_app()'`.

gunicorn answers some requests before Flask sees them (an over-long request line, too many or too
large headers, control characters in a header, bad chunked framing). Its answer is an HTML page;
with this config it is the tracker's JSON error instead, with the same status. The limits are
gunicorn's defaults, written out so docs/tracker.md can name them; override any of them on the
command line (`--limit-request-line 8190`). Other settings (workers, bind) stay on the command line.
`--preload` is safe with this config (each worker starts its own database pool) and makes a worker
that died come back in milliseconds instead of importing and building the app again.
"""
from __future__ import annotations

import json

from gunicorn import util

limit_request_line = 4094  # bytes of "METHOD /path?query HTTP/1.1"; longer gets 414
limit_request_fields = 100  # headers per request; more gets 431
limit_request_field_size = 8190  # bytes per header line; larger gets 431


def write_json_error(sock, status_int: int, reason: str, mesg: str) -> None:
    """gunicorn's `util.write_error` with the tracker's JSON body (docs/tracker.md, "Errors")."""
    body = json.dumps({"error": {"status": status_int, "message": f"{reason}: {mesg}"}}).encode()
    head = (f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\n"
            "Content-Type: application/json\r\nCache-Control: no-store\r\n"
            "X-Content-Type-Options: nosniff\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode("latin-1")
    util.write_nonblock(sock, head + body)


util.write_error = write_json_error


def post_fork(server, worker) -> None:
    """With --preload the app (and its connection pool) was made before the fork: start a fresh pool."""
    if server.cfg.preload_app:
        app = worker.app.wsgi()
        state = getattr(app, "extensions", {}).get("tracker")
        if state is not None:
            state.engine.dispose(close=False)
