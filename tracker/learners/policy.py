"""What a learner token may do (issue 4): its own statements and state, in its own portal, nothing else.

Called from `tracker.auth.requires` for every xAPI route a learner token reaches, before the view runs,
so whatever is refused here is never stored. Reads need no check of their own beyond the parameters:
learner tokens hold `statements/read/mine` and their authority is the learner's actor, so the
statements routes already return only the statements written with this learner's tokens.
A `shared` statement may refer only to the learner's own statement (private reflections,
tracker/services/privacy.py).
"""
from __future__ import annotations

import json

from flask import request

from ..services.privacy import SHARED_VERB
from ..storage import Credential
from ..xapi import index_keys
from ..xapi.errors import XAPIError
from ..xapi.json_input import json_param
from .portals import PortalRules, PortalStore

VOIDED = "http://adlnet.gov/expapi/verbs/voided"
STATEMENT_ROUTES = ("xapi.put_statement", "xapi.post_statements", "xapi.get_statements")
STATE_ROUTE = "xapi.state"


def forbidden(message: str) -> XAPIError:
    return XAPIError(f"learner token: {message}", 403)


def enforce(credential: Credential, portals: PortalStore) -> None:
    """Refuse with 403 whatever this request would do beyond the learner's own records."""
    endpoint = request.endpoint or ""
    if endpoint == "xapi.get_statements":
        check_statement_query(credential, request.args)
    elif endpoint in ("xapi.put_statement", "xapi.post_statements"):
        body = _statement_body()
        check_statement_writes(credential, _rules(credential, portals), portals, body)
    elif endpoint == STATE_ROUTE:
        check_state(credential, portals, request.args)
    else:
        raise forbidden(f"{request.method} {request.path} is not open to learner tokens; they may "
                        "only write and read their own statements and State documents")


def _rules(credential: Credential, portals: PortalStore) -> PortalRules:
    rules = portals.rules(credential.portal or "")
    if rules is None:
        raise forbidden(f"no manifest is loaded for portal {credential.portal!r}; the operator must "
                        "run `flask --app tracker portals load site/`")
    return rules


def _agent_arg(args, name: str) -> object:
    return json_param(args[name], name)


def _is_learner(agent: object, credential: Credential) -> bool:
    """True when `agent` is this learner's actor (an Agent with the learner's account)."""
    if not isinstance(agent, dict) or agent.get("objectType", "Agent") != "Agent":
        return False
    try:
        return index_keys.agent_key(agent) == index_keys.agent_key(credential.authority)
    except (KeyError, TypeError, AttributeError):
        return False


def check_statement_query(credential: Credential, args) -> None:
    """GET statements: no other agent, no related_agents (a `more` cursor stays bound to the authority)."""
    if "agent" in args and not _is_learner(_agent_arg(args, "agent"), credential):
        raise forbidden("agent parameter: a learner may read only their own statements")
    if args.get("related_agents", "").lower() == "true":
        raise forbidden("related_agents parameter: not open to learner tokens")


def check_statement_writes(credential: Credential, rules: PortalRules, portals: PortalStore,
                           body: object) -> None:
    """Every statement of the request: the learner's actor, a portal verb, a portal activity; never voiding.

    One statement refused refuses the whole batch (nothing of it is stored).
    """
    batch = body if isinstance(body, list) else [body]
    in_batch = {s.get("id") for s in batch if isinstance(s, dict)}
    for index, statement in enumerate(batch):
        where = f"statements[{index}]" if isinstance(body, list) else "statement"
        if isinstance(statement, dict):
            check_statement(credential, rules, portals, statement, where)
            if verb_of(statement) == SHARED_VERB:
                check_share(credential, statement, where, in_batch)


def check_statement(credential: Credential, rules: PortalRules, portals: PortalStore,
                    statement: dict, where: str) -> None:
    if not _is_learner(statement.get("actor"), credential) or _names_person(statement.get("actor")):
        raise forbidden(f"{where}.actor: must be the token's learner "
                        f"{json.dumps(credential.authority, separators=(',', ':'))}, with no name or email")
    verb = verb_of(statement)
    if verb == VOIDED:
        raise forbidden(f"{where}.verb: learners cannot void statements")
    if verb not in rules.verbs:
        raise forbidden(f"{where}.verb.id: {verb!r} is not a verb of portal {rules.portal!r}")
    obj = statement.get("object")
    if not isinstance(obj, dict) or obj.get("objectType", "Activity") != "Activity":
        raise forbidden(f"{where}.object: must be an Activity of portal {rules.portal!r}")
    if not isinstance(obj.get("id"), str) or not portals.has_activity(rules.portal, obj["id"]):
        raise forbidden(f"{where}.object.id: {obj.get('id')!r} is not an activity of portal "
                        f"{rules.portal!r}")


def verb_of(statement: dict) -> object:
    return statement.get("verb", {}).get("id") if isinstance(statement.get("verb"), dict) else None


def check_share(credential: Credential, statement: dict, where: str, in_batch: set) -> None:
    """A learner shares only their own statements (Leerpad privacy, docs/xapi.md "Privacy").

    The statement in `context.statement` must be the learner's or not stored yet; a share counts only
    for its owner's statement anyway (services/privacy.py). A statement of the same batch is looked up
    too: with partialSuccess it may be rejected for taking another learner's id (issue 11).
    """
    from ..extension import tracker

    context = statement.get("context")
    ref = context.get("statement") if isinstance(context, dict) else None
    if not isinstance(ref, dict) or not isinstance(ref.get("id"), str):
        return
    actor = tracker().statements.actor_of(ref["id"])
    if actor is not None and not _is_learner(actor, credential):
        raise forbidden(f"{where}.context.statement.id: {ref['id']} is not a statement of this learner; "
                        "a learner may share only their own")


def _names_person(actor: object) -> bool:
    return isinstance(actor, dict) and any(k in actor for k in ("name", "mbox", "mbox_sha1sum", "openid"))


def check_state(credential: Credential, portals: PortalStore, args) -> None:
    """State: the learner's own agent, an activity of the token's portal."""
    if "agent" not in args or not _is_learner(_agent_arg(args, "agent"), credential):
        raise forbidden("agent parameter: a learner may use only their own State documents")
    rules = _rules(credential, portals)
    activity_id = args.get("activityId", "")
    if not portals.has_activity(rules.portal, activity_id):
        raise forbidden(f"activityId parameter: {activity_id!r} is not an activity of portal "
                        f"{rules.portal!r}")


def _statement_body() -> object:
    """The statement(s) of a PUT/POST, parsed as the route will parse them (the body is cached)."""
    from ..api.requests import media_type, parse_json

    if media_type() == "multipart/mixed":
        from ..xapi.attachments import parse_multipart

        return parse_multipart(request.get_data(cache=True), request.content_type)[0]
    if media_type() != "application/json":
        return None  # the route answers 400 for the content type
    return parse_json(request.get_data(cache=True), "statements")
