"""`make demo`'s organisation (scripts/demo_org.py) against a real tracker on loopback and the built demo
portals: structure, learners whose progress went through the xAPI API, a coach's confirmations and
answer made through the team pages, the compliance year, and sign-in links that work."""
from __future__ import annotations

import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts"))


@pytest.fixture
def tracker_server(tmp_path):
    werkzeug_serving = pytest.importorskip("werkzeug.serving")
    from tracker import create_app

    app = create_app({"TRACKER_DATABASE_URL": f"sqlite:///{tmp_path / 'tracker.sqlite3'}",
                      "TRACKER_HOME_PAGE": "https://tracker.leerpad.test"})
    server = werkzeug_serving.make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield app, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


def test_the_demo_organisation_is_made_through_the_real_api(demo_site, tracker_server):
    import demo_org
    from tracker.team.tables import confirmations, locations, reflection_feedback, teams

    app, url = tracker_server
    runner = app.test_cli_runner()

    def flask(*args, quiet=False):
        result = runner.invoke(args=list(args))
        return subprocess.CompletedProcess(args, result.exit_code, result.stdout, result.stderr)

    assert flask("portals", "load", str(demo_site)).returncode == 0
    chosen = [p for p in demo_org.PEOPLE if p[0] in (
        "Sanne de Vries", "Youssef El Amrani", "Lotte Jansen", "Mila de Boer", "Ayşe Kaya", "Tim Vos",
        "Eva van Dijk", "Milan Brouwer", "Kevin Smit", "Zoë Smits")]
    links = demo_org.seed(url, demo_site, flask, people=chosen)
    assert set(links) == {"coach", "coach2", "manager", "admin"}
    assert demo_org.seed(url, demo_site, flask, people=chosen) is None  # once only
    engine = app.extensions["tracker"].engine
    with engine.connect() as conn:
        count = lambda table: conn.execute(select(func.count()).select_from(table)).scalar()  # noqa: E731
        assert (count(locations), count(teams)) == (2, 4)
        assert count(confirmations) >= 4 and count(reflection_feedback) >= 1
    listed = json.loads(flask("learners", "list", "--json").stdout)
    assert len(listed) == len(chosen) and all(l["team"] for l in listed)
    ikk = json.loads(flask("compliance", "ikk", "--year", str(__import__("datetime").date.today().year),
                           "--json").stdout)
    assert ikk["organisation"]["kindercentra"] == 2
    manager_link = json.loads(flask("staff", "link", "Sandra Koster", "--json").stdout)["link"]
    client = app.test_client()
    path = manager_link[manager_link.index("/team/"):]
    import re

    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', client.get(path).get_data(as_text=True))
    assert client.post(path, data={"csrf_token": token.group(1)}).status_code == 302
    grid = client.get("/team/").get_data(as_text=True)
    assert "Sanne de Vries" in grid and "bevestigd door" in grid
