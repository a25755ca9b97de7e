"""CSRF: every POST route under /team/ (found in app.url_map, so a new route is covered as soon as
it exists) refuses a request without a valid token and changes nothing, with WTF_CSRF_ENABLED on."""
from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from signin_fixtures import (new_link_path, oidc_config, oidc_provider, provider, staff_cookie,  # noqa: F401
                             staff_org)
from team_samples import csrf_token, write_site
from tracker.storage.schema import metadata

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # the provider mock's Authlib use

# endpoint -> (who posts: a staff name from the `org` fixture or None, URL values, form data that
# would be accepted with a valid token). Values given as "Name" placeholders are filled in per test.
SAMPLES = {
    "team.add_location": ("Admin", {}, {"loc-name": "De Rups", "loc-kind": "bso"}),
    "team.add_team": ("Admin", {}, {"team-name": "Egels", "team-location": "de-vlinder"}),
    "team.add_staff": ("Admin", {}, {"staff-name": "Nieuwe coach", "staff-email": "nieuw@vlinder.test",
                                     "staff-role": "coach", "staff-scope": "rupsen"}),
    "team.staff_action": ("Admin", {"staff_id": "staff:Coach2", "action": "intrekken"}, {}),
    "team.learner_update": ("Admin", {"learner_id": "learner:Anna"},
                            {"hours-hours": "24", "hours-effective_from": "2026-01-01"}),
    "team.confirm": ("Coach", {}, {"kind": "coaching", "step": "", "held_on": "2026-01-05", "minutes": "45",
                                   "participants": "learner:Anna"}),
    "team.feedback": ("Coach", {"learner_id": "learner:Anna"}, {"reactie-statement": "0" * 36, "reactie-text": "Mooi gezien."}),
    "team.note": ("Coach", {"learner_id": "learner:Anna"}, {"notitie-text": "Anna wil meer over observeren."}),
    "team.sign_in": (None, {}, {"email": "coach@vlinder.test"}),
    "team.sign_in_with_link": (None, {"code": "link:Coach"}, {}),
    "team.sign_out": ("Coach", {}, {}),
    "team.oidc_start": (None, {}, {"next": "/team/"}),
    "compliance.upload": ("Manager", {"learner_id": "learner:Anna"}, {"cert-done_on": "2026-01-05"}),
    "compliance.manual_entry": ("Manager", {"learner_id": "learner:Anna"}, {"man-done_on": "2026-01-05"}),
    "compliance.revoke_evidence": ("Manager", {"learner_id": "learner:Anna", "evidence_id": 1},
                                   {"rev-reason": "Verkeerd bestand."}),
    "compliance.tag": ("Manager", {"learner_id": "learner:Anna"}, {"tag-tag": "babies", "tag-state": "aan"}),
    "compliance.ikk_sheet": ("Manager", {}, {"ikk-location": "de-vlinder", "ikk-hours": "10"}),
}
# Endpoints whose sample, sent WITH a valid token, must change the database: proof that the
# samples are real requests, so the refusal without a token is the token's doing.
ACCEPTED_WITH_TOKEN = ("team.add_location", "team.add_team", "team.add_staff", "team.staff_action",
                       "team.learner_update", "team.confirm", "team.note", "team.sign_in",
                       "team.sign_in_with_link", "team.sign_out")
# Columns a refused request may still touch: a session's last request time, the audit of a page view.
IGNORED_COLUMNS = {("staff_sessions", "last_seen_at")}


def team_post_routes(app) -> dict[str, str]:
    return {rule.endpoint: rule.rule for rule in app.url_map.iter_rules()
            if rule.rule.startswith("/team/") and "POST" in rule.methods}


def snapshot(app) -> dict[str, list]:
    """Every row of every table (minus IGNORED_COLUMNS), to compare before and after a request."""
    engine = app.extensions["tracker"].engine
    tables = {}
    with engine.connect() as conn:
        for table in metadata.sorted_tables:
            columns = [c for c in table.columns if (table.name, c.name) not in IGNORED_COLUMNS]
            tables[table.name] = sorted(tuple(str(v) for v in row) for row in conn.execute(table.select()
                                                                                           .with_only_columns(*columns)))
    return tables


def changed(before: dict, after: dict) -> list[str]:
    return [name for name in before if before[name] != after[name]
            and not (name == "audit_log" and _only_views(before[name], after[name]))]


def _only_views(before: list, after: list) -> bool:
    """A refused form may show its page again, and showing a person's page is audited."""
    added = [row for row in after if row not in before]
    return len(after) > len(before) and all(any("view" in str(v) for v in row) for row in added)


def _fill(app, org, values: dict) -> dict:
    filled = {}
    for key, value in values.items():
        if isinstance(value, str) and value.startswith("learner:"):
            value = org.learners[value.split(":", 1)[1]].id
        elif isinstance(value, str) and value.startswith("staff:"):
            value = org.staff[value.split(":", 1)[1]].id
        elif isinstance(value, str) and value.startswith("link:"):
            value = new_link_path(app, org.staff[value.split(":", 1)[1]]).rsplit("/", 1)[1]
        filled[key] = value
    return filled


def _client(app, org, endpoint: str):
    who = SAMPLES[endpoint][0]
    return org.sign_in(who) if who else app.test_client()


def _prepare(app, org, endpoint: str, *, token_from: str, client=None):
    """(client, url, data) to post the sample with: no token, a made-up one, another browser's, or this one's."""
    who, values, data = SAMPLES[endpoint]
    client = client or _client(app, org, endpoint)
    page = client.get("/team/aanmelden" if who is None else "/team/", follow_redirects=True).get_data(as_text=True)
    with app.test_request_context():
        from flask import url_for
        url = url_for(endpoint, **_fill(app, org, values))
    data = _fill(app, org, data)
    if token_from == "other browser":
        other = app.test_client()
        data["csrf_token"] = csrf_token(other.get("/team/aanmelden").get_data(as_text=True))
    elif token_from == "made up":
        data["csrf_token"] = "IjAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAwMDAi.aAAAAA.forged"
    elif token_from == "this browser":
        data["csrf_token"] = csrf_token(page)
    if "csrf_token" in data:  # a form with a prefix names its token field with it too
        prefixes = {key.split("-", 1)[0] for key in data if "-" in key}
        if len(prefixes) == 1:
            data[f"{prefixes.pop()}-csrf_token"] = data.pop("csrf_token")
    return client, url, data


def test_every_post_route_under_team_has_a_sample(app):
    missing = sorted(set(team_post_routes(app)) - set(SAMPLES))
    assert missing == [], f"add a sample request for {missing} to SAMPLES in {__file__}"


@pytest.fixture
def csrf_org(app, runner, staff_org, provider, monkeypatch, tmp_path):
    """Staff, one learner (Anna in Rupsen) and e-mail and OpenID Connect switched on."""
    result = runner.invoke(args=["portals", "load", str(write_site(tmp_path / "site"))])
    assert result.exit_code == 0, result.output
    staff_org.learner("Anna", "rupsen")
    monkeypatch.setattr("email_validator.TEST_ENVIRONMENT", True)  # the staff use @vlinder.test
    oidc_config(app, provider)
    app.config["TRACKER_SMTP_URL"] = "smtp://127.0.0.1:9"  # e-mail on (nothing listens): links get made
    assert app.config.get("WTF_CSRF_ENABLED", True) is True
    return staff_org


@pytest.mark.parametrize("endpoint", sorted(SAMPLES))
def test_a_post_without_a_valid_token_is_refused_and_changes_nothing(app, csrf_org, endpoint):
    if endpoint not in team_post_routes(app):
        pytest.skip(f"{endpoint} is not registered in this tree")
    browser = _client(app, csrf_org, endpoint)
    for token_from in ("none", "made up", "other browser"):
        client, url, data = _prepare(app, csrf_org, endpoint, token_from=token_from, client=browser)
        before = snapshot(app)
        answer = client.post(url, data=data)
        html = answer.get_data(as_text=True)
        assert answer.status_code < 500, f"{endpoint} with {token_from} token: {answer.status_code}\n{html[:2000]}"
        assert staff_cookie(answer) is None
        assert changed(before, snapshot(app)) == [], f"{endpoint} with {token_from} token changed the database"
        if answer.status_code in (301, 302, 303):  # refused with a message on the page it sends you to
            assert urlsplit(answer.headers["Location"]).netloc in ("", "localhost"), answer.headers["Location"]


@pytest.mark.parametrize("endpoint", ACCEPTED_WITH_TOKEN)
def test_the_same_post_with_its_token_is_accepted(app, csrf_org, endpoint):
    client, url, data = _prepare(app, csrf_org, endpoint, token_from="this browser")
    before = snapshot(app)
    answer = client.post(url, data=data)
    assert answer.status_code in (302, 303), f"{endpoint}: {answer.status_code}\n{answer.get_data(as_text=True)[:2000]}"
    assert changed(before, snapshot(app)) != [], f"{endpoint} with a valid token changed nothing"


def test_the_oidc_start_with_its_token_goes_to_the_issuer(app, client, csrf_org, provider):
    client, url, data = _prepare(app, csrf_org, "team.oidc_start", token_from="this browser")
    answer = client.post(url, data=data)
    assert answer.status_code == 303 and answer.headers["Location"].startswith(provider.issuer)
