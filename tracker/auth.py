"""HTTP Basic authentication and scope checks for every xAPI route."""
from __future__ import annotations

import base64
import binascii
import hashlib
from functools import wraps

from flask import current_app, g, request

from .extension import tracker
from .services.credentials import is_active, secret_matches
from .storage import Credential
from .xapi.errors import XAPIError

READ_METHODS = ("GET", "HEAD")
AUTHENTICATORS: dict = {}


def authenticate() -> Credential:
    """Return the credential of this request or refuse with 401.

    Each scheme of the Authorization header has its authenticator in AUTHENTICATORS; a later
    credential kind (a learner's Bearer token) registers its own there.
    """
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    check = AUTHENTICATORS.get(scheme.lower())
    if check is None or not value.strip():
        raise XAPIError("Authorization header: Basic credentials required", 401)
    return check(value.strip())


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
    if credential is None or credential.kind != "basic" or not is_active(credential):
        raise XAPIError("Authorization header: unknown, revoked or expired credentials", 401)
    fingerprint = (key, hashlib.sha256(secret.encode()).hexdigest())
    if state.verified.get(fingerprint) != credential.secret_hash:
        if not secret_matches(secret, credential.secret_hash):
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
            if not permits(g.credential, scopes):
                raise XAPIError(f"credentials: scope {' or '.join(scopes)} required for "
                                f"{request.method} {request.path}", 403)
            return view(*args, **kwargs)
        return wrapper
    return decorate
