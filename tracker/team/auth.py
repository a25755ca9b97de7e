"""Staff sign-in state: the session cookie, who is signed in, and the role check on every page."""
from __future__ import annotations

from functools import wraps

from flask import abort, current_app, g, redirect, request, url_for

from .staff import StaffMember
from .state import team_state
from .strings import translate

COOKIE = "leerpad_staff"


def load_staff() -> None:
    """Before every team request: g.staff is the signed-in staff member, or None."""
    token = request.cookies.get(COOKIE, "")
    g.staff = team_state().staff.session_member(
        token, idle_seconds=current_app.config["TRACKER_STAFF_IDLE_TIMEOUT"]) if token else None


def staff_required(*roles: str):
    """Decorate a team view: signed in (else to the sign-in page), with one of `roles` (else 403)."""
    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if g.get("staff") is None:
                return redirect(url_for("team.sign_in", next=request.full_path.rstrip("?")))
            if roles and g.staff.role not in roles:
                abort(403, translate("Deze pagina is niet voor de rol {role}.", role=translate(g.staff.role)))
            return view(*args, **kwargs)
        return wrapper
    return decorate


def set_session_cookie(response, token: str) -> None:
    config = current_app.config
    response.set_cookie(COOKIE, token, max_age=config["TRACKER_STAFF_SESSION_LIFETIME"], httponly=True,
                        secure=request.is_secure or config["TRACKER_STAFF_COOKIE_SECURE"],
                        samesite="Lax", path="/team")


def clear_session_cookie(response) -> None:
    response.delete_cookie(COOKIE, path="/team", httponly=True, samesite="Lax",
                           secure=request.is_secure or current_app.config["TRACKER_STAFF_COOKIE_SECURE"])


def current_staff() -> StaffMember:
    return g.staff
