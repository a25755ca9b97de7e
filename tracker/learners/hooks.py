"""The two calls `tracker.auth` makes for learner tokens: who holds this Bearer token, and may they do this."""
from __future__ import annotations

from ..storage import Credential


def bearer_credential(token: str) -> Credential:
    """The learner credential of `Authorization: Bearer <token>`, or 401."""
    from ..extension import tracker
    from .sign_in import token_credential

    return token_credential(tracker().credentials, token)


def enforce_learner(credential: Credential) -> None:
    """403 unless the request stays within the learner's own statements and state in their portal."""
    from .policy import enforce
    from .state import learner_state

    enforce(credential, learner_state().portals)
