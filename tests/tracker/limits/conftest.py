"""Fixtures for the hardening tests: signed-in learners on loaded portals (as in tests/tracker/learners)."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "learners"))

from learner_samples import new_link, write_site  # noqa: E402


@pytest.fixture
def loaded(app, runner, tmp_path):
    site = write_site(tmp_path / "site")
    result = runner.invoke(args=["portals", "load", str(site)])
    assert result.exit_code == 0, result.output
    return site


@pytest.fixture
def sign_in(app, client, loaded):
    """sign_in(name, role) -> the /portal/session answer plus `headers` for xAPI calls with its token."""
    def signed_in(name: str = "Anna", role: str = "zorg") -> dict:
        _learner, link = new_link(app, name, role)
        answer = client.post("/portal/session", json={"code": link.code})
        assert answer.status_code == 200, answer.get_json()
        session = answer.get_json()
        session["headers"] = {"Authorization": f"Bearer {session['token']}",
                              "X-Experience-API-Version": "1.0.3"}
        return session
    return signed_in


@pytest.fixture(scope="session")
def live(tmp_path_factory):
    """A tracker under gunicorn (2 workers, 64 KiB body limit) and the Authorization of an `all` credential."""
    from live_gunicorn import make_credential, start

    workdir = tmp_path_factory.mktemp("live")
    url = f"sqlite:///{workdir / 'tracker.sqlite3'}"
    authorization = make_credential(url)
    server = start(url, workdir, env={"TRACKER_MAX_BODY_BYTES": str(64 * 1024),
                                      "TRACKER_AUTH_FAILURES_PER_ADDRESS": "1000"}, args=("--preload",))
    server.authorization = authorization
    yield server
    server.stop()
