"""Private reflections (Leerpad policy on top of xAPI): who may read a statement marked private.

A statement whose `result.extensions[VISIBILITY]` is "private" belongs to its actor. It is returned
only to that learner's own tokens, unless the owner shared it: a `shared` statement by the same
actor, stored with the owner's own credentials, whose `context.statement` refers to it. Then every
credential that may read statements sees it. Sharing changes nothing stored but the `shared` flag.
The IRIs come from `portal/stage/xapi_profile.py` (the tracker does not import the portal; a test keeps
them equal).
"""
from __future__ import annotations

from ..storage import Credential
from ..xapi import index_keys

VISIBILITY = "https://leerpad.example.org/xapi/profile/extensions/visibility"
PRIVATE = "private"
SHARED_VERB = "http://adlnet.gov/expapi/verbs/shared"
LEARNER_KIND = "learner"


def private_owner(statement: dict) -> str | None:
    """The owner's agent key when the statement is marked private ("" for an anonymous Group); else None."""
    result = statement.get("result")
    extensions = result.get("extensions") if isinstance(result, dict) else None
    if not isinstance(extensions, dict) or extensions.get(VISIBILITY) != PRIVATE:
        return None
    actor = statement.get("actor")
    return index_keys.agent_key(actor) if isinstance(actor, dict) else ""


def shared_target(statement: dict) -> str | None:
    """The id of the statement this one shares, when it is a share made with the actor's own credentials.

    A share written by someone else (a Basic credential naming the learner as actor) shares nothing:
    otherwise any credential with `statements/write` could unlock a learner's private texts.
    """
    if (statement.get("verb") or {}).get("id") != SHARED_VERB:
        return None
    ref = (statement.get("context") or {}).get("statement")
    if not isinstance(ref, dict) or ref.get("objectType") != "StatementRef" or not ref.get("id"):
        return None
    actor, authority = statement.get("actor"), statement.get("authority")
    if not isinstance(actor, dict) or not isinstance(authority, dict):
        return None
    owner = index_keys.agent_key(actor)
    if not owner or authority.get("objectType") == "Group" or index_keys.agent_key(authority) != owner:
        return None
    return ref["id"]


def private_reader(credential: Credential) -> str | None:
    """Whose private statements this credential may read: a learner token its own learner's; others none."""
    if credential.kind != LEARNER_KIND:
        return None
    return index_keys.agent_key(credential.authority)
