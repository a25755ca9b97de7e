"""Fixtures: loaded portal manifests and signed-in learners (a real code exchange through the API)."""
from __future__ import annotations

import pytest

from learner_samples import write_site
from tracker.learners.sign_in import create_learner, issue_link
from tracker.learners.state import learner_state


@pytest.fixture
def site(tmp_path):
    return write_site(tmp_path / "site")


@pytest.fixture
def loaded(app, runner, site):
    result = runner.invoke(args=["portals", "load", str(site)])
    assert result.exit_code == 0, result.output
    return site


def new_link(app, name: str = "Anna", role: str = "zorg"):
    """(learner, link) made by the service layer, as `learners add` does."""
    with app.app_context():
        store = learner_state().learners
        learner = create_learner(store, name=name, role=role,
                                 home_page=app.config["TRACKER_HOME_PAGE"])
        link = issue_link(store, learner, app.config["TRACKER_PORTAL_URL"], app.config["TRACKER_LINK_TTL"])
    return learner, link


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
