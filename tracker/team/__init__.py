"""The organisation side (issue 9): structure, staff sign-in, the team pages and their projections.

The xAPI API does not know about it: the projector listens to the statement store inside its
write transaction (projection.py), and the pages read only the projections.
"""
from __future__ import annotations

from flask import Flask
from flask.sessions import SecureCookieSessionInterface


class TrackerSessionInterface(SecureCookieSessionInterface):
    """Flask's signed cookie session (it carries only Flask-WTF's CSRF secret), signed with
    TRACKER_SECRET_KEY or the random key kept in the database (read when first needed)."""

    def get_signing_serializer(self, app):
        if not app.secret_key:
            from ..extension import tracker

            app.secret_key = tracker().secret_key
        return super().get_signing_serializer(app)


def init_app(app: Flask) -> None:
    """Settings, stores and the projector, the /team/ blueprint, /portal/me, and the CLI groups."""
    from .cli import init_cli
    from .portal_api import portal_me
    from .settings import load_team_settings
    from .state import init_state
    from .views import team

    load_team_settings(app)
    # Flask's session cookie carries only Flask-WTF's CSRF secret for the team pages.
    app.config["SESSION_COOKIE_NAME"] = "leerpad_team_form"
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.config["SESSION_COOKIE_PATH"] = "/team"
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SECURE"] = app.config["TRACKER_STAFF_COOKIE_SECURE"]
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", app.config["TRACKER_STAFF_SESSION_LIFETIME"])
    app.session_interface = TrackerSessionInterface()
    init_state(app)
    app.register_blueprint(team)
    app.register_blueprint(portal_me)
    init_cli(app)
