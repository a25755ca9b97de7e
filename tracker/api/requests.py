"""Parsing what a request carries: allowed parameters, JSON bodies, content types."""
from __future__ import annotations

from flask import request

from ..xapi.errors import XAPIError
from ..xapi.json_input import load_json


def allow_params(allowed: set[str] | frozenset[str]) -> None:
    """Refuse parameters the resource does not define (Communication 1.4: 400)."""
    unknown = sorted(set(request.args) - set(allowed))
    if unknown:
        raise XAPIError(f"{unknown[0]} parameter: not a parameter of {request.method} {request.path}")


def required(name: str) -> str:
    value = request.args.get(name)
    if value is None or value == "":
        raise XAPIError(f"{name} parameter: required")
    return value


def media_type() -> str:
    return (request.mimetype or "").lower()


def parse_json(data: bytes, where: str) -> object:
    """Parse JSON strictly (tracker/xapi/json_input.py), refusing bad input with 400 naming `where`."""
    if not data.strip():
        raise XAPIError(f"{where}: empty body, expected JSON")
    return load_json(data, where)


def json_body(where: str = "request body") -> object:
    if media_type() != "application/json":
        raise XAPIError(f"Content-Type header: expected application/json, got {request.mimetype or 'none'!r}")
    return parse_json(request.get_data(cache=True), where)


def languages() -> list[str]:
    """Accept-Language tags in preference order."""
    return [lang for lang, _q in request.accept_languages]
