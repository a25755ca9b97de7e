"""The `team` blueprint: server-rendered pages for coaches, managers and admins under /team/."""
from __future__ import annotations

from pathlib import Path

from flask import Blueprint, current_app, render_template, request
from werkzeug.exceptions import HTTPException

from ..auth import load_staff
from ..strings import translate

HERE = Path(__file__).resolve().parent.parent
team = Blueprint("team", __name__, url_prefix="/team", template_folder=str(HERE / "templates"),
                 static_folder=str(HERE / "static"), static_url_path="/static")

# (endpoint, label, roles that see it) for the main menu.
NAV = (
    ("team.home", "Team", ("coach", "manager")),
    ("team.confirm", "Bevestigen", ("coach", "manager")),
    ("team.needs", "Wat heeft het team nodig?", ("coach", "manager")),
    ("team.charts", "Grafieken", ("coach", "manager")),
    ("compliance.grid", "Verplichtingen", ("coach", "manager")),
    ("team.admin", "Beheer", ("admin", "manager")),
)
CSP = ("default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")


@team.before_request
def _before():
    load_staff()


@team.after_request
def _headers(response):
    response.headers["Content-Security-Policy"] = CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Frame-Options"] = "DENY"
    if request.endpoint != "team.static":
        response.headers["Cache-Control"] = "no-store"
    return response


@team.app_context_processor
def _template_helpers():
    from flask_wtf.csrf import generate_csrf

    return {"_": translate, "lang": current_app.config.get("TRACKER_TEAM_LANGUAGE", "nl"), "nav_items": NAV,
            "csrf_token": generate_csrf}


HEADINGS = {400: "Dit verzoek klopt niet", 403: "Geen toegang", 404: "Niet gevonden",
            405: "Dit kan hier niet", 413: "Te groot", 429: "Even wachten"}


def _error_page(error: HTTPException):
    code = error.code or 500
    heading = translate(HEADINGS.get(code, "Er ging iets mis"))
    message = translate(error.description) if isinstance(error.description, str) else ""
    return render_template("team/error.html", code=code, heading=heading, message=message), code


team.register_error_handler(HTTPException, _error_page)


@team.route("/<path:rest>")
def unknown(rest):
    from flask import abort

    abort(404, "Deze pagina bestaat niet.")


from . import admin, confirm, grid, insight, person, signin  # noqa: E402,F401  (routes)
from .. import oidc  # noqa: E402,F401  (OpenID Connect sign-in routes)
