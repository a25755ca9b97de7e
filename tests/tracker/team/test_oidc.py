"""OpenID Connect sign-in for staff against a real local provider (oidc-provider-mock on loopback):
the whole code flow through the tracker's pages, and every way it must refuse."""
from __future__ import annotations

import base64
import hashlib
import time
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from signin_fixtures import (oidc_config, oidc_provider, oidc_sign_in, provider, staff_cookie,  # noqa: F401
                             resigned_id_token, staff_org, start_oidc, tampered_id_token)
from tracker.config import ConfigError
from tracker.team.audit import Actor
from tracker.team.settings import TEAM_SETTINGS, _issuer
from tracker.team.state import team_state

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")  # the provider mock's Authlib use

DOCS = Path(__file__).resolve().parents[3] / "docs"


@pytest.fixture
def org(staff_org):
    """Staff (no learners: sign-in does not need them) with OpenID Connect-ready e-mail addresses."""
    return staff_org


@pytest.fixture
def oidc(app, org, provider):
    """The organisation with OpenID Connect sign-in pointed at the local provider."""
    oidc_config(app, provider)
    return provider


def _coach(provider, sub: str, **claims) -> str:
    return provider.user(sub, **{"email": "Coach@vlinder.test", "email_verified": True, **claims})


def _refused(answer, status: int, *phrases: str) -> str:
    html = answer.get_data(as_text=True)
    assert answer.status_code == status, html
    assert staff_cookie(answer) is None
    for phrase in phrases:
        assert phrase in html, html
    return html


def test_a_coach_signs_in_with_a_verified_email(app, client, org, oidc):
    answer = oidc_sign_in(client, oidc, _coach(oidc, "coach-ok"))
    assert answer.status_code == 302, answer.get_data(as_text=True)
    assert urlsplit(answer.headers["Location"]).path == "/team/"
    assert "HttpOnly" in staff_cookie(answer) and "Path=/team" in staff_cookie(answer)
    page = client.get("/team/")
    assert page.status_code == 200 and "Coach" in page.get_data(as_text=True)
    with app.app_context():
        assert team_state().staff.active_sessions(org.staff["Coach"].id) == 1
        opened = [e for e in team_state().audit.entries() if e["action"] == "session.open"]
    assert opened[0]["detail"] == {"via": "oidc"}


def test_signing_in_again_ends_the_session_the_browser_had(app, client, org, oidc):
    oidc.user("admin-ok", email="admin@vlinder.test", email_verified=True)
    assert oidc_sign_in(client, oidc, _coach(oidc, "coach-first")).status_code == 302
    assert oidc_sign_in(client, oidc, "admin-ok").status_code == 302
    with app.app_context():
        assert team_state().staff.active_sessions(org.staff["Coach"].id) == 0
        assert team_state().staff.active_sessions(org.staff["Admin"].id) == 1


def test_the_request_carries_state_nonce_and_pkce(client, org, oidc):
    start = start_oidc(client)
    assert start.status_code == 303
    query = {k: v[0] for k, v in parse_qs(urlsplit(start.headers["Location"]).query).items()}
    assert query["client_id"] == "leerpad-team" and query["response_type"] == "code"
    assert set(query["scope"].split()) == {"openid", "email", "profile"}
    assert query["redirect_uri"] == "http://localhost/team/aanmelden/oidc/terug"
    assert len(query["state"]) >= 32 and len(query["nonce"]) >= 32 and query["state"] != query["nonce"]
    assert query["code_challenge_method"] == "S256"
    client.get(oidc.authorize(start.headers["Location"], _coach(oidc, "coach-pkce")))
    verifier = oidc.token_requests[-1]["code_verifier"]
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    assert challenge == query["code_challenge"]


def test_next_is_kept_when_it_is_a_team_page_and_dropped_otherwise(client, org, oidc):
    answer = oidc_sign_in(client, oidc, _coach(oidc, "coach-next"), next_path="/team/grafieken")
    assert urlsplit(answer.headers["Location"]).path == "/team/grafieken"
    for hostile in ("https://evil.test/team/", "//evil.test/team/", "/xapi/statements"):
        answer = oidc_sign_in(client, oidc, "coach-next", next_path=hostile)
        assert urlsplit(answer.headers["Location"]).path == "/team/" and "evil" not in answer.headers["Location"]


@pytest.mark.parametrize("claims, reason", [
    ({"aud": "another-app"}, "wrong audience"),
    ({"aud": ["another-app", "a-third-app"]}, "wrong audiences"),
    ({"iss": "http://127.0.0.1:9/other-tenant"}, "wrong issuer"),
    ({"nonce": "not-the-one-we-sent"}, "wrong nonce"),
    ({"exp": int(time.time()) - 600, "iat": int(time.time()) - 4200}, "expired"),
])
def test_a_token_with_wrong_claims_is_refused(client, org, oidc, claims, reason):
    answer = oidc_sign_in(client, oidc, _coach(oidc, f"coach-{reason.replace(' ', '-')}", **claims))
    _refused(answer, 400, "kon niet worden gecontroleerd", "niet aangemeld")
    assert client.get("/team/").status_code == 302


def test_a_token_altered_on_the_way_fails_its_signature(client, org, oidc):
    """Signature via the issuer's JWKS: the payload now names the admin, the signature is the coach's."""
    oidc.tamper = lambda token: tampered_id_token(token, email="admin@vlinder.test")
    _refused(oidc_sign_in(client, oidc, _coach(oidc, "coach-tampered")), 400, "kon niet worden gecontroleerd")


def test_rotated_keys_are_fetched_again_and_unknown_keys_refused(client, org, oidc):
    """The keys are cached; a token signed with a key id the cache lacks makes the tracker fetch them again."""
    from joserfc.jwk import KeySet, RSAKey

    assert oidc_sign_in(client, oidc, _coach(oidc, "coach-before-rotation")).status_code == 302  # keys cached
    rotated, stranger = RSAKey.generate_key(2048, parameters={"kid": "2026-12"}), \
        RSAKey.generate_key(2048, parameters={"kid": "2026-12"})
    oidc.jwks = KeySet([rotated]).as_dict(private=False)
    oidc.tamper = lambda token: resigned_id_token(token, rotated)
    assert oidc_sign_in(client, oidc, _coach(oidc, "coach-after-rotation")).status_code == 302
    oidc.tamper = lambda token: resigned_id_token(token, stranger)  # same key id, another key
    _refused(oidc_sign_in(client, oidc, "coach-after-rotation"), 400, "kon niet worden gecontroleerd")


def test_the_callback_needs_the_state_this_browser_started(client, org, oidc):
    start = start_oidc(client)
    back = oidc.authorize(start.headers["Location"], _coach(oidc, "coach-state"))
    forged = back.replace("state=", "state=x")
    _refused(client.get(forged), 400, "verlopen of niet in deze browser begonnen")
    other_browser = client.application.test_client()
    _refused(other_browser.get(back), 400, "niet in deze browser begonnen")
    assert client.get(back).status_code == 302  # the real state still works, once
    _refused(client.get(back), 400, "verlopen")


def test_a_started_sign_in_expires(client, org, oidc):
    import time_machine

    start = start_oidc(client)
    back = oidc.authorize(start.headers["Location"], _coach(oidc, "coach-slow"))
    with time_machine.travel(time.time() + 11 * 60, tick=False):
        _refused(client.get(back), 400, "verlopen")


def test_an_unverified_email_is_refused(client, org, oidc):
    _refused(oidc_sign_in(client, oidc, _coach(oidc, "coach-unverified", email_verified=False)), 403,
             "bevestigt niet")
    _refused(oidc_sign_in(client, oidc, _coach(oidc, "coach-unstated", email_verified=None)), 403,
             "bevestigt niet")


def test_microsoft_tokens_without_email_verified_need_the_trust_setting(app, client, org, oidc):
    sub = oidc.user("coach-entra", preferred_username="coach@vlinder.test", name="Coach")
    _refused(oidc_sign_in(client, oidc, sub), 403, "bevestigt niet")
    app.config["TRACKER_OIDC_TRUST_EMAIL_CLAIM"] = True
    assert oidc_sign_in(client, oidc, sub).status_code == 302
    # Even with the setting, an explicit email_verified false stays a refusal.
    _refused(oidc_sign_in(client, oidc, _coach(oidc, "coach-entra-false", email_verified=False)), 403)


def test_an_unknown_email_gets_a_clear_page_and_nothing_is_created(app, client, org, oidc):
    with app.app_context():
        before = len(team_state().staff.all())
    html = _refused(oidc_sign_in(client, oidc, _coach(oidc, "stranger", email="nieuw@vlinder.test")), 403,
                    "geen Leerpad-account voor nieuw@vlinder.test", "niets aangemaakt")
    assert "<h1>Geen toegang</h1>" in html
    with app.app_context():
        assert len(team_state().staff.all()) == before
        assert team_state().staff.by_email("nieuw@vlinder.test") is None


def test_a_removed_staff_member_cannot_sign_in(app, client, org, oidc):
    with app.app_context():
        team_state().staff.remove(org.staff["Coach"].id, actor=Actor.cli())
    _refused(oidc_sign_in(client, oidc, _coach(oidc, "coach-removed")), 403, "geen Leerpad-account")


def test_google_workspace_tokens_must_name_the_hosted_domain(app, client, org, oidc):
    app.config["TRACKER_OIDC_HOSTED_DOMAIN"] = "vlinder.test"
    start = start_oidc(client)
    assert parse_qs(urlsplit(start.headers["Location"]).query)["hd"] == ["vlinder.test"]
    _refused(oidc_sign_in(client, oidc, _coach(oidc, "gmail-user")), 400, "kon niet worden gecontroleerd")
    _refused(oidc_sign_in(client, oidc, _coach(oidc, "other-domain", hd="elders.test")), 400)
    assert oidc_sign_in(client, oidc, _coach(oidc, "workspace-user", hd="vlinder.test")).status_code == 302


def test_pressing_deny_at_the_provider(client, org, oidc):
    start = start_oidc(client)
    back = oidc.authorize(start.headers["Location"], None, deny=True)
    _refused(client.get(back), 400, "afgebroken of geweigerd")


def test_an_unreachable_provider_gives_a_clear_page(app, client, org, oidc):
    from signin_fixtures import free_port

    app.config["TRACKER_OIDC_ISSUER"] = f"http://127.0.0.1:{free_port()}"
    _refused(start_oidc(client), 502, "nu niet bereikbaar")


def test_a_refused_code_exchange_gives_a_clear_page(client, org, oidc):
    start = start_oidc(client)
    back = oidc.authorize(start.headers["Location"], _coach(oidc, "coach-code"))
    code = parse_qs(urlsplit(back).query)["code"][0]
    _refused(client.get(back.replace(code, code + "x")), 400, "kon niet worden gecontroleerd")


def test_a_broken_token_endpoint_gives_a_clear_page(client, org, oidc):
    oidc.token_endpoint_down = True
    _refused(oidc_sign_in(client, oidc, _coach(oidc, "coach-500")), 502, "Microsoft 365 is nu niet bereikbaar")


def test_a_discovery_document_naming_another_issuer_is_refused(app, client, org, oidc):
    """OpenID Connect Discovery 4.3: the issuer in the document must be exactly the one configured."""
    app.config["TRACKER_OIDC_ISSUER"] = oidc.issuer + "/"  # the provider calls itself without the slash
    _refused(start_oidc(client), 502, "nu niet bereikbaar")


def test_a_missing_client_id_gives_a_clear_page(app, client, org, oidc):
    app.config["TRACKER_OIDC_CLIENT_ID"] = ""
    _refused(start_oidc(client), 503, "niet volledig ingesteld")


def test_a_token_answer_without_an_id_token_is_refused(client, org, oidc):
    oidc.tamper = lambda token: {k: v for k, v in token.items() if k != "id_token"}
    _refused(oidc_sign_in(client, oidc, _coach(oidc, "coach-no-id")), 400)


def test_the_start_needs_a_csrf_token_and_oidc_switched_on(app, client, org, oidc):
    _refused(client.post("/team/aanmelden/oidc", data={"next": ""}), 400)
    app.config["TRACKER_OIDC_ISSUER"] = ""
    assert client.post("/team/aanmelden/oidc").status_code == 404
    assert client.get("/team/aanmelden/oidc/terug?code=x&state=y").status_code == 404
    assert "Aanmelden met" not in client.get("/team/aanmelden").get_data(as_text=True)


def test_the_sign_in_page_lets_its_form_go_to_the_issuer(client, org, oidc):
    page = client.get("/team/aanmelden")
    assert "Aanmelden met Microsoft 365" in page.get_data(as_text=True)
    assert f"form-action 'self' {oidc.issuer}" in page.headers["Content-Security-Policy"]
    assert "form-action 'self';" in client.get("/team/").headers.get("Content-Security-Policy", "form-action 'self';")


def test_the_issuer_setting_is_pinned_to_one_tenant():
    assert _issuer("TRACKER_OIDC_ISSUER", " https://login.microsoftonline.com/9188040d/v2.0 ") == \
        "https://login.microsoftonline.com/9188040d/v2.0"
    assert _issuer("TRACKER_OIDC_ISSUER", "http://127.0.0.1:8080") == "http://127.0.0.1:8080"
    for bad in ("https://login.microsoftonline.com/common/v2.0", "https://login.microsoftonline.com/organizations/v2.0",
                "https://login.microsoftonline.com/{tenantid}/v2.0", "http://idp.example"):
        with pytest.raises(ConfigError, match="TRACKER_OIDC_ISSUER"):
            _issuer("TRACKER_OIDC_ISSUER", bad)


def test_every_team_setting_is_documented():
    """docs/tracker.md names every team setting; docs/team.md explains the OpenID Connect ones."""
    tracker_md = (DOCS / "tracker.md").read_text(encoding="utf-8")
    assert [s.env for s in TEAM_SETTINGS if f"`{s.env}`" not in tracker_md] == []
    team_md = (DOCS / "team.md").read_text(encoding="utf-8")
    assert [s.env for s in TEAM_SETTINGS if s.env.startswith("TRACKER_OIDC_") and s.env not in team_md] == []
