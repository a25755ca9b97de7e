"""GET /xapi/about: the versions this LRS speaks (Communication 2.8); public unless configured."""
from __future__ import annotations

from flask import current_app, jsonify, request

from ..auth import authenticate
from ..xapi.versions import HEADER, SUPPORTED
from . import xapi
from .requests import allow_params


@xapi.get("/about")
def about():
    allow_params(set())
    if not current_app.config["TRACKER_ALLOW_PUBLIC_ABOUT"]:
        authenticate()
    versions = list(SUPPORTED)
    if request.headers.get(HEADER, "").strip().startswith("1."):
        # Older 1.0 clients (tincan) refuse an About listing a version they do not know.
        versions = [v for v in versions if v.startswith("1.")]
    return jsonify({"version": versions,
                    "extensions": {"https://leerpad.invalid/xapi/extensions/partial-success": True}})
