"""One JSON error answer for every failure; unexpected errors are logged with a request id."""
from __future__ import annotations

import uuid

from flask import Flask, g, jsonify, request
from werkzeug.exceptions import HTTPException

from ..xapi.errors import XAPIError
from .body_limit import TOO_LARGE


def error_response(status: int, message: str):
    body = {"error": {"status": status, "message": message}}
    if status >= 500:
        body["error"]["request_id"] = g.get("request_id")
    response = jsonify(body)
    response.status_code = status
    if status == 401:
        response.headers["WWW-Authenticate"] = 'Basic realm="xAPI"'
    return response


def init_app(app: Flask) -> None:
    @app.before_request
    def _assign_request_id():
        g.request_id = uuid.uuid4().hex
        if request.environ.get(TOO_LARGE):
            limit = app.config["TRACKER_MAX_BODY_BYTES"]
            raise XAPIError(f"request body: larger than the {limit} bytes accepted", 413)

    @app.after_request
    def _send_request_id(response):
        response.headers["X-Request-Id"] = g.get("request_id") or uuid.uuid4().hex
        return response

    @app.errorhandler(XAPIError)
    def _xapi_error(error: XAPIError):
        response = error_response(error.status, error.message)
        if getattr(error, "retry_after", None):
            response.headers["Retry-After"] = str(error.retry_after)
        return response

    @app.errorhandler(HTTPException)
    def _http_error(error: HTTPException):
        if error.code == 413:
            limit = app.config["TRACKER_MAX_BODY_BYTES"]
            return error_response(413, f"request body: larger than the {limit} bytes accepted")
        response = error_response(error.code or 500, error.description or error.name)
        if error.code == 405 and error.get_response().headers.get("Allow"):
            response.headers["Allow"] = error.get_response().headers["Allow"]
        return response

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        app.logger.exception("request %s %s %s failed", g.get("request_id"), request.method,
                             request.path)
        return error_response(500, f"internal error; quote request id {g.get('request_id')}")
