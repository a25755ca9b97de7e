"""HTTP layer: the /xapi/ blueprint, its hooks and the JSON error handler."""
from __future__ import annotations

from flask import Blueprint, Flask

xapi = Blueprint("xapi", __name__, url_prefix="/xapi")


def init_app(app: Flask) -> None:
    from . import about, definitions, documents, errors, headers, statements  # noqa: F401 (routes)

    errors.init_app(app)
    from . import openapi

    openapi.init_app(app)
    headers.init_app(app)
    app.register_blueprint(xapi)
