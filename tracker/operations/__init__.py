"""Running the tracker (issue 12): AVG export and retention, backups, and the `doctor` check."""
from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    """Add `backup`, `restore`, `retention`, `doctor`, `audit`, and `export` to the `learners` group."""
    from ..learners.cli import learners
    from .cli import audit, backup_command, doctor_command, learners_export, restore_command, retention

    learners.add_command(learners_export)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(retention)
    app.cli.add_command(doctor_command)
    app.cli.add_command(audit)
