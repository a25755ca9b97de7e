"""Result, Context and attachment metadata of a Statement (Data 2.4.5, 2.4.6, 2.4.11)."""

from tracker.xapi.activities import validate_activity
from tracker.xapi.agents import validate_actor, validate_agent_object, validate_group
from tracker.xapi.formats import (
    check_array, check_bool, check_duration, check_extensions, check_iri, check_language_map,
    check_language_tag, check_number, check_object, check_sha2, check_string, check_uuid, describe, fail,
)
from tracker.xapi.versions import is_2_0

_RESULT_KEYS = frozenset({"score", "success", "completion", "response", "duration", "extensions"})
_SCORE_KEYS = frozenset({"scaled", "raw", "min", "max"})
_CONTEXT_KEYS_1 = frozenset({
    "registration", "instructor", "team", "contextActivities", "revision", "platform",
    "language", "statement", "extensions",
})
_CONTEXT_KEYS_2 = _CONTEXT_KEYS_1 | {"contextAgents", "contextGroups"}
CONTEXT_ACTIVITY_KINDS = ("parent", "grouping", "category", "other")
_STATEMENT_REF_KEYS = frozenset({"objectType", "id"})
_ATTACHMENT_KEYS = frozenset({"usageType", "display", "description", "contentType", "length", "sha2", "fileUrl"})


def validate_result(result: object, where: str) -> None:
    result = check_object(result, where, _RESULT_KEYS)
    if "score" in result:
        _validate_score(result["score"], f"{where}.score")
    for key in ("success", "completion"):
        if key in result:
            check_bool(result[key], f"{where}.{key}")
    if "response" in result:
        check_string(result["response"], f"{where}.response")
    if "duration" in result:
        check_duration(result["duration"], f"{where}.duration")
    if "extensions" in result:
        check_extensions(result["extensions"], f"{where}.extensions")


def _validate_score(score: object, where: str) -> None:
    """scaled in [-1, 1]; min < max; raw within [min, max] (Data 2.4.5.1)."""
    score = check_object(score, where, _SCORE_KEYS)
    for key in _SCORE_KEYS:
        if key in score:
            check_number(score[key], f"{where}.{key}")
    if "scaled" in score and not -1 <= score["scaled"] <= 1:
        fail(f"{where}.scaled", f"must be between -1 and 1, got {score['scaled']}")
    low, high, raw = score.get("min"), score.get("max"), score.get("raw")
    if low is not None and high is not None and low >= high:
        fail(f"{where}.min", f"must be less than max ({low} >= {high})")
    if raw is not None and low is not None and raw < low:
        fail(f"{where}.raw", f"must not be below min ({raw} < {low})")
    if raw is not None and high is not None and raw > high:
        fail(f"{where}.raw", f"must not be above max ({raw} > {high})")


def validate_statement_ref(ref: object, where: str) -> None:
    ref = check_object(ref, where, _STATEMENT_REF_KEYS, ("objectType", "id"))
    if ref["objectType"] != "StatementRef":
        fail(f"{where}.objectType", f'must be "StatementRef", got {describe(ref["objectType"])}')
    check_uuid(ref["id"], f"{where}.id")


def validate_context(context: object, where: str, *, object_is_activity: bool, version: str) -> None:
    """Context; revision and platform only when the Object is an Activity (Data 2.4.6.s4)."""
    context = check_object(context, where, _CONTEXT_KEYS_2 if is_2_0(version) else _CONTEXT_KEYS_1)
    if "registration" in context:
        check_uuid(context["registration"], f"{where}.registration")
    if "instructor" in context:
        validate_actor(context["instructor"], f"{where}.instructor")
    if "team" in context:
        team = context["team"]
        if not isinstance(team, dict) or team.get("objectType") != "Group":
            fail(f"{where}.team", 'must be a Group (objectType "Group")')
        validate_group(team, f"{where}.team")
    if "contextActivities" in context:
        _validate_context_activities(context["contextActivities"], f"{where}.contextActivities")
    for key in ("revision", "platform"):
        if key in context:
            check_string(context[key], f"{where}.{key}")
            if not object_is_activity:
                fail(f"{where}.{key}", "may only be used when the Statement's object is an Activity")
    if "language" in context:
        check_language_tag(context["language"], f"{where}.language")
    if "statement" in context:
        validate_statement_ref(context["statement"], f"{where}.statement")
    if "extensions" in context:
        check_extensions(context["extensions"], f"{where}.extensions")
    if "contextAgents" in context:
        _validate_context_agents(context["contextAgents"], f"{where}.contextAgents", "contextAgent", "agent")
    if "contextGroups" in context:
        _validate_context_agents(context["contextGroups"], f"{where}.contextGroups", "contextGroup", "group")


def _validate_context_activities(value: object, where: str) -> None:
    """parent, grouping, category, other: an Activity or an array of them (Data 2.4.6.2)."""
    value = check_object(value, where, frozenset(CONTEXT_ACTIVITY_KINDS))
    for kind, activities in value.items():
        if isinstance(activities, list):
            for index, activity in enumerate(activities):
                validate_activity(activity, f"{where}.{kind}[{index}]")
        else:
            validate_activity(activities, f"{where}.{kind}")


def _validate_context_agents(value: object, where: str, object_type: str, member_key: str) -> None:
    """2.0.0 contextAgents/contextGroups: objectType, the Agent/Group, optional relevantTypes IRIs."""
    for index, entry in enumerate(check_array(value, where)):
        here = f"{where}[{index}]"
        entry = check_object(entry, here, frozenset({"objectType", member_key, "relevantTypes"}),
                             ("objectType", member_key))
        if entry["objectType"] != object_type:
            fail(f"{here}.objectType", f'must be "{object_type}", got {describe(entry["objectType"])}')
        if member_key == "agent":
            validate_agent_object(entry["agent"], f"{here}.agent")
        else:
            group = entry["group"]
            if not isinstance(group, dict) or group.get("objectType") != "Group":
                fail(f"{here}.group", 'must be a Group (objectType "Group")')
            validate_group(group, f"{here}.group")
        if "relevantTypes" in entry:
            types = check_array(entry["relevantTypes"], f"{here}.relevantTypes", non_empty=True)
            for position, iri in enumerate(types):
                check_iri(iri, f"{here}.relevantTypes[{position}]")


def validate_attachments(value: object, where: str) -> None:
    """Attachment metadata (Data 2.4.11): usageType, display, contentType, length, sha2 required."""
    for index, attachment in enumerate(check_array(value, where)):
        here = f"{where}[{index}]"
        attachment = check_object(attachment, here, _ATTACHMENT_KEYS,
                                  ("usageType", "display", "contentType", "length", "sha2"))
        check_iri(attachment["usageType"], f"{here}.usageType")
        check_language_map(attachment["display"], f"{here}.display")
        if "description" in attachment:
            check_language_map(attachment["description"], f"{here}.description")
        check_string(attachment["contentType"], f"{here}.contentType", non_empty=True)
        length = attachment["length"]
        if isinstance(length, bool) or not isinstance(length, int) or length < 0:
            fail(f"{here}.length", f"must be a non-negative integer, got {describe(length)}")
        check_sha2(attachment["sha2"], f"{here}.sha2")
        if "fileUrl" in attachment:
            check_iri(attachment["fileUrl"], f"{here}.fileUrl", "IRL")
