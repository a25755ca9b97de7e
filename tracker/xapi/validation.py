"""Validation of whole Statements against the Data part of xAPI 1.0.3 and 2.0.0.

`validate_statement` raises XAPIError(400) at the first problem, naming its JSON path
("statement.context.registration: must be a UUID, got 'x'").
"""

from tracker.xapi.activities import validate_activity, validate_activity_id
from tracker.xapi.agents import IFIS, validate_actor, validate_agent, validate_authority
from tracker.xapi.errors import XAPIError
from tracker.xapi.index_keys import VOIDED_VERB
from tracker.xapi.formats import check_iri, check_language_map, check_object, check_uuid, describe, fail, parse_timestamp
from tracker.xapi.statement_parts import (
    validate_attachments, validate_context, validate_result, validate_statement_ref,
)
from tracker.xapi.versions import check_statement_version, is_2_0

__all__ = ["validate_statement", "validate_statements", "validate_agent", "validate_activity_id", "XAPIError"]

_STATEMENT_KEYS = frozenset({
    "id", "actor", "verb", "object", "result", "context", "timestamp", "stored", "authority",
    "version", "attachments",
})
_SUBSTATEMENT_KEYS = frozenset({
    "objectType", "actor", "verb", "object", "result", "context", "timestamp", "attachments",
})
_VERB_KEYS = frozenset({"id", "display"})
_OBJECT_TYPES = ("Activity", "Agent", "Group", "StatementRef", "SubStatement")


def validate_statement(statement: object, version: str, where: str = "statement") -> None:
    """Validate one Statement as received from a client (Data 2.4)."""
    statement = check_object(statement, where, _STATEMENT_KEYS, ("actor", "verb", "object"))
    if "id" in statement:
        check_uuid(statement["id"], f"{where}.id")
    _validate_core(statement, where, version, in_substatement=False)
    if "stored" in statement:
        parse_timestamp(statement["stored"], f"{where}.stored")
    if "authority" in statement:
        validate_authority(statement["authority"], f"{where}.authority")
    if "version" in statement:
        check_statement_version(statement["version"], f"{where}.version", version)


def validate_statements(statements: object, version: str) -> list[dict]:
    """Validate a POST body: one Statement or a non-empty array; paths read `statements[3].actor`."""
    if isinstance(statements, dict):
        validate_statement(statements, version)
        return [statements]
    if not isinstance(statements, list):
        raise XAPIError(f"statements: must be a Statement object or an array of them, got {describe(statements)}")
    if not statements:
        raise XAPIError("statements: must not be an empty array")
    for index, statement in enumerate(statements):
        validate_statement(statement, version, f"statements[{index}]")
    return statements


def _validate_core(statement: dict, where: str, version: str, *, in_substatement: bool) -> None:
    """What Statements and SubStatements share: actor, verb, object, result, context, timestamp, attachments."""
    validate_actor(statement["actor"], f"{where}.actor")
    _validate_verb(statement["verb"], f"{where}.verb")
    object_type = _validate_object(statement["object"], f"{where}.object", version, in_substatement)
    if statement["verb"]["id"] == VOIDED_VERB and object_type != "StatementRef":
        fail(f"{where}.object.objectType", "a voiding statement's object must be a StatementRef (Data 2.3.2)")
    if "result" in statement:
        validate_result(statement["result"], f"{where}.result")
    if "context" in statement:
        validate_context(statement["context"], f"{where}.context",
                         object_is_activity=object_type == "Activity", version=version)
    if "timestamp" in statement:
        parse_timestamp(statement["timestamp"], f"{where}.timestamp", require_zone=is_2_0(version))
    if "attachments" in statement:
        validate_attachments(statement["attachments"], f"{where}.attachments")


def _validate_verb(verb: object, where: str) -> None:
    verb = check_object(verb, where, _VERB_KEYS, ("id",))
    check_iri(verb["id"], f"{where}.id")
    if "display" in verb:
        check_language_map(verb["display"], f"{where}.display")


def _validate_object(obj: object, where: str, version: str, in_substatement: bool) -> str:
    """Dispatch on objectType (absent means Activity); return the type (Data 2.4.4)."""
    if not isinstance(obj, dict):
        fail(where, f"must be an object, got {describe(obj)}")
    if "objectType" not in obj and any(key in obj for key in IFIS):
        fail(f"{where}.objectType", 'is required ("Agent" or "Group") when the Object is an Agent or Group')
    object_type = obj.get("objectType", "Activity")
    if object_type not in _OBJECT_TYPES:
        fail(f"{where}.objectType", f"must be one of {', '.join(_OBJECT_TYPES)}, got {describe(object_type)}")
    if object_type == "Activity":
        validate_activity(obj, where)
    elif object_type in ("Agent", "Group"):
        validate_actor(obj, where, needs_object_type=True)
    elif object_type == "StatementRef":
        validate_statement_ref(obj, where)
    else:
        if in_substatement:
            fail(f"{where}.objectType", "a SubStatement cannot contain another SubStatement")
        _validate_substatement(obj, where, version)
    return object_type


def _validate_substatement(sub: dict, where: str, version: str) -> None:
    """A SubStatement has no id, stored, version or authority (Data 2.4.4.3)."""
    for key in ("id", "stored", "version", "authority"):
        if key in sub:
            fail(f"{where}.{key}", "is not allowed in a SubStatement")
    sub = check_object(sub, where, _SUBSTATEMENT_KEYS, ("actor", "verb", "object"))
    _validate_core(sub, where, version, in_substatement=True)
