"""The `compliance` blueprint: /team/verplichtingen/ for coaches and managers, plus one public IKK page."""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, Flask, current_app, render_template
from werkzeug.exceptions import HTTPException

from ...extension import tracker
from ..access import load_staff
from ..periods import LABELS
from ..strings import language, translate

HERE = Path(__file__).resolve().parent.parent
compliance_pages = Blueprint("compliance", __name__, url_prefix="/team/verplichtingen",
                             template_folder=str(HERE / "templates"), static_folder=str(HERE / "static"),
                             static_url_path="/static")
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")


@compliance_pages.before_request
def _before():
    if not current_app.secret_key:  # Flask-WTF's CSRF token lives in Flask's signed session cookie
        current_app.secret_key = tracker().secret_key
    load_staff()


@compliance_pages.after_request
def _headers(response):
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers.setdefault("Cache-Control", "no-store")
    return response


@compliance_pages.context_processor
def _helpers():
    from ...team.views import NAV

    nav = tuple(NAV)
    if not any(item[0] == "compliance.grid" for item in nav):
        nav = nav + (("compliance.grid", "Verplichtingen", ("coach", "manager")),)
    from flask_wtf.csrf import generate_csrf

    return {"_": translate, "lang": language(), "nav_items": nav, "status_label": status_label,
            "csrf_token": generate_csrf}


def status_label(status: str) -> str:
    return LABELS.get(language(), LABELS["nl"]).get(status, status)


def _error_page(error: HTTPException):
    code = error.code or 500
    headings = {400: "Dit verzoek klopt niet", 403: "Geen toegang", 404: "Niet gevonden", 413: "Te groot"}
    heading = translate(headings.get(code, "Er ging iets mis"))
    message = translate(error.description) if isinstance(error.description, str) else ""
    return render_template("team/error.html", code=code, heading=heading, message=message), code


compliance_pages.register_error_handler(HTTPException, _error_page)


def init_views(app: Flask) -> None:
    from . import dossier, grid, ikk  # noqa: F401 (routes)

    app.register_blueprint(compliance_pages)
