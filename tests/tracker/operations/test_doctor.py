"""`doctor`: a list of checks; exit 1 naming each problem, 0 when the tracker is ready."""
from __future__ import annotations

import json

from tracker import create_app
from tracker.storage.database import head_revision
from tracker.forwarding.tables import forward_outbox, forward_upstreams
from tracker_samples import HOME


def doctor(app):
    result = app.test_cli_runner().invoke(args=["doctor", "--json"])
    return result.exit_code, {f["check"]: f for f in json.loads(result.output)}


def test_a_fresh_tracker_lists_what_is_missing(tmp_path):
    app = create_app({"TRACKER_DATABASE_URL": f"sqlite:///{tmp_path / 'd.sqlite3'}", "TRACKER_FORWARD_CONFIG": "",
                      "TRACKER_HOME_PAGE": "https://tracker.leerpad.invalid", "TRACKER_CORS_ORIGINS": ()})
    code, found = doctor(app)
    assert code == 1
    assert found["settings"]["level"] == "PROBLEM" and "TRACKER_HOME_PAGE" in found["settings"]["message"]
    assert found["portals"]["level"] == "PROBLEM" and "portals load" in found["portals"]["message"]
    assert found["cors"]["level"] == "warning"
    assert found["database"]["level"] == "ok" and found["migrations"]["level"] == "ok"
    text = app.test_cli_runner().invoke(args=["doctor"]).output
    assert "2 problem(s):" in text and "  - portals:" in text
    app.extensions["tracker"].engine.dispose()


def test_a_configured_tracker_is_ready(app, runner, portal):
    code, found = doctor(app)
    assert code == 0, found
    assert found["portals"]["message"] == "manifests loaded: zorg"
    assert found["disk"]["level"] == "ok" and found["forwarding"]["level"] == "ok"


def test_old_migration_level_and_low_disk_are_problems(app, portal):
    engine = app.extensions["tracker"].engine
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0003'")
    app.config["TRACKER_DOCTOR_MIN_FREE_MB"] = 10 ** 9
    try:
        code, found = doctor(app)
    finally:  # the PostgreSQL schema is shared by the tests
        with engine.begin() as conn:
            conn.exec_driver_sql(f"UPDATE alembic_version SET version_num = '{head_revision()}'")
    assert code == 1 and "db upgrade" in found["migrations"]["message"]
    assert found["disk"]["level"] == "PROBLEM" and "TRACKER_DOCTOR_MIN_FREE_MB" in found["disk"]["message"]


def test_an_unreachable_database_is_a_problem(tmp_path):
    app = create_app({"TRACKER_DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none",
                      "TRACKER_AUTO_MIGRATE": False, "TRACKER_HOME_PAGE": HOME, "TRACKER_FORWARD_CONFIG": ""})
    app.instance_path = str(tmp_path)
    code, found = doctor(app)
    assert code == 1 and "cannot connect" in found["database"]["message"]


def test_forwarding_trouble_is_a_problem(app, portal, tmp_path):
    config = tmp_path / "f.toml"
    config.write_text('[[upstream]]\nname = "sector"\nendpoint = "http://127.0.0.1:9/xapi/"\n'
                      'username = "k"\npassword = "s"\n')
    url = app.config["TRACKER_DATABASE_URL"]
    forwarding = create_app({"TRACKER_DATABASE_URL": url, "TRACKER_DATABASE_SCHEMA": app.config["TRACKER_DATABASE_SCHEMA"],
                             "TRACKER_HOME_PAGE": HOME, "TRACKER_FORWARD_CONFIG": str(config),
                             "TRACKER_CORS_ORIGINS": ("https://portal.test",), "TRACKER_AUTO_MIGRATE": False})
    forwarding.instance_path = str(tmp_path / "i")
    code, found = doctor(forwarding)
    assert code == 0 and found["forwarding sector"]["level"] == "ok", found
    with app.extensions["tracker"].engine.begin() as conn:
        conn.execute(forward_upstreams.insert().values(upstream="sector", failures=4, last_error="HTTP 503: down"))
        conn.execute(forward_outbox.insert().values(upstream="sector", statement_seq=1, statement_id="x",
                                                    status="parked", attempts=1, reason="HTTP 400: bad",
                                                    queued_at="2026-01-01T00:00:00.000000Z"))
        conn.execute(forward_outbox.insert().values(upstream="sector", statement_seq=2, statement_id="y",
                                                    status="pending", attempts=0,
                                                    queued_at="2020-01-01T00:00:00.000000Z"))
    code, found = doctor(forwarding)
    message = found["forwarding sector"]["message"]
    assert code == 1 and "4 failed attempt(s)" in message and "1 statement(s) parked" in message
    assert "waiting since 2020" in message
    forwarding.extensions["tracker"].engine.dispose()


def test_bad_settings_stop_doctor_with_the_list_not_a_traceback(tmp_path):
    from click.testing import CliRunner
    from flask.cli import cli

    result = CliRunner().invoke(cli, ["--app", "tracker", "doctor"], env={
        "TRACKER_DATABASE_URL": f"sqlite:///{tmp_path / 'd.sqlite3'}", "TRACKER_MAX_BODY_BYTES": "lots",
        "TRACKER_FORWARD_INTERVAL": "soon"})
    assert result.exit_code == 1
    assert "TRACKER_MAX_BODY_BYTES: expected an integer" in result.output
    assert "TRACKER_FORWARD_INTERVAL: expected a number of seconds" in result.output
    assert "Traceback" not in result.output
