"""HTTP Basic authentication and scope checks for every xAPI route."""
from __future__ import annotations

import base64
import binascii
import hashlib
from functools import wraps

from flask import current_app, g, request

from .extension import tracker
from .limits import throttle
from .limits.quotas import check_learner
from .services.credentials import is_active, secret_matches
from .storage import Credential
from .xapi.errors import XAPIError

READ_METHODS = ("GET", "HEAD")
AUTHENTICATORS: dict = {}


def authenticate() -> Credential:
    """Return the credential of this request or refuse with 401.

    Each scheme of the Authorization header has its authenticator in AUTHENTICATORS; a later
    credential kind (a learner's Bearer token) registers its own there. Every 401 counts as a failed
    attempt against the client address (and the Basic key), throttled with 429 (tracker/limits).
    A valid token is never throttled: many tablets share one address behind a location's router.
    """
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    check = AUTHENTICATORS.get(scheme.lower())
    if check is None or not value.strip():
        raise XAPIError("Authorization header: Basic credentials required", 401)
    engine = tracker().engine
    try:
        return check(value.strip())  # Basic consults the throttle itself, before scrypt
    except throttle.Throttled:
        raise
    except XAPIError as error:
        if error.status == 401:
            key = _basic_key(value) if scheme.lower() == "basic" else None
            throttle.check(engine, key)  # already over: 429, and not counted again
            throttle.failed(engine, key)
        raise


def _basic_key(value: str) -> str | None:
    try:
        key, sep, _ = base64.b64decode(value.strip(), validate=True).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        return None
    return key if sep else None


def basic_credential(value: str) -> Credential:
    """The credential of a Basic key:secret pair (secret checked against its scrypt hash)."""
    try:
        key, sep, secret = base64.b64decode(value, validate=True).decode("utf-8").partition(":")
    except (binascii.Error, UnicodeDecodeError):
        raise XAPIError("Authorization header: malformed Basic credentials", 401) from None
    if not sep:
        raise XAPIError("Authorization header: malformed Basic credentials", 401)
    state = tracker()
    credential = state.credentials.by_key(
        key, max_age=current_app.config["TRACKER_CREDENTIAL_CACHE_SECONDS"])
    if credential is not None and (credential.kind != "basic" or not is_active(credential)):
        credential = None
    fingerprint = (key, hashlib.sha256(secret.encode()).hexdigest())
    if credential is not None and state.verified.get(fingerprint) == credential.secret_hash:
        return credential
    throttle.check(state.engine, key)  # before scrypt: wrong secrets must stay cheap
    if credential is None or not secret_matches(secret, credential.secret_hash):
        raise XAPIError("Authorization header: unknown, revoked or expired credentials", 401)
    if len(state.verified) > 1000:
        state.verified.clear()
    state.verified[fingerprint] = credential.secret_hash
    return credential


AUTHENTICATORS["basic"] = basic_credential


def permits(credential: Credential, scopes: tuple[str, ...]) -> bool:
    """True when the credential holds one of `scopes`, `all`, or `all/read` for a read."""
    held = set(credential.scopes)
    if "all" in held or held.intersection(scopes):
        return True
    return request.method in READ_METHODS and "all/read" in held


def requires(*scopes: str):
    """Decorate a view: authenticate, then demand one of the scopes (403 otherwise)."""
    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            g.credential = authenticate()
            if g.credential.kind == "learner":
                from .learners.hooks import enforce_learner

                enforce_learner(g.credential)
                check_learner(g.credential, tracker().engine)
            if not permits(g.credential, scopes):
                raise XAPIError(f"credentials: scope {' or '.join(scopes)} required for "
                                f"{request.method} {request.path}", 403)
            return view(*args, **kwargs)
        return wrapper
    return decorate
