"""`flask --app tracker db upgrade` on a copy of a database made by the first release (fixtures/)."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from tracker import create_app
from tracker.storage.database import current_revision, head_revision
from tracker.storage.schema import metadata
from tracker.xapi.attachments import parse_multipart
from tracker_samples import basic

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = Path(__file__).resolve().parent / "fixtures"
FIRST = "00000000-0000-4000-8000-000000000001"
WITH_FILE = "00000000-0000-4000-8000-000000000032"


def test_db_upgrade_migrates_a_first_release_database(tmp_path):
    path = tmp_path / "tracker.sqlite3"
    shutil.copyfile(FIXTURES / "release1.sqlite3", path)
    env = {**os.environ, "TRACKER_DATABASE_URL": f"sqlite:///{path}", "TRACKER_AUTO_MIGRATE": "false",
           "TRACKER_FORWARD_CONFIG": ""}
    done = subprocess.run([sys.executable, "-m", "flask", "--app", "tracker", "db", "upgrade"], cwd=ROOT,
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"database at revision {head_revision()}" in done.stdout

    app = create_app({"TRACKER_DATABASE_URL": f"sqlite:///{path}", "TRACKER_AUTO_MIGRATE": False,
                      "TRACKER_FORWARD_CONFIG": ""})
    engine = app.extensions["tracker"].engine
    try:
        assert current_revision(engine) == head_revision()
        with engine.connect() as conn:
            assert compare_metadata(MigrationContext.configure(conn), metadata) == []
        old = json.loads((FIXTURES / "release1-credential.json").read_text())
        headers = {"Authorization": basic(old["key"], old["secret"]), "X-Experience-API-Version": "1.0.3"}
        client = app.test_client()
        anna = json.dumps({"objectType": "Agent", "account": {"homePage": "https://leerpad.test", "name": "anna"}})
        listed = client.get("/xapi/statements", query_string={"agent": anna, "limit": 100}, headers=headers)
        assert listed.status_code == 200, listed.get_json()
        assert len(listed.get_json()["statements"]) == 11  # ten completions by anna and her voiding statement
        assert client.get("/xapi/statements", query_string={"statementId": FIRST}, headers=headers).status_code == 404
        voided = client.get("/xapi/statements", query_string={"voidedStatementId": FIRST}, headers=headers)
        assert voided.status_code == 200 and voided.get_json()["id"] == FIRST
        got = client.get("/xapi/statements", query_string={"statementId": WITH_FILE, "attachments": "true"},
                         headers=headers)
        _, parts = parse_multipart(got.data, got.content_type)
        assert list(parts.values()) == [("text/plain", b"verslag release 1\n")]
        state = client.get("/xapi/activities/state", headers=headers, query_string={
            "activityId": "https://leerpad.test/zorg/", "agent": anna, "stateId": "voortgang"})
        assert state.status_code == 200 and state.get_json() == {"stap": 2}
        # The upgraded database takes new statements, in the same sequence.
        posted = client.post("/xapi/statements", headers=headers, json={
            "actor": json.loads(anna), "verb": {"id": "http://adlnet.gov/expapi/verbs/completed"},
            "object": {"id": "https://leerpad.test/zorg/modules/nieuw/"}})
        assert posted.status_code == 200, posted.get_json()
    finally:
        engine.dispose()
