"""Learners of the role portals (issue 4): personal links, code exchange, learner tokens and what they may do."""
from __future__ import annotations

from flask import Flask, request


def init_app(app: Flask) -> None:
    """Settings, stores, the /portal/session route and the `learners` / `portals` commands."""
    from ..auth import AUTHENTICATORS
    from .api import portal_session
    from .cli import learners, portals
    from .hooks import bearer_credential
    from .settings import load_learner_settings
    from .state import init_state

    load_learner_settings(app)
    init_state(app)
    app.register_blueprint(portal_session)
    AUTHENTICATORS["bearer"] = bearer_credential
    app.cli.add_command(learners)
    app.cli.add_command(portals)

    @app.after_request
    def _bearer_challenge(response):
        """A refused Bearer token is challenged as Bearer, so no browser pops up a Basic login."""
        if response.status_code == 401 and request.headers.get("Authorization", "")[:7].lower() == "bearer ":
            response.headers["WWW-Authenticate"] = 'Bearer realm="xAPI", error="invalid_token"'
        return response
