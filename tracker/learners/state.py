"""The learner stores on the app, kept in app.extensions["tracker_learners"]."""
from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app

from .portals import PortalStore
from .store import LearnerStore


@dataclass
class LearnerState:
    learners: LearnerStore
    portals: PortalStore


def init_state(app: Flask) -> None:
    engine = app.extensions["tracker"].engine
    app.extensions["tracker_learners"] = LearnerState(LearnerStore(engine), PortalStore(engine))


def learner_state() -> LearnerState:
    return current_app.extensions["tracker_learners"]
