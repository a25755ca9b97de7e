"""Regenerate fixtures/release1.sqlite3: a database made by the tracker's first release.

The first release is the last commit whose newest migration is 0001 (the xAPI LRS before learners,
migration 0002). Its `tracker/` is taken from git history into a temporary folder (`git archive`,
the working tree is not touched) and run in a child Python process that stores statements (one
voided, one with an attachment), State and profile documents and a credential through its own API.

    .venv/bin/python tests/tracker/operations/make_release1_database.py
"""
from __future__ import annotations

import io
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
FIXTURE = Path(__file__).resolve().parent / "fixtures" / "release1.sqlite3"
CREDENTIAL = FIXTURE.with_name("release1-credential.json")
RELEASE1 = "6a986d5"  # tracker: conformance fixes (parent of the commit adding 0002_learners)

CHILD = r'''
import base64, hashlib, json, sqlite3, sys
from tracker import create_app
from tracker.services.credentials import create_credential
from tracker.xapi.attachments import build_multipart

path = sys.argv[1]
app = create_app({"TRACKER_DATABASE_URL": f"sqlite:///{path}", "TRACKER_HOME_PAGE": "https://release1.test"})
with app.app_context():
    credential, secret = create_credential(app.extensions["tracker"].credentials, "release 1", ["all"],
                                           "https://release1.test")
auth = "Basic " + base64.b64encode(f"{credential.key}:{secret}".encode()).decode()
headers = {"Authorization": auth, "X-Experience-API-Version": "1.0.3"}
client = app.test_client()

def actor(name):
    return {"objectType": "Agent", "account": {"homePage": "https://leerpad.test", "name": name}}

def statement(n, name, verb="http://adlnet.gov/expapi/verbs/completed", **extra):
    body = {"id": f"00000000-0000-4000-8000-{n:012d}", "actor": actor(name),
            "verb": {"id": verb, "display": {"nl-NL": "voltooide"}},
            "object": {"id": f"https://leerpad.test/zorg/modules/m{n % 4}/",
                       "definition": {"name": {"nl-NL": f"Module {n % 4}"}}},
            "timestamp": f"2026-11-{1 + n % 27:02d}T10:00:00Z"}
    body.update(extra)
    return body

batch = [statement(n, ["anna", "bert", "carla"][n % 3]) for n in range(1, 31)]
batch.append(statement(31, "anna", verb="http://adlnet.gov/expapi/verbs/voided",
                       object={"objectType": "StatementRef", "id": batch[0]["id"]}))
answer = client.post("/xapi/statements", json=batch, headers=headers)
assert answer.status_code == 200, answer.get_json()
content = b"verslag release 1\n"
sha2 = hashlib.sha256(content).hexdigest()
with_file = statement(32, "bert", attachments=[{
    "usageType": "http://id.tincanapi.com/attachment/supporting_media", "display": {"nl-NL": "verslag"},
    "contentType": "text/plain", "length": len(content), "sha2": sha2}])
payload, kind = build_multipart(json.dumps(with_file).encode(), [(sha2, "text/plain", content)])
answer = client.post("/xapi/statements", data=payload, content_type=kind, headers=headers)
assert answer.status_code == 200, answer.get_json()
for state_id, value in (("voortgang", {"stap": 2}), ("intake", {"ervaring": "starter"})):
    answer = client.put("/xapi/activities/state", data=json.dumps(value), content_type="application/json",
                        headers=headers, query_string={"activityId": "https://leerpad.test/zorg/",
                                                       "agent": json.dumps(actor("anna")), "stateId": state_id})
    assert answer.status_code == 204, answer.get_json()
answer = client.put("/xapi/agents/profile", data=json.dumps({"taal": "nl"}), content_type="application/json",
                    headers=dict(headers, **{"If-None-Match": "*"}),
                    query_string={"agent": json.dumps(actor("bert")), "profileId": "voorkeuren"})
assert answer.status_code == 204, answer.get_json()
app.extensions["tracker"].engine.dispose()
with open(sys.argv[2], "w") as out:  # a test-only credential, so the test can use the old one
    json.dump({"key": credential.key, "secret": secret}, out)
db = sqlite3.connect(path)
db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
db.execute("PRAGMA journal_mode=DELETE")
db.execute("VACUUM")
db.close()
'''


def main() -> None:
    archive = subprocess.run(["git", "archive", "--format=tar", RELEASE1, "tracker"], cwd=ROOT,
                             capture_output=True, check=True).stdout
    with tempfile.TemporaryDirectory(prefix="leerpad-release1-") as folder:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            tar.extractall(folder, filter="data")
        database = Path(folder) / "release1.sqlite3"
        subprocess.run([sys.executable, "-c", CHILD, str(database), str(CREDENTIAL)], cwd=folder, check=True,
                       env={"PATH": "/usr/bin:/bin", "PYTHONPATH": folder, "PYTHONNOUSERSITE": "1"})
        FIXTURE.parent.mkdir(parents=True, exist_ok=True)
        FIXTURE.write_bytes(database.read_bytes())
    print(f"wrote {FIXTURE.relative_to(ROOT)} ({FIXTURE.stat().st_size} bytes) from {RELEASE1}")


if __name__ == "__main__":
    main()
