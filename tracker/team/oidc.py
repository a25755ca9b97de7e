"""Staff sign-in with OpenID Connect (Microsoft 365, Google Workspace): the code flow with PKCE.

The issuer and the audience are pinned by settings; the ID token's signature is checked against the
issuer's published keys (JWKS), and its verified e-mail address names an existing staff account.
Nothing is ever created: an unknown address gets a clear 403. See docs/team.md, "Sign-in".
"""
from __future__ import annotations

import hmac
import secrets
import time
from urllib.parse import urlsplit

import requests
from authlib.common.errors import AuthlibBaseError
from authlib.integrations.requests_client import OAuth2Session
from authlib.oidc.core import CodeIDToken
from flask import abort, current_app, redirect, render_template, request, session
from flask_wtf import FlaskForm
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry
from wtforms import HiddenField

from .auth import COOKIE, set_session_cookie
from .mail import team_url
from .state import team_state
from .strings import translate as _
from .views import team
from .views.signin import _safe_next

ALGORITHMS = ["RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512"]
FLOW_SECONDS = 600  # a sign-in started longer ago than this starts again
CACHE_SECONDS = 3600  # the discovery document and the keys
LEEWAY_SECONDS = 60  # clock skew allowed on exp and iat
TIMEOUT_SECONDS = 10
PENDING = "oidc"  # key in Flask's signed session cookie: pending sign-ins by state (at most 3)
CALLBACK_PATH = "team/aanmelden/oidc/terug"
MULTI_TENANT = ("/common/", "/organizations/", "/consumers/", "{tenantid}")


class OidcStartForm(FlaskForm):
    """The "Aanmelden met ..." button: its CSRF token and where to go afterwards."""

    next = HiddenField()


class SignInRefused(Exception):
    """The sign-in cannot go on; `message` is shown to the person on a page with `code`."""

    def __init__(self, code: int, heading: str, message: str, reason: str = ""):
        super().__init__(reason or message)
        self.code, self.heading, self.message = code, heading, message


def _config() -> dict:
    config = current_app.config
    if not config["TRACKER_OIDC_ISSUER"]:
        abort(404, "Aanmelden met een werkaccount staat niet aan.")
    if not config["TRACKER_OIDC_CLIENT_ID"]:
        raise SignInRefused(503, _("Er ging iets mis"), _("Aanmelden met {label} is niet volledig ingesteld. "
                            "Vraag je beheerder om hulp.", label=config["TRACKER_OIDC_LABEL"]),
                            "TRACKER_OIDC_CLIENT_ID is empty")
    return config


def _unreachable(reason: str) -> SignInRefused:
    label = current_app.config["TRACKER_OIDC_LABEL"]
    return SignInRefused(502, _("Er ging iets mis"), _("{label} is nu niet bereikbaar. Probeer het over een "
                         "paar minuten opnieuw.", label=label), reason)


def _fetch_json(url: str) -> dict:
    try:
        answer = requests.get(url, timeout=TIMEOUT_SECONDS, headers={"Accept": "application/json"})
        answer.raise_for_status()
        body = answer.json()
    except (requests.RequestException, ValueError) as error:
        raise _unreachable(f"GET {url}: {error}") from None
    if not isinstance(body, dict):
        raise _unreachable(f"GET {url}: not a JSON object")
    return body


def _cache() -> dict:
    return current_app.extensions.setdefault("tracker_team_oidc", {})


def provider_metadata() -> dict:
    """The issuer's discovery document (cached for an hour); its `issuer` must be the pinned one."""
    issuer = current_app.config["TRACKER_OIDC_ISSUER"]
    cache = _cache()
    if cache.get("issuer") == issuer and time.monotonic() - cache.get("fetched", 0) < CACHE_SECONDS:
        return cache["metadata"]
    metadata = _fetch_json(issuer.rstrip("/") + "/.well-known/openid-configuration")
    if metadata.get("issuer") != issuer:  # OpenID Connect Discovery 1.0, section 4.3
        raise _unreachable(f"the discovery document names issuer {metadata.get('issuer')!r}, not {issuer!r}")
    for key in ("authorization_endpoint", "token_endpoint", "jwks_uri"):
        if not isinstance(metadata.get(key), str):
            raise _unreachable(f"the discovery document has no {key}")
    cache.update(issuer=issuer, metadata=metadata, fetched=time.monotonic(), keys=None)
    return metadata


def _keys(metadata: dict, *, refresh: bool = False) -> KeySet:
    cache = _cache()
    if refresh or cache.get("keys") is None:
        try:
            cache["keys"] = KeySet.import_key_set(_fetch_json(metadata["jwks_uri"]))
        except (JoseError, ValueError, TypeError, KeyError) as error:
            raise _unreachable(f"the issuer's keys cannot be read: {error}") from None
    return cache["keys"]


def _untrusted(reason: str) -> SignInRefused:
    label = current_app.config["TRACKER_OIDC_LABEL"]
    return SignInRefused(400, _("Dit verzoek klopt niet"), _(
        "Het antwoord van {label} kon niet worden gecontroleerd. Je bent niet aangemeld. "
        "Probeer het opnieuw.", label=label), reason)


def verified_claims(id_token: str, *, nonce: str, access_token: str | None) -> CodeIDToken:
    """The ID token's claims after checking signature, iss, aud, azp, exp, iat, nonce and at_hash."""
    config = current_app.config
    metadata = provider_metadata()
    offered = metadata.get("id_token_signing_alg_values_supported") or ["RS256"]
    registry = JWSRegistry(algorithms=[a for a in ALGORITHMS if a in offered] or ["RS256"])
    try:
        try:
            token = jwt.decode(id_token, _keys(metadata), registry=registry)
        except InvalidKeyIdError:  # the issuer rotated its keys
            token = jwt.decode(id_token, _keys(metadata, refresh=True), registry=registry)
        params = {"nonce": nonce, "client_id": config["TRACKER_OIDC_CLIENT_ID"]}
        if access_token:
            params["access_token"] = access_token
        claims = CodeIDToken(token.claims, token.header, {
            "iss": {"essential": True, "value": config["TRACKER_OIDC_ISSUER"]},
            "aud": {"essential": True, "value": config["TRACKER_OIDC_CLIENT_ID"]},
            "exp": {"essential": True}, "nonce": {"essential": True}}, params)
        claims.validate(leeway=LEEWAY_SECONDS)
    except (JoseError, ValueError, TypeError) as error:
        raise _untrusted(f"ID token refused: {type(error).__name__}: {error}") from None
    domain = config["TRACKER_OIDC_HOSTED_DOMAIN"]
    if domain and claims.get("hd") != domain:
        raise _untrusted(f"ID token refused: hd is {claims.get('hd')!r}, not {domain!r}")
    return claims


def verified_email(claims: dict) -> str:
    """The e-mail address the issuer vouches for, or SignInRefused.

    `email_verified` true is required. Microsoft Entra ID leaves it out; with
    TRACKER_OIDC_TRUST_EMAIL_CLAIM the `email` (else `preferred_username`) of a token from the one
    pinned tenant is trusted, because only that tenant's administrators set those addresses.
    """
    config = current_app.config
    stated = claims.get("email_verified")
    email = claims.get("email")
    if stated is None and config["TRACKER_OIDC_TRUST_EMAIL_CLAIM"]:
        email = email or claims.get("preferred_username")
        stated = True
    if not (stated is True or stated == "true") or not isinstance(email, str) or "@" not in email:
        raise SignInRefused(403, _("Geen toegang"), _(
            "{label} bevestigt niet dat het e-mailadres van dit account van jou is. Je bent niet aangemeld. "
            "Vraag je beheerder om hulp.", label=config["TRACKER_OIDC_LABEL"]),
            f"no verified e-mail (email_verified={claims.get('email_verified')!r})")
    return email.strip().lower()


def _refused_page(refused: SignInRefused):
    current_app.logger.warning("OpenID Connect sign-in refused: %s", refused)
    return render_template("team/error.html", code=refused.code, heading=refused.heading,
                           message=refused.message), refused.code


def _client(config: dict, metadata: dict, redirect_uri: str) -> OAuth2Session:
    methods = metadata.get("token_endpoint_auth_methods_supported") or ["client_secret_basic"]
    method = "client_secret_basic" if "client_secret_basic" in methods else "client_secret_post"
    return OAuth2Session(config["TRACKER_OIDC_CLIENT_ID"], config["TRACKER_OIDC_CLIENT_SECRET"] or None,
                         scope="openid email profile", redirect_uri=redirect_uri, code_challenge_method="S256",
                         token_endpoint_auth_method=method)


@team.post("/aanmelden/oidc")
def oidc_start():
    """Send the person to the issuer with a fresh state, nonce and PKCE code verifier."""
    form = OidcStartForm()
    try:
        config = _config()
        if not form.validate_on_submit():
            abort(400, "Dit formulier is verlopen. Laad de pagina opnieuw en probeer het nog eens.")
        metadata = provider_metadata()
    except SignInRefused as refused:
        return _refused_page(refused)
    state, nonce, verifier = (secrets.token_urlsafe(32) for _n in range(3))
    redirect_uri = team_url(request.url_root) + CALLBACK_PATH
    extra = {"hd": config["TRACKER_OIDC_HOSTED_DOMAIN"]} if config["TRACKER_OIDC_HOSTED_DOMAIN"] else {}
    url, _state = _client(config, metadata, redirect_uri).create_authorization_url(
        metadata["authorization_endpoint"], state=state, code_verifier=verifier, nonce=nonce, **extra)
    pending = {k: v for k, v in session.get(PENDING, {}).items() if time.time() - v["at"] < FLOW_SECONDS}
    pending = dict(list(pending.items())[-2:])
    pending[state] = {"nonce": nonce, "verifier": verifier, "redirect_uri": redirect_uri,
                      "next": _safe_next(form.next.data), "at": time.time()}
    session[PENDING] = pending
    return redirect(url, 303)


def _pending_flow() -> dict:
    """The sign-in this callback belongs to (by state), used once; else SignInRefused."""
    pending = dict(session.get(PENDING, {}))
    state = request.args.get("state", "")
    flow = next((v for k, v in pending.items() if hmac.compare_digest(k.encode(), state.encode())), None)
    if flow is not None:
        del pending[state]
        session[PENDING] = pending
    if flow is None or time.time() - flow["at"] > FLOW_SECONDS:
        raise SignInRefused(400, _("Dit verzoek klopt niet"), _(
            "Deze aanmelding is verlopen of niet in deze browser begonnen. Begin opnieuw bij Aanmelden."),
            "unknown or expired state")
    return flow


def _member_for(email: str):
    member = team_state().staff.by_email(email)
    if member is None:
        raise SignInRefused(403, _("Geen toegang"), _(
            "Er is geen Leerpad-account voor {email}. Er is niets aangemaakt. Vraag je beheerder om je "
            "als medewerker toe te voegen.", email=email), f"no staff member with e-mail {email}")
    return member


@team.get("/aanmelden/oidc/terug")
def oidc_callback():
    """The issuer sends the person back with a code: exchange it, check the ID token, open a session."""
    try:
        config = _config()
        if request.args.get("error"):  # RFC 6749 4.1.2.1; some issuers leave out the state here
            raise SignInRefused(400, _("Dit verzoek klopt niet"), _(
                "Aanmelden bij {label} is afgebroken of geweigerd. Je bent niet aangemeld.",
                label=config["TRACKER_OIDC_LABEL"]), f"error={request.args['error'][:100]}")
        flow = _pending_flow()
        if not request.args.get("code"):
            raise _untrusted("the callback has no code")
        metadata = provider_metadata()
        try:
            token = _client(config, metadata, flow["redirect_uri"]).fetch_token(
                metadata["token_endpoint"], grant_type="authorization_code", code=request.args["code"],
                code_verifier=flow["verifier"], timeout=TIMEOUT_SECONDS)
        except requests.HTTPError as error:
            if error.response is not None and error.response.status_code >= 500:
                raise _unreachable(f"token endpoint: {error}") from None
            raise _untrusted(f"the token endpoint refused the code: {error}") from None
        except AuthlibBaseError as error:
            raise _untrusted(f"the token endpoint refused the code: {error}") from None
        except (requests.RequestException, ValueError) as error:
            raise _unreachable(f"token endpoint: {error}") from None
        if not isinstance(token.get("id_token"), str):
            raise _untrusted("the token answer has no id_token")
        claims = verified_claims(token["id_token"], nonce=flow["nonce"], access_token=token.get("access_token"))
        member = _member_for(verified_email(claims))
    except SignInRefused as refused:
        return _refused_page(refused)
    staff = team_state().staff
    if request.cookies.get(COOKIE):  # a session this browser had before (perhaps someone else's) ends
        staff.end_session(request.cookies[COOKIE])
    opened = staff.open_session(member.id, via="oidc", lifetime_seconds=config["TRACKER_STAFF_SESSION_LIFETIME"])
    response = redirect(flow["next"])
    set_session_cookie(response, opened.token)
    return response


@team.after_app_request
def _allow_form_to_issuer(response):
    """The sign-in page's button posts here and is redirected to the issuer: CSP form-action must allow it."""
    issuer = current_app.config.get("TRACKER_OIDC_ISSUER")
    if request.endpoint == "team.sign_in" and issuer and "Content-Security-Policy" in response.headers:
        cached = _cache().get("metadata") or {}
        parts = urlsplit(cached.get("authorization_endpoint") or issuer)
        response.headers["Content-Security-Policy"] = response.headers["Content-Security-Policy"].replace(
            "form-action 'self'", f"form-action 'self' {parts.scheme}://{parts.netloc}")
    return response
