"""Storing statements: validate, set the LRS fields, check duplicates, void, keep attachments."""
from __future__ import annotations

import json

from ..storage import Conflict, StatementRecord, StatementStore
from ..xapi import index_keys
from ..xapi.errors import XAPIError
from ..xapi.normalize import prepare_for_storage, statements_equivalent
from ..xapi.validation import validate_statements
from .clock import now_iso
from .privacy import private_owner, shared_target


def store_statements(store: StatementStore, body: object, *, version: str, authority: dict,
                     files: dict[str, tuple[str, bytes]] | None = None,
                     statement_id: str | None = None, define: bool = False,
                     reader: str | None = None) -> list[str]:
    """Validate and store one statement or a batch, all or nothing; return every id (Data 2.4).

    With `statement_id` (PUT) the body must be one statement whose `id`, if any, is that id.
    `define`: the credential holds the `define` scope, so Activity definitions are kept.
    `reader`: whose private statements the writer may read (services/privacy.py).
    """
    if statement_id is not None:
        if not isinstance(body, dict):
            raise XAPIError("statement: PUT takes one Statement object, not an array")
        if "id" in body and body["id"] != statement_id:
            raise XAPIError(f"statement.id: {body['id']!r} differs from statementId {statement_id!r}")
        body = dict(body, id=statement_id)
    received = validate_statements(body, version)
    _check_batch_ids(received)
    _check_files(received, files or {})
    stored = now_iso()
    prepared = [prepare_for_storage(s, stored=stored, authority=authority, version=version)
                for s in received]
    records = [record_for(s, stored) for s in prepared]
    try:
        store.save(records, same=_same_for(authority, reader), files=files or None,
                   definitions=_definitions(prepared) if define else None,
                   merge_definition=merge_definition)
    except Conflict as conflict:
        raise XAPIError(f"statement {conflict.statement_id}: a different statement with this id "
                        "is already stored", 409) from None
    return [s["id"] for s in prepared]


def store_what_is_valid(store: StatementStore, body: object, *, version: str,
                        authority: dict, define: bool = False, reader: str | None = None) -> dict:
    """The opt-in `partialSuccess=true` POST: store the valid statements of a batch, report the rest.

    Returns {"stored": [ids of the statements now stored or already identical],
             "rejected": [{"index": i, "status": 400 | 409, "message": ...}]}.
    """
    if not isinstance(body, list):
        body = [body]
    rejected: list[dict] = []
    good: list[tuple[int, dict]] = []
    seen: set[str] = set()
    for index, statement in enumerate(body):
        try:
            validate_statements(statement, version)
            statement_id = str(statement.get("id", "")).lower()
            if statement_id and statement_id in seen:
                raise XAPIError(f"statements[{index}].id: appears twice in the batch")
            seen.add(statement_id)
            _check_files([statement], {})
        except XAPIError as error:
            message = error.message.replace("statement", f"statements[{index}]", 1)
            rejected.append({"index": index, "status": error.status, "message": message})
            continue
        good.append((index, statement))
    stored = now_iso()
    prepared = [(i, prepare_for_storage(s, stored=stored, authority=authority, version=version))
                for i, s in good]
    conflicts: list[str] = []
    if prepared:
        store.save([record_for(s, stored) for _, s in prepared], same=_same_for(authority, reader),
                   definitions=_definitions([s for _, s in prepared]) if define else None,
                   merge_definition=merge_definition, conflicts=conflicts)
    accepted = []
    for index, statement in prepared:
        if statement["id"] in conflicts:
            rejected.append({"index": index, "status": 409, "message":
                             f"statements[{index}].id: a different statement with this id is already stored"})
        else:
            accepted.append(statement["id"])
    return {"stored": accepted, "rejected": sorted(rejected, key=lambda r: r["index"])}


def _check_batch_ids(received: list[dict]) -> None:
    seen: set[str] = set()
    for index, statement in enumerate(received):
        statement_id = statement.get("id")
        if statement_id is None:
            continue
        if statement_id.lower() in seen:
            raise XAPIError(f"statements[{index}].id: {statement_id} appears twice in the batch")
        seen.add(statement_id.lower())


def _check_files(received: list[dict], files: dict) -> None:
    from ..xapi.attachments import check_attachments
    from ..xapi.signature import verify_signatures

    check_attachments(received, files)
    if files:
        for statement in received:
            verify_signatures(statement, files)


def _same_for(authority: dict, reader: str | None):
    """The duplicate check for one writer: a private statement is "the same" only to its owner.

    Otherwise a PUT of a guessed copy (204) against a wrong guess (409) would confirm a private
    text to any writer; every non-owner gets 409 for an id a private statement holds.
    """
    writer = authority_key(authority)

    def same(new_body: str, old_body: str) -> bool:
        old = json.loads(old_body)
        owner = private_owner(old)
        if owner is not None and owner != reader and authority_key(old["authority"]) != writer:
            return False
        return statements_equivalent(json.loads(new_body), old)
    return same


def record_for(statement: dict, stored: str) -> StatementRecord:
    """The storable row of a prepared statement with the keys its query filters use."""
    direct_agents = set(index_keys.actor_keys(statement))
    obj = statement["object"]
    if obj.get("objectType") in ("Agent", "Group"):
        try:
            direct_agents.add(index_keys.agent_key(obj))
        except (KeyError, ValueError, XAPIError):
            pass  # an anonymous Group has no key of its own
    related_agents = set(index_keys.related_agent_keys(statement)) - direct_agents
    direct_activity = index_keys.object_activity_id(statement)
    related_activities = set(index_keys.related_activity_ids(statement)) - {direct_activity}
    registration = statement.get("context", {}).get("registration")
    target = shared_target(statement)
    return StatementRecord(
        statement_id=statement["id"], stored=stored, verb_id=statement["verb"]["id"],
        registration=registration.lower() if registration else None,
        ref_target=index_keys.statement_ref_target(statement),
        is_voiding=index_keys.is_voiding(statement),
        authority_key=authority_key(statement["authority"]),
        version=statement["version"], body=json.dumps(statement, ensure_ascii=False),
        agents=[(k, True) for k in sorted(direct_agents)] + [(k, False) for k in sorted(related_agents)],
        activities=([(direct_activity, True)] if direct_activity else [])
        + [(a, False) for a in sorted(related_activities)],
        private_owner=private_owner(statement),
        shares=(target, index_keys.agent_key(statement["actor"])) if target else None,
    )


def authority_key(authority: dict) -> str:
    """One string per authority (an Agent, or an OAuth Group of two) for statements/read/mine."""
    if authority.get("objectType") == "Group" and "member" in authority:
        return "|".join(sorted(index_keys.agent_key(m) for m in authority["member"]))
    return index_keys.agent_key(authority)


def _definitions(prepared: list[dict]) -> dict[str, dict]:
    found: dict[str, dict] = {}
    for statement in prepared:
        for activity in _activities_in(statement):
            if isinstance(activity.get("definition"), dict):
                found[activity["id"]] = merge_definition(found.get(activity["id"], {}),
                                                         activity["definition"])
    return found


def _activities_in(statement: dict):
    obj = statement["object"]
    if obj.get("objectType", "Activity") == "Activity":
        yield obj
    elif obj.get("objectType") == "SubStatement":
        yield from _activities_in(obj)
    for group in statement.get("context", {}).get("contextActivities", {}).values():
        yield from (group if isinstance(group, list) else [group])


def merge_definition(old: dict, new: dict) -> dict:
    """The newest definition wins, language maps keep languages only the older one had."""
    merged = dict(old)
    for key, value in new.items():
        if key in ("name", "description") and isinstance(value, dict) and isinstance(old.get(key), dict):
            merged[key] = {**old[key], **value}
        else:
            merged[key] = value
    return merged
