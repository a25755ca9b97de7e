"""Compliance (issue 10): requirements with periods and evidence, the Wet IKK ledger, reminders, exports."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """The module-completion listener, the `compliance` commands, the team pages and the portal routes."""
    from .cli import compliance
    from .evidence import on_statements
    from .portal_api import portal_obligations
    from .views import init_views

    tracker = app.extensions["tracker"]
    if app.config["TRACKER_AUTO_MIGRATE"]:
        _add_projection(tracker.engine)
    tracker.statements.listeners.append(on_statements)
    app.cli.add_command(compliance)
    init_views(app)
    app.register_blueprint(portal_obligations)


def _add_projection(engine) -> None:
    """Databases that reached 0007 before `compliance_current` joined it get the table, filled."""
    from sqlalchemy import inspect

    from ..storage.database import writer
    from .store import rebuild_current
    from .tables import compliance_current

    if inspect(engine).has_table("compliance_current") or not inspect(engine).has_table("compliance_periods"):
        return
    with writer(engine).begin() as conn:
        compliance_current.create(conn)
        rebuild_current(conn)
