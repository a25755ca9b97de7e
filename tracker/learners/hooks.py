"""The two calls `tracker.auth` makes for learner tokens: who holds this Bearer token, and may they do this."""
from __future__ import annotations

from flask import current_app

from ..storage import Credential


def token_life():
    """TRACKER_TOKEN_TTL and TRACKER_TOKEN_IDLE of the running app."""
    from .sign_in import TokenLife

    return TokenLife(current_app.config["TRACKER_TOKEN_TTL"], current_app.config["TRACKER_TOKEN_IDLE"])


def bearer_credential(token: str) -> Credential:
    """The learner credential of `Authorization: Bearer <token>` (renewed by this use), or 401."""
    from ..extension import tracker
    from .sign_in import token_credential

    return token_credential(tracker().credentials, token, token_life())


def enforce_learner(credential: Credential) -> None:
    """403 unless the request stays within the learner's own statements and state in their portal."""
    from .policy import enforce
    from .state import learner_state

    enforce(credential, learner_state().portals)
