"""`flask --app tracker credentials ...` and `db ...` commands."""
from __future__ import annotations

import base64
import json

from tracker_samples import statement


def create(runner, *args):
    result = runner.invoke(args=["credentials", "create", *args])
    assert result.exit_code == 0, result.output
    return result


def test_create_json_gives_a_working_credential(runner, client):
    made = json.loads(create(runner, "portal zorg", "--scope", "statements/write",
                             "--scope", "statements/read", "--json").output)
    assert made["scopes"] == ["statements/write", "statements/read"]
    assert made["authority"]["account"]["name"] == made["key"]
    auth = base64.b64encode(f"{made['key']}:{made['secret']}".encode()).decode()
    headers = {"Authorization": f"Basic {auth}", "X-Experience-API-Version": "1.0.3"}
    assert client.post("/xapi/statements", json=statement(), headers=headers).status_code == 200


def test_create_text_output_shows_key_and_secret(runner):
    output = create(runner, "reporting", "--scope", "all/read").output
    assert "key:" in output and "secret:" in output


def test_unknown_scope_is_refused(runner):
    result = runner.invoke(args=["credentials", "create", "x", "--scope", "everything"])
    assert result.exit_code != 0 and "everything" in result.output


def test_list_never_shows_secrets(runner):
    made = json.loads(create(runner, "a", "--scope", "all", "--json").output)
    listed = json.loads(runner.invoke(args=["credentials", "list", "--json"]).output)
    assert [c["key"] for c in listed] == [made["key"]]
    assert made["secret"] not in runner.invoke(args=["credentials", "list"]).output
    assert "secret_hash" not in listed[0]


def test_revoke_marks_and_refuses_twice(runner):
    made = json.loads(create(runner, "a", "--scope", "all", "--json").output)
    assert runner.invoke(args=["credentials", "revoke", made["key"]]).exit_code == 0
    listed = json.loads(runner.invoke(args=["credentials", "list", "--json"]).output)
    assert listed[0]["revoked_at"]
    again = runner.invoke(args=["credentials", "revoke", made["key"]])
    assert again.exit_code != 0 and "no active credential" in again.output


def test_expires_option_is_validated(runner):
    result = runner.invoke(args=["credentials", "create", "x", "--expires", "soon"])
    assert result.exit_code != 0 and "--expires" in result.output


def test_db_upgrade_and_current(runner):
    from tracker.storage.database import head_revision
    head = head_revision()
    assert f"revision {head}" in runner.invoke(args=["db", "upgrade"]).output
    assert f"current: {head}  head: {head}" in runner.invoke(args=["db", "current"]).output


def test_db_current_and_upgrade_on_an_empty_database_without_auto_migrate(tmp_path):
    """An operator who turned auto-migration off gets the revision (None), not a traceback, then upgrades."""
    from tracker import create_app

    app = create_app({"TRACKER_DATABASE_URL": f"sqlite:///{tmp_path / 'empty.sqlite3'}",
                      "TRACKER_AUTO_MIGRATE": False})
    runner = app.test_cli_runner()
    current = runner.invoke(args=["db", "current"])
    assert current.exit_code == 0 and current.output.startswith("current: None"), current.output
    upgraded = runner.invoke(args=["db", "upgrade"])
    assert upgraded.exit_code == 0 and "database at revision" in upgraded.output, upgraded.output
