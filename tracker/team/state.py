"""The team view's stores on the app, kept in app.extensions["tracker_team"]."""
from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app

from .audit import AuditLog
from .projection import Projector
from .staff import StaffStore
from .structure import Structure


@dataclass
class TeamState:
    structure: Structure
    staff: StaffStore
    audit: AuditLog
    projector: Projector


def init_state(app: Flask) -> None:
    """Make the stores and register the projector as a statement listener (same transaction)."""
    tracker = app.extensions["tracker"]
    projector = Projector(app.config["TRACKER_HOME_PAGE"])
    tracker.statements.listeners.append(projector)
    app.extensions["tracker_team"] = TeamState(Structure(tracker.engine), StaffStore(tracker.engine),
                                               AuditLog(tracker.engine), projector)


def team_state() -> TeamState:
    return current_app.extensions["tracker_team"]
