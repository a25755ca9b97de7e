"""Credentials: make key/secret pairs, hash secrets with scrypt, check a presented pair."""
from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timezone

from ..storage import Credential, CredentialStore
from .clock import now_iso

SCOPES = ("statements/write", "statements/read", "statements/read/mine", "state", "define",
          "profile", "all/read", "all")
_N, _R, _P = 2 ** 14, 8, 1


def hash_secret(secret: str) -> str:
    """Hash a secret for storage: scrypt with a random salt, parameters kept in the string."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(secret.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def secret_matches(secret: str, stored: str) -> bool:
    """Check a secret against its stored hash in constant time."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        candidate = hashlib.scrypt(secret.encode(), salt=bytes.fromhex(salt), n=int(n), r=int(r),
                                   p=int(p), dklen=len(digest) // 2)
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(candidate.hex(), digest)


def check_scopes(scopes: list[str]) -> list[str]:
    unknown = [s for s in scopes if s not in SCOPES]
    if unknown:
        raise ValueError(f"unknown scope {unknown[0]!r}; expected one of {', '.join(SCOPES)}")
    if not scopes:
        raise ValueError("a credential needs at least one scope")
    return list(dict.fromkeys(scopes))


def create_credential(store: CredentialStore, name: str, scopes: list[str], home_page: str,
                      expires_at: str | None = None) -> tuple[Credential, str]:
    """Make a new Basic credential; return it with its secret (shown once, stored only hashed)."""
    scopes = check_scopes(scopes)
    key = secrets.token_hex(10)
    secret = secrets.token_urlsafe(24)
    authority = {"objectType": "Agent", "name": name,
                 "account": {"homePage": home_page, "name": key}}
    credential = store.add(key=key, secret_hash=hash_secret(secret), name=name, scopes=scopes,
                           authority=authority, created_at=now_iso(), expires_at=expires_at)
    return credential, secret


def may_define(credential: Credential) -> bool:
    """Whether statements of this credential (re)define Activities: `define` or `all`, never a learner."""
    return credential.kind != "learner" and bool({"define", "all"} & set(credential.scopes))


def is_active(credential: Credential, at: datetime | None = None) -> bool:
    """Not revoked and not expired."""
    if credential.revoked_at:
        return False
    if credential.expires_at:
        at = at or datetime.now(timezone.utc)
        return now_iso(at) < credential.expires_at
    return True
