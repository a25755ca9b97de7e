"""Fixtures: a loaded portal and signed-in learners (through the CLI and the real code exchange)."""
from __future__ import annotations

import json
from urllib.parse import urlsplit

import pytest

from operations_samples import COMPLETED, MODULE, REFLECTED, ROOT, SHARED


@pytest.fixture
def portal(app, runner, tmp_path):
    folder = tmp_path / "site" / "zorg"
    folder.mkdir(parents=True)
    (folder / "xapi-manifest.json").write_text(json.dumps({
        "portal": "zorg", "title": "Pad zorg", "root": ROOT, "verbs": [COMPLETED, REFLECTED, SHARED],
        "activities": [{"id": ROOT, "type": "http://adlnet.gov/expapi/activities/course", "name": "Zorg"},
                       {"id": MODULE, "type": "http://adlnet.gov/expapi/activities/module",
                        "name": "Veiligheid"}]}))
    result = runner.invoke(args=["portals", "load", str(tmp_path / "site")])
    assert result.exit_code == 0, result.output
    return "zorg"


@pytest.fixture
def sign_in(app, client, runner, portal, tmp_path):
    """sign_in(name) -> {"id", "actor", "headers", "code"}: a learner added by the CLI, signed in."""
    def signed_in(name: str = "Anna de Vries", **options) -> dict:
        args = ["learners", "add", "--name", name, "--role", "zorg", "--json", "--no-terminal-qr",
                "--qr-dir", str(tmp_path / "qr")]
        for option, value in options.items():
            args += [f"--{option}", value]
        made = runner.invoke(args=args)
        assert made.exit_code == 0, made.output
        learner = json.loads(made.output)
        code = urlsplit(learner["link"]).fragment.split("=", 1)[1]
        answer = client.post("/portal/session", json={"code": code})
        assert answer.status_code == 200, answer.get_json()
        token = answer.get_json()["token"]
        return {"id": learner["id"], "actor": learner["actor"], "code": code, "token": token,
                "headers": {"Authorization": f"Bearer {token}", "X-Experience-API-Version": "1.0.3"}}
    return signed_in

