"""Learners and sign-in: personal links with one-time codes, code exchange, learner tokens."""
from __future__ import annotations

import dataclasses
import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import update

from ..services.clock import now_iso, parse_iso
from ..storage import Credential, CredentialStore
from ..storage.database import writer
from ..storage.schema import credentials as credentials_table
from ..xapi.errors import XAPIError
from .store import LEARNER_KIND, Learner, LearnerStore, NewToken
from .settings import seconds

TOKEN_SCOPES = ("statements/write", "statements/read/mine", "state")


def digest(secret: str) -> str:
    """sha256 hex of a code or token: enough for 24-32 random bytes, and indexable for lookup."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def learner_actor(home_page: str, learner_id: str) -> dict:
    """The pseudonymous actor of every statement of this learner: no name, no email."""
    return {"objectType": "Agent", "account": {"homePage": home_page, "name": learner_id}}


def create_learner(store: LearnerStore, *, name: str, role: str, home_page: str,
                   team: str | None = None, email: str | None = None) -> Learner:
    learner_id = secrets.token_hex(8)
    learner = Learner(learner_id, name, role, team or None, email or None, str(uuid.uuid4()),
                      learner_actor(home_page, learner_id), now_iso(), None)
    store.add(learner)
    return learner


@dataclass
class PersonalLink:
    url: str
    code: str
    expires_at: str
    revoked_older: int


def issue_link(store: LearnerStore, learner: Learner, portal_url: str, ttl: int) -> PersonalLink:
    """A new one-time code for the learner's portal; older unused links stop working."""
    code = secrets.token_urlsafe(24)
    now = datetime.now(timezone.utc)
    expires_at = now_iso(now + seconds(ttl))
    revoked = store.add_link(learner.id, digest(code), now_iso(now), expires_at)
    return PersonalLink(f"{portal_url}{learner.role}/#code={code}", code, expires_at, revoked)


class CodeRefused(Exception):
    """A code that cannot be exchanged: `code` is used, expired or unknown (the contract's 401 codes)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class TokenLife:
    """How long a learner token lives: `idle` seconds after its last use, never more than `ttl`
    seconds after the sign-in (TRACKER_TOKEN_IDLE, TRACKER_TOKEN_TTL)."""

    ttl: int
    idle: int

    @property
    def step(self) -> int:
        """Move the expiry only when it moves this much: one write per token per step, not per request."""
        return max(1, min(600, self.idle // 10))

    def expiry(self, created_at: datetime | str, now: datetime) -> datetime:
        """`idle` from now, capped at `ttl` after the sign-in."""
        if isinstance(created_at, str):
            created_at = parse_iso(created_at)
        return min(now + seconds(self.idle), created_at + seconds(self.ttl))


@dataclass
class Session:
    token: str
    expires_at: str
    renewable_until: str
    learner: Learner


def exchange_code(store: LearnerStore, code: str, life: TokenLife) -> Session:
    """Turn a one-time code into a learner token, exactly once (cmi5's launch pattern)."""
    code_hash = digest(code)
    link = store.link(code_hash)
    if link is None:
        raise CodeRefused("unknown", "this sign-in code is unknown; ask your coach for a new link")
    learner = store.get(link.learner_id)
    now = datetime.now(timezone.utc)
    stamp = now_iso(now)
    if learner is None or learner.removed_at:
        raise CodeRefused("unknown", "this sign-in link no longer belongs to anyone")
    token = secrets.token_urlsafe(32)
    row = NewToken(key=digest(token), name=f"learner {learner.id} ({learner.role})",
                   scopes=TOKEN_SCOPES, authority=learner.actor, learner_id=learner.id,
                   portal=learner.role, created_at=stamp, expires_at=now_iso(life.expiry(now, now)))
    if store.redeem(code_hash, stamp, row) is None:
        raise _refusal(store.link(code_hash), stamp)
    return Session(token, row.expires_at, now_iso(now + seconds(life.ttl)), learner)


def _refusal(link, stamp: str) -> CodeRefused:
    if link is None:
        return CodeRefused("unknown", "this sign-in code is unknown; ask your coach for a new link")
    if link.used_at:
        return CodeRefused("used", "this sign-in link has already been used; ask your coach for a "
                                   "new link if you want to sign in on another device")
    if link.revoked_at:
        return CodeRefused("expired", "this sign-in link was replaced by a newer one; use the newest "
                                      "link from your coach")
    return CodeRefused("expired", "this sign-in link has expired; ask your coach for a new link")


def learner_credential(credentials: CredentialStore, token: str) -> Credential:
    """The learner credential of a Bearer token whatever its state, or 401 for an unknown token."""
    key = digest(token)
    credential = credentials.by_key(key) if token else None
    if credential is None or credential.kind != LEARNER_KIND or not hmac.compare_digest(credential.key, key):
        raise XAPIError("Authorization header: unknown token; sign in again with your personal link", 401)
    return credential


def token_credential(credentials: CredentialStore, token: str, life: TokenLife | None = None) -> Credential:
    """The learner credential of a Bearer token, or 401 saying whether it is unknown, revoked or expired.

    With `life`, a token in use is renewed: its expiry moves to `life.idle` from now (at most
    `life.ttl` after the sign-in), so it ends `idle` after the learner stopped using it.
    """
    credential = learner_credential(credentials, token)
    if life is not None and not credential.revoked_at and credential.expires_at:
        credential = _renewed(credentials, credential, life)
    if credential.revoked_at:
        raise XAPIError("Authorization header: this token was revoked; ask your coach for a new link", 401)
    if credential.expires_at and now_iso() >= credential.expires_at:
        raise XAPIError(f"Authorization header: this token expired at {credential.expires_at}; "
                        "sign in again with a new personal link", 401)
    return credential


def _renewed(credentials: CredentialStore, credential: Credential, life: TokenLife) -> Credential:
    """The credential with its expiry moved for this use (written only when it moves `life.step`)."""
    now = datetime.now(timezone.utc)
    current = credential.expires_at
    if now_iso(now) >= current:
        return credential                   # idle too long: expired, never revived
    target = life.expiry(credential.created_at, now)
    if abs((target - parse_iso(current)).total_seconds()) < life.step:
        return credential
    expires_at = now_iso(target)
    with writer(credentials.engine).begin() as conn:
        conn.execute(update(credentials_table).where(
            credentials_table.c.key == credential.key, credentials_table.c.revoked_at.is_(None),
            credentials_table.c.expires_at == current).values(expires_at=expires_at))
    return dataclasses.replace(credential, expires_at=expires_at)


def revoke_token(credentials: CredentialStore, token: str) -> bool:
    """End a learner token now (sign-out); False when it had already ended. 401 for an unknown token."""
    credential = learner_credential(credentials, token)
    return credentials.revoke(credential.key, now_iso())
