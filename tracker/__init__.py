"""Leerpad's tracker: an xAPI Learning Record Store (1.0.3 and 2.0.0) on SQLite or PostgreSQL."""
from __future__ import annotations

import os
from pathlib import Path

from flask import Flask

from .config import load_settings


def create_app(test_config: dict | None = None) -> Flask:
    """Build the tracker: settings, database (created and migrated on first start), routes, CLI."""
    app = Flask(__name__, instance_relative_config=True, static_folder=None)
    app.config.update(load_settings())
    if test_config:
        app.config.update(test_config)
    if not app.config.get("TRACKER_DATABASE_URL"):
        Path(app.instance_path).mkdir(parents=True, exist_ok=True)
        app.config["TRACKER_DATABASE_URL"] = "sqlite:///" + os.path.join(app.instance_path,
                                                                         "tracker.sqlite3")
    app.config["MAX_CONTENT_LENGTH"] = app.config["TRACKER_MAX_BODY_BYTES"]
    app.json.sort_keys = False

    from . import cli, extension
    from .api import init_app as init_api
    from .alternate import AlternateSyntax

    extension.init_app(app)
    init_api(app)
    cli.init_app(app)
    from .learners import init_app as init_learners

    init_learners(app)
    from .team import init_app as init_team

    init_team(app)
    from .forwarding import init_app as init_forwarding; init_forwarding(app)  # noqa: E702
    from .operations import init_app as init_operations; init_operations(app)  # noqa: E702
    from .compliance import init_app as init_compliance; init_compliance(app)  # noqa: E702
    app.wsgi_app = AlternateSyntax(app.wsgi_app, app.config["TRACKER_MAX_BODY_BYTES"])
    from .api.body_limit import BodyLimit

    app.wsgi_app = BodyLimit(app.wsgi_app, app.config["TRACKER_MAX_BODY_BYTES"])
    return app
