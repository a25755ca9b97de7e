"""Fixtures: a real upstream LRS (a second tracker on a loopback port) and an app that forwards to it."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import select
from werkzeug.serving import make_server

from tracker import create_app
from tracker.services.credentials import create_credential
from tracker.storage.schema import statements
from tracker_samples import HOME, basic

UPSTREAM_HOME = "https://upstream.test.invalid"


class Upstream:
    """A second tracker in a thread: its endpoint, a credential, and a look into its database."""

    def __init__(self, app, server, key: str, secret: str):
        self.app, self.server, self.key, self.secret = app, server, key, secret
        self.endpoint = f"http://127.0.0.1:{server.server_port}/xapi/"

    def rows(self, ids) -> dict[str, tuple[bool, str]]:
        """{statement_id: (voided, body)} of these ids as stored upstream (each id is one row)."""
        with self.app.extensions["tracker"].engine.connect() as conn:
            return {r.statement_id: (r.voided, r.body) for r in conn.execute(
                select(statements.c.statement_id, statements.c.voided, statements.c.body)
                .where(statements.c.statement_id.in_(list(ids))))}

    def headers(self) -> dict:
        return {"Authorization": basic(self.key, self.secret), "X-Experience-API-Version": "1.0.3"}


@pytest.fixture(scope="session")
def upstream(tmp_path_factory):
    path = tmp_path_factory.mktemp("upstream") / "upstream.sqlite3"
    app = create_app({"TRACKER_DATABASE_URL": f"sqlite:///{path}", "TRACKER_HOME_PAGE": UPSTREAM_HOME,
                      "TRACKER_SECRET_KEY": "upstream", "TRACKER_FORWARD_CONFIG": ""})
    with app.app_context():
        credential, secret = create_credential(app.extensions["tracker"].credentials, "forwarder",
                                               ["all"], UPSTREAM_HOME)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Upstream(app, server, credential.key, secret)
    server.shutdown()
    app.extensions["tracker"].engine.dispose()


def write_config(path, endpoint: str, key: str, secret: str, **fields) -> str:
    """A TRACKER_FORWARD_CONFIG file with one upstream called `main` (plus `fields`)."""
    lines = ["[[upstream]]", 'name = "main"', f'endpoint = "{endpoint}"', f'username = "{key}"',
             f'password = "{secret}"', "backoff_initial = 0.05", "backoff_max = 0.2", "timeout = 5"]
    for name, value in fields.items():
        lines.append(f"{name} = {_toml(value)}")
    path.write_text("\n".join(lines) + "\n")
    return str(path)


def _toml(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return str(value)


@pytest.fixture
def make_app(database, tmp_path):
    """make_app(**upstream fields) -> an app over the test database forwarding to `endpoint`."""
    made = []

    def build(endpoint: str, key: str, secret: str, **fields):
        url, schema = database
        config = write_config(tmp_path / f"forward-{len(made)}.toml", endpoint, key, secret, **fields)
        app = create_app({"TESTING": True, "TRACKER_DATABASE_URL": url, "TRACKER_DATABASE_SCHEMA": schema,
                          "TRACKER_HOME_PAGE": HOME, "TRACKER_SECRET_KEY": "test-secret",
                          "TRACKER_AUTO_MIGRATE": False, "TRACKER_FORWARD_CONFIG": config,
                          "TRACKER_FORWARD_INTERVAL": 0.05})
        app.instance_path = str(tmp_path / "instance")
        made.append(app)
        return app

    yield build
    for app in made:
        app.extensions["tracker"].engine.dispose()


@pytest.fixture
def forwarding(make_app, upstream):
    """An app forwarding every statement to the upstream tracker."""
    return make_app(upstream.endpoint, upstream.key, upstream.secret)
