"""Compliance (issue 10): requirements with periods and evidence, the Wet IKK ledger, reminders, exports."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """The module-completion listener, the `compliance` commands, the team pages and the portal routes."""
    from .cli import compliance
    from .evidence import on_statements
    from .portal_api import portal_obligations
    from .views import init_views

    app.extensions["tracker"].statements.listeners.append(on_statements)
    app.cli.add_command(compliance)
    init_views(app)
    app.register_blueprint(portal_obligations)
