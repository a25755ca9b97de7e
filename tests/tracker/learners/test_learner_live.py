"""A live tracker on a loopback port: a page's sign-in over HTTP, then a real xAPI client with the token."""
from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request

import pytest
from tincan import Activity, Agent, AgentAccount, RemoteLRS, Statement, Verb
from werkzeug.serving import make_server

from learner_samples import COMPLETED, MODULE, TECHNIEK, write_site
from tracker import create_app
from tracker.learners.portals import read_manifest
from tracker.learners.sign_in import create_learner, issue_link
from tracker.learners.state import learner_state

ORIGIN = "http://127.0.0.1:8000"


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """(base URL, one-time code) of a tracker served by werkzeug on 127.0.0.1 with the zorg manifest."""
    folder = tmp_path_factory.mktemp("learner-live")
    app = create_app({"TRACKER_DATABASE_URL": f"sqlite:///{folder / 'tracker.sqlite3'}",
                      "TRACKER_CORS_ORIGINS": (ORIGIN,)})
    site = write_site(folder / "site")
    with app.app_context():
        state = learner_state()
        state.portals.replace(read_manifest(site / "zorg" / "xapi-manifest.json"), "2026-01-01T00:00:00Z")
        learner = create_learner(state.learners, name="Anna", role="zorg",
                                 home_page=app.config["TRACKER_HOME_PAGE"])
        code = issue_link(state.learners, learner, "http://127.0.0.1:8000/", 600).code
    server = make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/", code
    server.shutdown()
    app.extensions["tracker"].engine.dispose()


def post_json(url: str, body: dict) -> tuple[int, dict, dict]:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST", headers={
        "Content-Type": "application/json", "Origin": ORIGIN})
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, dict(answer.headers), json.loads(answer.read())
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), json.loads(error.read())


def test_sign_in_then_track_with_a_real_xapi_client(live):
    base, code = live
    status, headers, session = post_json(base + "portal/session", {"code": code})
    assert status == 200 and headers["Access-Control-Allow-Origin"] == ORIGIN
    assert session["endpoint"] == base + "xapi/"
    lrs = RemoteLRS(endpoint=session["endpoint"], version="1.0.3",
                    auth=f"Bearer {session['token']}")
    me = Agent(account=AgentAccount(home_page=session["actor"]["account"]["homePage"],
                                    name=session["actor"]["account"]["name"]))
    done = Verb(id=COMPLETED, display={"nl-NL": "voltooide"})
    saved = lrs.save_statement(Statement(actor=me, verb=done, object=Activity(id=MODULE)))
    assert saved.success, saved.data
    elsewhere = lrs.save_statement(Statement(actor=me, verb=done, object=Activity(id=TECHNIEK)))
    assert not elsewhere.success and elsewhere.response.status == 403
    found = lrs.query_statements({"agent": me})
    assert found.success and [s.object.id for s in found.content.statements] == [MODULE]

    again_status, _headers, again = post_json(base + "portal/session", {"code": code})
    assert again_status == 401 and again["error"]["code"] == "used"
