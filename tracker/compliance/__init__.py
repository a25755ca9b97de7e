"""Compliance (issue 10): requirements with periods and evidence, the Wet IKK ledger, reminders, exports."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """The module-completion listener and the `compliance` commands (pages: see views)."""
    from .cli import compliance
    from .evidence import on_statements

    app.extensions["tracker"].statements.listeners.append(on_statements)
    app.cli.add_command(compliance)
