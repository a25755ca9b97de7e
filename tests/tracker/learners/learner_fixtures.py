"""Fixtures shared by the learner and hardening tests: loaded portal manifests and signed-in learners
(a real code exchange through the API). Conftests import them by name."""
from __future__ import annotations

import pytest

from learner_samples import new_link, write_site


@pytest.fixture
def site(tmp_path):
    return write_site(tmp_path / "site")


@pytest.fixture
def loaded(app, runner, site):
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
