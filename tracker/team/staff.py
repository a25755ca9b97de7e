"""Staff accounts (coach, manager, admin), what each looks after, one-time links and sessions."""
from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, select, update
from sqlalchemy.engine import Engine

from ..services.clock import now_iso
from ..storage.database import writer
from . import audit
from .structure import StructureError
from .tables import staff, staff_links, staff_scopes, staff_sessions

ROLES = ("coach", "manager", "admin")
ROLE_SCOPE = {"coach": "team", "manager": "location", "admin": None}


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class StaffMember:
    id: str
    name: str
    email: str | None
    role: str
    learner_id: str | None
    created_at: str
    removed_at: str | None
    scope: tuple[str, ...] = field(default=())  # team ids (coach) or location ids (manager)

    @property
    def actor(self) -> audit.Actor:
        return audit.Actor.staff(self.id, self.name)


@dataclass(frozen=True)
class StaffSession:
    token: str
    staff_id: str
    expires_at: str


def _member(row, scope: tuple[str, ...]) -> StaffMember:
    return StaffMember(row.id, row.name, row.email, row.role, row.learner_id, row.created_at,
                       row.removed_at, scope)


class StaffStore:
    def __init__(self, engine: Engine):
        self.engine = engine

    # --- accounts ------------------------------------------------------------------------------

    def add(self, *, name: str, role: str, email: str | None, scope: list[str],
            learner_id: str | None, actor: audit.Actor) -> StaffMember:
        name = name.strip()
        if not name:
            raise StructureError("name: must not be empty")
        if role not in ROLES:
            raise StructureError(f"role: expected coach, manager or admin but received {role!r}")
        email = email.strip().lower() if email else None
        if email and ("@" not in email or " " in email):
            raise StructureError(f"email: expected an e-mail address but received {email!r}")
        if email and self.by_email(email):
            raise StructureError(f"email: {email} already belongs to a staff member")
        kind = ROLE_SCOPE[role]
        if kind is None and scope:
            raise StructureError("an admin looks after structure and accounts, not teams or locations")
        member = StaffMember(secrets.token_hex(8), name, email, role, learner_id, now_iso(), None,
                             tuple(dict.fromkeys(scope)))
        with writer(self.engine).begin() as conn:
            conn.execute(staff.insert().values(
                id=member.id, name=name, email=email, role=role, learner_id=learner_id,
                created_at=member.created_at))
            if member.scope:
                conn.execute(staff_scopes.insert(), [{"staff_id": member.id, "kind": kind, "ref_id": ref}
                                                     for ref in member.scope])
            audit.write(conn, actor, "staff.add", detail={"id": member.id, "name": name, "role": role,
                                                          "scope": list(member.scope)})
        return member

    def set_scope(self, staff_id: str, scope: list[str], *, actor: audit.Actor) -> None:
        member = self.get(staff_id)
        kind = ROLE_SCOPE[member.role] if member else None
        if member is None or kind is None:
            raise StructureError("scope: only coaches (teams) and managers (locations) have one")
        with writer(self.engine).begin() as conn:
            conn.execute(delete(staff_scopes).where(staff_scopes.c.staff_id == staff_id))
            if scope:
                conn.execute(staff_scopes.insert(), [{"staff_id": staff_id, "kind": kind, "ref_id": ref}
                                                     for ref in dict.fromkeys(scope)])
            audit.write(conn, actor, "staff.scope", detail={"id": staff_id, "scope": list(scope)})

    def get(self, staff_id: str) -> StaffMember | None:
        with self.engine.connect() as conn:
            row = conn.execute(select(staff).where(staff.c.id == staff_id)).first()
            if row is None:
                return None
            scope = tuple(conn.execute(select(staff_scopes.c.ref_id).where(
                staff_scopes.c.staff_id == staff_id).order_by(staff_scopes.c.ref_id)).scalars())
        return _member(row, scope)

    def by_email(self, email: str) -> StaffMember | None:
        with self.engine.connect() as conn:
            found = conn.execute(select(staff.c.id).where(
                staff.c.email == email.strip().lower(), staff.c.removed_at.is_(None))).scalar()
        return self.get(found) if found else None

    def all(self) -> list[StaffMember]:
        with self.engine.connect() as conn:
            rows = conn.execute(select(staff).where(staff.c.removed_at.is_(None))
                                .order_by(staff.c.role, staff.c.name)).all()
            scopes: dict[str, list[str]] = {}
            for staff_id, ref in conn.execute(select(staff_scopes.c.staff_id, staff_scopes.c.ref_id)
                                              .order_by(staff_scopes.c.ref_id)):
                scopes.setdefault(staff_id, []).append(ref)
        return [_member(r, tuple(scopes.get(r.id, ()))) for r in rows]

    def find(self, reference: str) -> StaffMember:
        """A current staff member by id, e-mail or (unique) name."""
        member = self.get(reference)
        if member is not None and not member.removed_at:
            return member
        if "@" in reference and (by_mail := self.by_email(reference)):
            return by_mail
        named = [m for m in self.all() if m.name == reference]
        if len(named) == 1:
            return named[0]
        if named:
            raise StructureError(f"{len(named)} staff members are called {reference!r} "
                                 f"({', '.join(m.id for m in named)}); give the id")
        raise StructureError(f"no staff member {reference!r} (give an id, e-mail or name from `staff list`)")

    def remove(self, staff_id: str, *, actor: audit.Actor) -> tuple[int, int]:
        """Remove the account: revoke links and sessions; return (links, sessions) revoked."""
        when = now_iso()
        with writer(self.engine).begin() as conn:
            conn.execute(update(staff).where(staff.c.id == staff_id).values(removed_at=when))
            links, sessions = self._revoke(conn, staff_id, when)
            audit.write(conn, actor, "staff.remove", detail={"id": staff_id})
        return links, sessions

    # --- links and sessions -------------------------------------------------------------------

    def issue_link(self, staff_id: str, ttl_seconds: int) -> tuple[str, str]:
        """A new one-time sign-in code (older unused ones stop working); returns (code, expires_at)."""
        code = secrets.token_urlsafe(24)
        now = datetime.now(timezone.utc)
        expires_at = now_iso(now + timedelta(seconds=ttl_seconds))
        c = staff_links.c
        with writer(self.engine).begin() as conn:
            conn.execute(update(staff_links).where(c.staff_id == staff_id, c.used_at.is_(None),
                                                   c.revoked_at.is_(None)).values(revoked_at=now_iso(now)))
            conn.execute(staff_links.insert().values(staff_id=staff_id, code_hash=digest(code),
                                                     created_at=now_iso(now), expires_at=expires_at))
        return code, expires_at

    def links_since(self, staff_id: str, since: str) -> int:
        """How many sign-in links were made for this staff member since a time (to limit e-mails)."""
        c = staff_links.c
        with self.engine.connect() as conn:
            return len(conn.execute(select(c.id).where(c.staff_id == staff_id, c.created_at >= since)).all())

    def redeem(self, code: str, *, via: str, idle_seconds: int, lifetime_seconds: int) -> StaffSession | None:
        """Use a one-time code once and open a session; None when the code cannot be used."""
        now = datetime.now(timezone.utc)
        stamp = now_iso(now)
        c = staff_links.c
        with writer(self.engine).begin() as conn:
            row = conn.execute(select(c.staff_id).where(c.code_hash == digest(code))).first()
            if row is None:
                return None
            marked = conn.execute(update(staff_links).where(
                c.code_hash == digest(code), c.used_at.is_(None), c.revoked_at.is_(None),
                c.expires_at > stamp).values(used_at=stamp)).rowcount
            member = conn.execute(select(staff.c.removed_at).where(staff.c.id == row.staff_id)).first()
            if marked != 1 or member is None or member.removed_at:
                return None
            return self._open(conn, row.staff_id, via, now, lifetime_seconds)

    def open_session(self, staff_id: str, *, via: str, lifetime_seconds: int) -> StaffSession:
        """A session without a link (after an OpenID Connect sign-in)."""
        with writer(self.engine).begin() as conn:
            return self._open(conn, staff_id, via, datetime.now(timezone.utc), lifetime_seconds)

    @staticmethod
    def _open(conn, staff_id: str, via: str, now: datetime, lifetime_seconds: int) -> StaffSession:
        token = secrets.token_urlsafe(32)
        expires_at = now_iso(now + timedelta(seconds=lifetime_seconds))
        conn.execute(staff_sessions.insert().values(
            token_hash=digest(token), staff_id=staff_id, via=via, created_at=now_iso(now),
            last_seen_at=now_iso(now), expires_at=expires_at))
        audit.write(conn, audit.Actor(f"staff:{staff_id}", staff_id), "session.open",
                    detail={"via": via})
        return StaffSession(token, staff_id, expires_at)

    def session_member(self, token: str, *, idle_seconds: int) -> StaffMember | None:
        """The staff member of a live session (not revoked, not idle too long, not past its lifetime).

        Touches `last_seen_at` at most once a minute, so reading pages costs no write per request.
        """
        if not token or len(token) > 100:
            return None
        now = datetime.now(timezone.utc)
        stamp = now_iso(now)
        s = staff_sessions.c
        with self.engine.connect() as conn:
            row = conn.execute(select(staff_sessions).where(s.token_hash == digest(token))).first()
        if row is None or row.revoked_at or row.expires_at <= stamp:
            return None
        if now_iso(now - timedelta(seconds=idle_seconds)) > row.last_seen_at:
            return None
        if now_iso(now - timedelta(seconds=60)) > row.last_seen_at:
            with writer(self.engine).begin() as conn:
                conn.execute(update(staff_sessions).where(s.token_hash == row.token_hash)
                             .values(last_seen_at=stamp))
        member = self.get(row.staff_id)
        return member if member is not None and not member.removed_at else None

    def end_session(self, token: str) -> None:
        with writer(self.engine).begin() as conn:
            conn.execute(update(staff_sessions).where(
                staff_sessions.c.token_hash == digest(token),
                staff_sessions.c.revoked_at.is_(None)).values(revoked_at=now_iso()))

    def revoke(self, staff_id: str | None, *, actor: audit.Actor) -> tuple[int, int]:
        """End every link and session of one staff member, or of everybody (None)."""
        when = now_iso()
        with writer(self.engine).begin() as conn:
            counts = self._revoke(conn, staff_id, when)
            audit.write(conn, actor, "staff.revoke", detail={"id": staff_id or "*"})
        return counts

    @staticmethod
    def _revoke(conn, staff_id: str | None, when: str) -> tuple[int, int]:
        links, sessions = staff_links.c, staff_sessions.c
        link_where = [links.used_at.is_(None), links.revoked_at.is_(None)]
        session_where = [sessions.revoked_at.is_(None)]
        if staff_id is not None:
            link_where.append(links.staff_id == staff_id)
            session_where.append(sessions.staff_id == staff_id)
        revoked_links = conn.execute(update(staff_links).where(*link_where).values(revoked_at=when)).rowcount
        revoked_sessions = conn.execute(update(staff_sessions).where(*session_where)
                                        .values(revoked_at=when)).rowcount
        return revoked_links, revoked_sessions

    def active_sessions(self, staff_id: str) -> int:
        s = staff_sessions.c
        with self.engine.connect() as conn:
            return len(conn.execute(select(s.token_hash).where(
                s.staff_id == staff_id, s.revoked_at.is_(None), s.expires_at > now_iso())).all())
