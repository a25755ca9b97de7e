"""Staff sessions: the cookie's flags, idle timeout and absolute lifetime, sign-out and revocation
ending sessions on the server, and one-time links that work once and expire."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
import time_machine

from signin_fixtures import cookie_value, new_link_path, staff_cookie, staff_org, use_link  # noqa: F401
from team_samples import csrf_token
from tracker.team.state import team_state


def _attributes(set_cookie: str) -> dict[str, str]:
    parts = [p.strip() for p in set_cookie.split(";")[1:]]
    return {p.split("=", 1)[0].lower(): (p.split("=", 1)[1] if "=" in p else "") for p in parts}


def _signed_in(client) -> bool:
    answer = client.get("/team/")
    assert answer.status_code in (200, 302), answer.status_code
    return answer.status_code == 200


def _with_cookie(app, token: str):
    """A browser that never signed in but holds a copy of a session cookie."""
    other = app.test_client()
    other.set_cookie("leerpad_staff", token, domain="localhost", path="/team")
    return other


def test_the_session_cookie_flags_over_http(app, client, staff_org):
    answer = use_link(client, new_link_path(app, staff_org.staff["Coach"]))
    assert answer.status_code == 302
    flags = _attributes(staff_cookie(answer))
    assert "httponly" in flags and flags["samesite"] == "Lax" and flags["path"] == "/team"
    assert "secure" not in flags
    assert int(flags["max-age"]) == app.config["TRACKER_STAFF_SESSION_LIFETIME"]


def test_the_form_cookie_flags(app, client, staff_org):
    """Flask's signed cookie (the CSRF secret, a pending OpenID Connect sign-in) stays on /team."""
    page = client.get(new_link_path(app, staff_org.staff["Coach"]))
    form_cookie = next(h for h in page.headers.getlist("Set-Cookie") if h.startswith("leerpad_team_form="))
    form_flags = _attributes(form_cookie)
    assert "httponly" in form_flags and form_flags["samesite"] == "Lax" and form_flags["path"] == "/team"


def test_the_session_cookie_is_secure_over_https(app, staff_org):
    client = app.test_client()
    path = new_link_path(app, staff_org.staff["Coach"])
    https = {"base_url": "https://localhost", "headers": {"Referer": "https://localhost" + path}}
    answer = use_link(client, path, **https)
    assert answer.status_code == 302, answer.get_data(as_text=True)
    flags = _attributes(staff_cookie(answer))
    assert "secure" in flags and "httponly" in flags and flags["samesite"] == "Lax"
    assert client.get("/team/", base_url="https://localhost").status_code == 200


def test_the_secure_setting_marks_the_cookie_behind_a_tls_proxy(app, client, staff_org):
    app.config["TRACKER_STAFF_COOKIE_SECURE"] = True
    answer = use_link(client, new_link_path(app, staff_org.staff["Coach"]))
    assert "secure" in _attributes(staff_cookie(answer))


def test_the_session_ends_after_the_idle_timeout(app, client, staff_org):
    idle = app.config["TRACKER_STAFF_IDLE_TIMEOUT"]
    start = datetime.now(timezone.utc)
    with time_machine.travel(start, tick=False) as clock:
        use_link(client, new_link_path(app, staff_org.staff["Coach"]))
        for _round in range(3):  # active just within the idle timeout: still signed in
            clock.shift(timedelta(seconds=idle - 90))
            assert _signed_in(client)
        clock.shift(timedelta(seconds=idle + 1))
        answer = client.get("/team/")
        assert answer.status_code == 302 and "/team/aanmelden" in answer.headers["Location"]


def test_the_session_ends_after_its_lifetime_however_active(app, client, staff_org):
    lifetime, idle = app.config["TRACKER_STAFF_SESSION_LIFETIME"], app.config["TRACKER_STAFF_IDLE_TIMEOUT"]
    with time_machine.travel(datetime.now(timezone.utc), tick=False) as clock:
        use_link(client, new_link_path(app, staff_org.staff["Coach"]))
        elapsed = 0
        while elapsed + idle // 2 < lifetime:
            clock.shift(timedelta(seconds=idle // 2))
            elapsed += idle // 2
            assert _signed_in(client), f"signed out after {elapsed} s"
        clock.shift(timedelta(seconds=lifetime - elapsed + 1))
        assert not _signed_in(client)


def test_sign_out_ends_the_session_on_the_server(app, client, staff_org):
    answer = use_link(client, new_link_path(app, staff_org.staff["Coach"]))
    token = cookie_value(staff_cookie(answer))
    page = client.get("/team/").get_data(as_text=True)
    assert "Afmelden" in page
    out = client.post("/team/afmelden", data={"csrf_token": csrf_token(page)})
    assert out.status_code == 302
    assert any(h.startswith("leerpad_staff=;") for h in out.headers.getlist("Set-Cookie"))
    assert not _signed_in(client)
    assert not _signed_in(_with_cookie(app, token)), "the old cookie still works after Afmelden"
    with app.app_context():
        assert team_state().staff.active_sessions(staff_org.staff["Coach"].id) == 0


def test_sign_out_without_a_csrf_token_changes_nothing(app, client, staff_org):
    use_link(client, new_link_path(app, staff_org.staff["Coach"]))
    assert client.post("/team/afmelden").status_code == 400
    assert _signed_in(client)


@pytest.mark.parametrize("everyone", [False, True])
def test_staff_revoke_ends_sessions_and_links_at_once(app, runner, staff_org, everyone):
    coach, manager = app.test_client(), app.test_client()
    use_link(coach, new_link_path(app, staff_org.staff["Coach"]))
    use_link(manager, new_link_path(app, staff_org.staff["Manager"]))
    unused = new_link_path(app, staff_org.staff["Coach"])
    assert _signed_in(coach) and _signed_in(manager)
    args = ["staff", "revoke", "--all", "--json"] if everyone else ["staff", "revoke", "Coach", "--json"]
    result = runner.invoke(args=args)
    assert result.exit_code == 0, result.output
    counts = json.loads(result.output)
    assert counts["ended_sessions"] == (2 if everyone else 1) and counts["revoked_links"] == 1
    assert not _signed_in(coach)
    assert _signed_in(manager) is not everyone
    assert staff_cookie(use_link(app.test_client(), unused)) is None


def test_a_removed_staff_member_is_signed_out(app, client, runner, staff_org):
    use_link(client, new_link_path(app, staff_org.staff["Coach"]))
    assert runner.invoke(args=["staff", "remove", "Coach"]).exit_code == 0
    assert not _signed_in(client)


def test_a_link_works_once(app, client, staff_org):
    path = new_link_path(app, staff_org.staff["Coach"])
    assert client.get(path).status_code == 200  # opening it (a mail scanner) does not use it
    assert staff_cookie(use_link(client, path)) is not None
    again = use_link(app.test_client(), path)
    assert again.status_code == 302 and staff_cookie(again) is None
    assert "/team/aanmelden" in again.headers["Location"]


def test_an_expired_link_is_refused(app, client, staff_org):
    ttl = app.config["TRACKER_STAFF_LINK_TTL"]
    path = new_link_path(app, staff_org.staff["Coach"])
    with time_machine.travel(datetime.now(timezone.utc) + timedelta(seconds=ttl + 1), tick=False):
        answer = use_link(client, path)
        assert staff_cookie(answer) is None
        assert "al gebruikt, verlopen of onbekend" in client.get("/team/aanmelden").get_data(as_text=True)


def test_a_new_link_revokes_the_older_unused_one(app, client, staff_org):
    older = new_link_path(app, staff_org.staff["Coach"])
    newer = new_link_path(app, staff_org.staff["Coach"])
    assert staff_cookie(use_link(client, older)) is None
    assert staff_cookie(use_link(client, newer)) is not None


def test_a_made_up_or_overlong_code_is_refused(app, client, staff_org):
    for code in ("not-a-code", "x" * 5000):
        answer = use_link(client, f"/team/aanmelden/{code}")
        assert answer.status_code == 302 and staff_cookie(answer) is None
