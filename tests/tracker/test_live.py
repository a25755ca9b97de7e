"""A live tracker on a loopback port, driven by a real xAPI client (`tincan.RemoteLRS`),
and the same app under gunicorn."""
from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
import uuid
from pathlib import Path

import pytest
from tincan import (Activity, Agent, AgentAccount, RemoteLRS, Statement, StatementRef, Verb)
from tincan.documents import StateDocument
from werkzeug.serving import make_server

from tracker import create_app
from tracker.services.credentials import create_credential

VOIDED = "http://adlnet.gov/expapi/verbs/voided"


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """(endpoint, key, secret) of a tracker served by werkzeug in a thread on 127.0.0.1."""
    path = tmp_path_factory.mktemp("live") / "tracker.sqlite3"
    app = create_app({"TRACKER_DATABASE_URL": f"sqlite:///{path}", "TRACKER_QUERY_LIMIT": 3})
    with app.app_context():
        credential, secret = create_credential(app.extensions["tracker"].credentials, "live", ["all"],
                                               "https://tracker.test.invalid")
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/xapi/", credential.key, secret
    server.shutdown()
    app.extensions["tracker"].engine.dispose()


@pytest.fixture
def lrs(live):
    endpoint, key, secret = live
    return RemoteLRS(endpoint=endpoint, version="1.0.3", username=key, password=secret)


def learner(name: str) -> Agent:
    return Agent(account=AgentAccount(home_page="https://leerpad.test", name=name))


def completed(actor: Agent, activity: str) -> Statement:
    return Statement(actor=actor, verb=Verb(id="http://adlnet.gov/expapi/verbs/completed",
                                            display={"en-US": "completed"}),
                     object=Activity(id=activity))


def test_save_and_retrieve(lrs):
    saved = lrs.save_statement(completed(learner("anna"), "https://leerpad.test/m/1"))
    assert saved.success, saved.data
    got = lrs.retrieve_statement(saved.content.id)
    assert got.success and str(got.content.id) == str(saved.content.id)
    assert got.content.actor.account.name == "anna"
    assert got.content.authority is not None and got.content.stored is not None


def test_query_with_more(lrs):
    """Five statements by one learner come back over pages of three, each exactly once."""
    person = learner(f"bert-{uuid.uuid4().hex[:6]}")
    sent = [lrs.save_statement(completed(person, f"https://leerpad.test/m/{i}")).content.id
            for i in range(5)]
    result = lrs.query_statements({"agent": person})
    assert result.success, result.data
    seen = [s.id for s in result.content.statements]
    more = result.content.more
    assert more
    while more:
        page = lrs.more_statements(more)
        assert page.success, page.data
        seen += [s.id for s in page.content.statements]
        more = page.content.more
    assert [str(s) for s in seen] == [str(s) for s in reversed(sent)]


def test_void(lrs):
    target = lrs.save_statement(completed(learner("carl"), "https://leerpad.test/m/v")).content
    voiding = Statement(actor=learner("carl"), verb=Verb(id=VOIDED, display={"en-US": "voided"}),
                        object=StatementRef(id=target.id))
    assert lrs.save_statement(voiding).success
    assert not lrs.retrieve_statement(target.id).success
    voided = lrs.retrieve_voided_statement(target.id)
    assert voided.success and str(voided.content.id) == str(target.id)


def test_state_documents(lrs):
    activity = Activity(id="https://leerpad.test/m/intake")
    state = StateDocument(activity=activity, agent=learner("dina"), id="intake",
                          content=json.dumps({"answer": "ja"}), content_type="application/json")
    assert lrs.save_state(state).success
    got = lrs.retrieve_state(activity, learner("dina"), "intake")
    assert got.success and json.loads(got.content.content) == {"answer": "ja"}
    ids = lrs.retrieve_state_ids(activity, learner("dina"))
    assert ids.success and ids.content == ["intake"]
    assert lrs.delete_state(got.content).success
    gone = lrs.retrieve_state(activity, learner("dina"), "intake")
    assert gone.response.status == 404


def test_about(lrs):
    about = lrs.about()
    assert about.success and "1.0.3" in about.content.version


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_runs_under_gunicorn_with_fresh_database(tmp_path):
    """gunicorn with two workers creates and migrates a new database on first start."""
    url = f"sqlite:///{tmp_path / 'gunicorn.sqlite3'}"
    port = _free_port()
    env = {**os.environ, "TRACKER_DATABASE_URL": url}
    root = Path(__file__).resolve().parents[2]
    server = subprocess.Popen([sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{port}",
                               "tracker:create_app()"], cwd=root, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.time() + 20
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/xapi/about", timeout=2) as answer:
                    assert answer.headers["X-Experience-API-Version"]
                    break
            except OSError:
                if time.time() > deadline or server.poll() is not None:
                    pytest.fail(server.stderr.read().decode() if server.poll() is not None else "no answer")
                time.sleep(0.2)
        made = subprocess.run([sys.executable, "-m", "flask", "--app", "tracker", "credentials", "create",
                               "gunicorn", "--scope", "all", "--json"], cwd=root, env=env,
                              capture_output=True, text=True, check=True)
        made = json.loads(made.stdout)
        lrs = RemoteLRS(endpoint=f"http://127.0.0.1:{port}/xapi/", version="1.0.3",
                        username=made["key"], password=made["secret"])
        saved = [lrs.save_statement(completed(learner("eva"), "https://leerpad.test/m/g")) for _ in range(4)]
        assert all(s.success for s in saved)
        assert len(lrs.query_statements({"agent": learner("eva")}).content.statements) == 4
    finally:
        server.terminate()
        server.wait(timeout=10)
