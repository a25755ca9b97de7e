"""GET /xapi/about: the versions this LRS speaks (Communication 2.8); public unless configured."""
from __future__ import annotations

from flask import current_app, jsonify

from ..auth import authenticate
from ..xapi.versions import SUPPORTED
from . import xapi
from .requests import allow_params


@xapi.get("/about")
def about():
    allow_params(set())
    if not current_app.config["TRACKER_ALLOW_PUBLIC_ABOUT"]:
        authenticate()
    return jsonify({"version": list(SUPPORTED),
                    "extensions": {"https://leerpad.invalid/xapi/extensions/partial-success": True}})
