"""Real local servers for the sign-in tests: an OpenID Connect provider (oidc-provider-mock) and an
SMTP server (aiosmtpd), each on a free 127.0.0.1 port, plus the steps a person takes to sign in."""
from __future__ import annotations

import base64
import io
import json
import socket
import threading
from email import message_from_bytes, policy
from email.message import EmailMessage
from urllib.parse import parse_qs, urlsplit

import oidc_provider_mock
import pytest
import requests
import werkzeug.serving

from team_samples import csrf_token


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Provider:
    """oidc-provider-mock behind a small WSGI layer that records token requests and can rewrite
    the token endpoint's answer (`tamper`), as a hostile network or a broken issuer would."""

    def __init__(self):
        self.inner = oidc_provider_mock.app(require_nonce=True)
        self.token_requests: list[dict] = []
        self.tamper = None  # callable(dict) -> dict applied to the token endpoint's JSON answer
        self.token_endpoint_down = False  # answer the token endpoint with a 500 HTML page
        self.jwks = None  # a key set (dict) to publish instead of the provider's own
        self.server = werkzeug.serving.make_server("127.0.0.1", 0, self.wsgi, threaded=True)
        self.issuer = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.1},
                                       daemon=True)

    def wsgi(self, environ, start_response):
        if environ["PATH_INFO"] == "/jwks" and self.jwks is not None:
            start_response("200 OK", [("Content-Type", "application/json")])
            return [json.dumps(self.jwks).encode()]
        if environ["PATH_INFO"] != "/oauth2/token":
            return self.inner(environ, start_response)
        if self.token_endpoint_down:
            start_response("500 INTERNAL SERVER ERROR", [("Content-Type", "text/html")])
            return [b"<h1>Internal Server Error</h1>"]
        body = environ["wsgi.input"].read(int(environ.get("CONTENT_LENGTH") or 0))
        self.token_requests.append({k: v[0] for k, v in parse_qs(body.decode()).items()})
        environ["wsgi.input"] = io.BytesIO(body)
        answer: dict = {}

        def capture(status, headers, exc_info=None):
            answer.update(status=status, headers=headers)

        raw = b"".join(self.inner(environ, capture))
        if self.tamper is not None and answer["status"].startswith("200"):
            raw = json.dumps(self.tamper(json.loads(raw))).encode()
        headers = [(k, v) for k, v in answer["headers"] if k.lower() != "content-length"]
        start_response(answer["status"], headers + [("Content-Length", str(len(raw)))])
        return [raw]

    def user(self, sub: str, **claims) -> str:
        """Make (or replace) the account `sub` with these ID token claims; returns sub."""
        answer = requests.put(f"{self.issuer}/users/{sub}", json=claims, timeout=10)
        assert answer.status_code == 204, answer.text
        return sub

    def authorize(self, authorization_url: str, sub: str | None, *, deny: bool = False) -> str:
        """Sign in at the provider as `sub` (or press Deny); returns the URL it sends the browser back to."""
        assert authorization_url.startswith(self.issuer + "/oauth2/authorize?"), authorization_url
        data = {"action": "deny"} if deny else {"sub": sub}
        answer = requests.post(authorization_url, data=data, allow_redirects=False, timeout=10)
        assert answer.status_code == 302, answer.text[:500]
        return answer.headers["Location"]


@pytest.fixture(scope="session")
def oidc_provider():
    provider = Provider()
    provider.thread.start()
    yield provider
    provider.server.shutdown()
    provider.server.server_close()


@pytest.fixture
def provider(oidc_provider):
    """The session's provider with a clean token-endpoint layer for this test."""
    oidc_provider.tamper, oidc_provider.token_endpoint_down, oidc_provider.jwks = None, False, None
    oidc_provider.token_requests.clear()
    yield oidc_provider
    oidc_provider.tamper, oidc_provider.token_endpoint_down, oidc_provider.jwks = None, False, None


def oidc_config(app, provider: Provider, **settings) -> None:
    app.config.update(TRACKER_OIDC_ISSUER=provider.issuer, TRACKER_OIDC_CLIENT_ID="leerpad-team",
                      TRACKER_OIDC_CLIENT_SECRET="s3cret", TRACKER_OIDC_LABEL="Microsoft 365", **settings)


def start_oidc(client, next_path: str = ""):
    """Press "Aanmelden met ..." on the sign-in page; returns the tracker's answer (a redirect)."""
    token = csrf_token(client.get("/team/aanmelden").get_data(as_text=True))
    return client.post("/team/aanmelden/oidc", data={"csrf_token": token, "next": next_path})


def oidc_sign_in(client, provider: Provider, sub: str, next_path: str = ""):
    """The whole round trip: start, sign in at the provider as `sub`, come back; the callback's answer."""
    start = start_oidc(client, next_path)
    assert start.status_code == 303, start.get_data(as_text=True)
    return client.get(provider.authorize(start.headers["Location"], sub))


def tampered_id_token(token: dict, **claims) -> dict:
    """The token answer with the ID token's payload changed and its signature kept (now invalid)."""
    header, payload, signature = token["id_token"].split(".")
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    data.update(claims)
    forged = base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()
    return {**token, "id_token": f"{header}.{forged}.{signature}"}


def resigned_id_token(token: dict, key) -> dict:
    """The token answer with its ID token signed again with `key` (a joserfc key with a kid)."""
    from joserfc import jwt

    payload = token["id_token"].split(".")[1]
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    return {**token, "id_token": jwt.encode({"alg": "RS256", "kid": key.kid}, claims, key)}


def staff_cookie(response) -> str | None:
    for header in response.headers.getlist("Set-Cookie"):
        if header.startswith("leerpad_staff=") and not header.startswith("leerpad_staff=;"):
            return header
    return None


# --- SMTP ------------------------------------------------------------------------------------------

class Inbox:
    """Messages received by the local aiosmtpd server."""

    def __init__(self):
        self.messages: list[EmailMessage] = []
        self.sessions: list[dict] = []
        self.arrived = threading.Condition()

    async def handle_DATA(self, server, session, envelope):
        with self.arrived:
            self.messages.append(message_from_bytes(envelope.original_content or envelope.content, policy=policy.default))
            self.sessions.append({"tls": session.ssl is not None, "rcpt": list(envelope.rcpt_tos)})
            self.arrived.notify_all()
        return "250 OK"

    def wait(self, count: int = 1, timeout: float = 5) -> list[EmailMessage]:
        with self.arrived:
            self.arrived.wait_for(lambda: len(self.messages) >= count, timeout)
        return list(self.messages)

    def clear(self) -> None:
        self.messages.clear()
        self.sessions.clear()


def body_text(message: EmailMessage) -> str:
    return message.get_body(("plain",)).get_content()


def link_path(text: str) -> str:
    """The /team/aanmelden/<code> path of the one link in an e-mail."""
    for word in text.split():
        if "/team/aanmelden/" in word:
            return urlsplit(word).path
    raise AssertionError(f"no sign-in link in the e-mail:\n{text}")


# --- staff and links -------------------------------------------------------------------------------

@pytest.fixture
def staff_org(app, client):
    """A location with two teams and four staff members with e-mail addresses, no learners."""
    from team_samples import Org
    from tracker.team.audit import Actor
    from tracker.team.state import team_state

    with app.app_context():
        structure = team_state().structure
        structure.add_location("De Vlinder", kind="dagopvang", actor=Actor.cli())
        structure.add_team("Rupsen", location="De Vlinder", actor=Actor.cli())
        structure.add_team("Vlinders", location="De Vlinder", actor=Actor.cli())
    org = Org(app, client)
    org.add_staff("Coach", "coach", ["rupsen"])
    org.add_staff("Coach2", "coach", ["vlinders"])
    org.add_staff("Manager", "manager", ["de-vlinder"])
    org.add_staff("Admin", "admin", [])
    return org


def new_link_path(app, member) -> str:
    """A fresh one-time link for `member`, as `staff link` makes it; its /team/aanmelden/<code> path."""
    from tracker.team.mail import sign_in_link

    with app.test_request_context():
        url, _expires = sign_in_link(member)
    return url[url.index("/team/"):]


def use_link(client, path: str, **kwargs):
    """Open the link page and press its button, as a person does; the POST's answer."""
    token = csrf_token(client.get(path, **kwargs).get_data(as_text=True))
    return client.post(path, data={"csrf_token": token}, **kwargs)


def cookie_value(set_cookie: str) -> str:
    return set_cookie.split(";", 1)[0].split("=", 1)[1]
