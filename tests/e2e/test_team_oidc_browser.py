"""A coach signs in with "Aanmelden met Microsoft 365" in Chromium: the tracker and a real local
OpenID Connect provider (oidc-provider-mock) each on a loopback port, at phone and desktop width."""
from __future__ import annotations

import threading
from urllib.parse import urlsplit

import pytest

pytestmark = [pytest.mark.browser,
              pytest.mark.filterwarnings("ignore::DeprecationWarning")]  # the provider mock's Authlib use

SUB = "coach-vlinder"
EMAIL = "coach@kdv-devlinder.nl"


def _serve(app):
    import werkzeug.serving

    server = werkzeug.serving.make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}"


@pytest.fixture(scope="module")
def oidc_stack(tmp_path_factory):
    """(tracker URL, issuer URL): the tracker with OpenID Connect pointed at the local provider and one coach."""
    oidc_provider_mock = pytest.importorskip("oidc_provider_mock")
    from tracker import create_app
    from tracker.team.audit import Actor
    from tracker.team.state import team_state

    provider, issuer = _serve(oidc_provider_mock.app(require_nonce=True, user_claims=[oidc_provider_mock.User(
        sub=SUB, claims={"email": EMAIL, "email_verified": True, "name": "Coach Vlinder"})]))
    folder = tmp_path_factory.mktemp("team-oidc")
    app = create_app({"TRACKER_DATABASE_URL": f"sqlite:///{folder / 'tracker.sqlite3'}",
                      "TRACKER_HOME_PAGE": "https://tracker.leerpad.test", "TRACKER_OIDC_ISSUER": issuer,
                      "TRACKER_OIDC_CLIENT_ID": "leerpad-team", "TRACKER_OIDC_CLIENT_SECRET": "s3cret",
                      "TRACKER_OIDC_LABEL": "Microsoft 365"})
    with app.app_context():
        structure = team_state().structure
        structure.add_location("De Vlinder", kind="dagopvang", actor=Actor.cli())
        structure.add_team("Rupsen", location="De Vlinder", actor=Actor.cli())
        team_state().staff.add(name="Coach Vlinder", role="coach", email=EMAIL, scope=["rupsen"], learner_id=None,
                               actor=Actor.cli())
    tracker, tracker_url = _serve(app)
    yield tracker_url, issuer
    tracker.shutdown()
    provider.shutdown()


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 800}],
                         ids=["phone", "desktop"])
def test_a_coach_signs_in_with_the_work_account(browser, oidc_stack, viewport):
    tracker_url, issuer = oidc_stack
    context = browser.new_context(viewport=viewport)
    context.set_default_timeout(10_000)
    foreign: list[str] = []

    def only_loopback(route):
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:  # the provider mock's page asks a CDN for a stylesheet; nothing may leave the machine
            foreign.append(route.request.url)
            route.abort()

    context.route("**/*", only_loopback)
    page = context.new_page()
    try:
        page.goto(tracker_url + "/team/")
        assert urlsplit(page.url).path == "/team/aanmelden"
        page.get_by_role("button", name="Aanmelden met Microsoft 365").click()
        page.wait_for_url(issuer + "/oauth2/authorize?**")
        page.get_by_role("button", name=SUB).click()
        page.wait_for_url(tracker_url + "/team/")
        assert page.get_by_text("Coach Vlinder").first.is_visible()
        signout = page.get_by_role("button", name="Afmelden")
        assert signout.is_visible()
        cookie = next(c for c in context.cookies() if c["name"] == "leerpad_staff")
        assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and cookie["path"] == "/team"
        signout.click()
        page.wait_for_url(tracker_url + "/team/aanmelden")
        page.goto(tracker_url + "/team/")
        assert urlsplit(page.url).path == "/team/aanmelden"
    finally:
        context.close()
    assert all(urlsplit(url).hostname == "cdn.jsdelivr.net" for url in foreign), foreign
