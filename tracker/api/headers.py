"""Headers on every answer: X-Experience-API-Version (checked on requests too), CORS, security headers."""
from __future__ import annotations

from flask import Flask, g, request

from ..services.clock import now_iso
from ..xapi.errors import XAPIError
from ..xapi.versions import HEADER, check_version_header, response_version

EXPOSED = ("ETag", "Last-Modified", "X-Experience-API-Version",
           "X-Experience-API-Consistent-Through", "X-Request-Id", "Content-Type", "Retry-After")
ALLOWED_HEADERS = ("Authorization", "Content-Type", "X-Experience-API-Version", "If-Match",
                   "If-None-Match", "Accept-Language")
METHODS = "GET, HEAD, PUT, POST, DELETE, OPTIONS"
# The API answers JSON (or documents as stored): nothing in it may run, load or be framed.
API_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
API_PATHS = ("/xapi/", "/portal/", "/openapi.json")


def _needs_version() -> bool:
    if request.method == "OPTIONS" or not request.path.startswith("/xapi/"):
        return False
    return not (request.path.rstrip("/") == "/xapi/about" and request.method in ("GET", "HEAD"))


def init_app(app: Flask) -> None:
    @app.before_request
    def _check_version():
        raw = request.headers.get(HEADER)
        g.xapi_version = _fallback_version(app, raw)
        if not _needs_version():
            if raw:
                try:
                    g.xapi_version = check_version_header(raw)
                except XAPIError:
                    pass
            return None
        problem = request.environ.get("tracker.alternate_error")
        if problem:
            raise XAPIError(problem, request.environ.get("tracker.alternate_status", 400))
        g.xapi_version = check_version_header(raw)
        if request.environ.get("tracker.alternate") and g.xapi_version.startswith("2."):
            raise XAPIError("method parameter: the alternate request syntax is not part of xAPI 2.0.0")
        return None

    @app.after_request
    def _add_headers(response):
        version = g.get("xapi_version") or app.config["TRACKER_XAPI_DEFAULT_VERSION"]
        response.headers[HEADER] = response_version(version)
        if request.path.rstrip("/") == "/xapi/statements" and request.method in ("GET", "HEAD"):
            # Communication 2.1.3: on every statement GET answer, whatever its status.
            response.headers.setdefault("X-Experience-API-Consistent-Through", now_iso())
        _add_cors(app, response)
        _add_security_headers(response)
        return response


def _add_security_headers(response) -> None:
    """nosniff and no referrer everywhere; the API's CSP where no blueprint set its own (the team
    pages do); no-store on whatever answered a request that carried credentials."""
    headers = response.headers
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "no-referrer")
    if request.path.startswith(API_PATHS) or response.mimetype == "application/json":
        headers.setdefault("Content-Security-Policy", API_CSP)
    if "Authorization" in request.headers or g.get("credential") is not None:
        headers["Cache-Control"] = "no-store"


def _fallback_version(app: Flask, raw: str | None) -> str:
    """The version to answer with before (or without) a valid header: its major line, else the setting."""
    value = (raw or "").strip()
    if value.startswith("2."):
        return "2.0.0"
    if value.startswith("1."):
        return "1.0.3"
    return app.config["TRACKER_XAPI_DEFAULT_VERSION"]


def _add_cors(app: Flask, response) -> None:
    origin = request.headers.get("Origin")
    allowed = app.config["TRACKER_CORS_ORIGINS"]
    if not origin or not allowed:
        return
    if "*" in allowed:
        response.headers["Access-Control-Allow-Origin"] = "*"
    elif origin.rstrip("/") in allowed:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.vary.add("Origin")
    else:
        return
    response.headers["Access-Control-Expose-Headers"] = ", ".join(EXPOSED)
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = METHODS
        response.headers["Access-Control-Allow-Headers"] = ", ".join(ALLOWED_HEADERS)
        response.headers["Access-Control-Max-Age"] = "600"
