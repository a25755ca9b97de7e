"""What the LRS does to a Statement it stores or returns (Data 2.4.1, 2.4.7-2.4.10; Communication 2.1.3)."""

import copy
import datetime as dt
import re
import uuid

from tracker.xapi.agents import IFIS
from tracker.xapi.formats import parse_timestamp
from tracker.xapi.versions import stored_version

LRS_SET_FIELDS = ("id", "authority", "stored", "timestamp", "version")
_SECONDS_RE = re.compile(r"(\d+)\.(\d{2})\d*S$")


def format_timestamp(moment: dt.datetime) -> str:
    """UTC, ISO 8601 with milliseconds (microseconds when there are any): 2024-05-04T17:00:00.123Z."""
    moment = moment.astimezone(dt.timezone.utc)
    digits = 6 if moment.microsecond % 1000 else 3
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond:06d}"[:digits] + "Z"


def utc_timestamp(value: str) -> str:
    """A received timestamp in UTC; one without a zone is kept as it is (1.0.x allows it)."""
    moment = parse_timestamp(value, "timestamp")
    if not value.upper().endswith("Z") and not re.search(r"[+-]\d{2}(:?\d{2})?$", value):
        return value
    return format_timestamp(moment)


def prepare_for_storage(statement: dict, *, stored: str, authority: dict, version: str) -> dict:
    """Return a copy with the LRS-set fields: id (uuid4 if absent), stored, authority (always the
    credential's), timestamp (= stored if absent, else in UTC), version (1.0.0 / 2.0.0 if absent);
    single context Activities become arrays (Data 2.4.6.2.s4.b3)."""
    result = copy.deepcopy(statement)
    result.setdefault("id", str(uuid.uuid4()))
    result["stored"] = stored
    result["authority"] = copy.deepcopy(authority)
    result["timestamp"] = utc_timestamp(result["timestamp"]) if "timestamp" in result else stored
    result.setdefault("version", stored_version(version))
    _context_activities_as_arrays(result)
    if isinstance(result.get("object"), dict) and result["object"].get("objectType") == "SubStatement":
        _context_activities_as_arrays(result["object"])
    return result


def _context_activities_as_arrays(statement: dict) -> None:
    activities = statement.get("context", {}).get("contextActivities")
    if isinstance(activities, dict):
        for kind, value in activities.items():
            if isinstance(value, dict):
                activities[kind] = [value]


def truncate_duration(duration: str) -> str:
    """Drop seconds precision beyond 0.01 s (xAPI 2.0 4.2.7: never compared, may be truncated)."""
    return _SECONDS_RE.sub(r"\1.\2S", duration)


def comparable(statement: dict, ignore: tuple[str, ...] = LRS_SET_FIELDS) -> dict:
    """The form two Statements are compared in (Data 2.3.1 Statement comparison)."""
    result = {key: value for key, value in copy.deepcopy(statement).items() if key not in ignore}
    _context_activities_as_arrays(result)
    _normalise_parts(result)
    obj = result.get("object")
    if isinstance(obj, dict):
        obj.setdefault("objectType", "Activity")
        if obj["objectType"] == "SubStatement":
            _context_activities_as_arrays(obj)
            _normalise_parts(obj)
            if "timestamp" in obj:
                obj["timestamp"] = utc_timestamp(obj["timestamp"])
    return result


def _normalise_parts(statement: dict) -> None:
    actor = statement.get("actor")
    if isinstance(actor, dict):
        actor.setdefault("objectType", "Agent")
    duration = statement.get("result", {}).get("duration")
    if isinstance(duration, str):
        statement["result"]["duration"] = truncate_duration(duration)


def statements_equivalent(a: dict, b: dict) -> bool:
    """Same Statement ignoring id, authority, stored, timestamp and version (Data 2.3.1)."""
    return comparable(a) == comparable(b)


def ids_format(statement: dict) -> dict:
    """`format=ids`: Agents/Groups by their IFI only, Activities and Verbs by id alone (Communication 2.1.3)."""
    result = copy.deepcopy(statement)
    _ids_in_statement(result)
    return result


def _ids_in_statement(statement: dict) -> None:
    for key in ("actor", "authority"):
        if key in statement:
            statement[key] = _actor_ids(statement[key])
    if "verb" in statement:
        statement["verb"] = {"id": statement["verb"]["id"]}
    obj = statement.get("object", {})
    object_type = obj.get("objectType", "Activity")
    if object_type == "Activity":
        statement["object"] = {"id": obj["id"]}
    elif object_type in ("Agent", "Group"):
        statement["object"] = _actor_ids(obj)
    elif object_type == "SubStatement":
        _ids_in_statement(obj)
    context = statement.get("context", {})
    for key in ("instructor", "team"):
        if key in context:
            context[key] = _actor_ids(context[key])
    for kind, activities in context.get("contextActivities", {}).items():
        listed = activities if isinstance(activities, list) else [activities]
        context["contextActivities"][kind] = [{"id": a["id"]} for a in listed]
    for entry in context.get("contextAgents", []):
        entry["agent"] = _actor_ids(entry["agent"])
    for entry in context.get("contextGroups", []):
        entry["group"] = _actor_ids(entry["group"])


def _actor_ids(actor: dict) -> dict:
    """The minimum that identifies an Agent or Group; anonymous Groups keep their members' ids."""
    object_type = actor.get("objectType", "Agent")
    result = {"objectType": object_type}
    for key in IFIS:
        if key in actor:
            result[key] = copy.deepcopy(actor[key])
            return result
    if object_type == "Group":
        result["member"] = [_actor_ids(member) for member in actor.get("member", [])]
    return result


def pick_language(language_map: dict, languages: list[str]) -> dict:
    """Keep the one entry that best fits the Accept-Language list (exact, then prefix, then first)."""
    if len(language_map) <= 1:
        return dict(language_map)
    lowered = {tag.lower(): tag for tag in language_map}
    for wanted in (language.lower() for language in languages):
        if wanted in lowered:
            return {lowered[wanted]: language_map[lowered[wanted]]}
        for tag_lower, tag in lowered.items():
            if tag_lower.split("-")[0] == wanted.split("-")[0]:
                return {tag: language_map[tag]}
    first = next(iter(language_map))
    return {first: language_map[first]}


def canonical_format(statement: dict, languages: list[str]) -> dict:
    """`format=canonical`: every language map of Activities and Verbs reduced to one language."""
    result = copy.deepcopy(statement)
    _canonical_in_statement(result, languages)
    return result


def _canonical_in_statement(statement: dict, languages: list[str]) -> None:
    verb = statement.get("verb", {})
    if "display" in verb:
        verb["display"] = pick_language(verb["display"], languages)
    obj = statement.get("object", {})
    object_type = obj.get("objectType", "Activity")
    if object_type == "Activity":
        _canonical_activity(obj, languages)
    elif object_type == "SubStatement":
        _canonical_in_statement(obj, languages)
    for activities in statement.get("context", {}).get("contextActivities", {}).values():
        for activity in activities if isinstance(activities, list) else [activities]:
            _canonical_activity(activity, languages)


def _canonical_activity(activity: dict, languages: list[str]) -> None:
    definition = activity.get("definition", {})
    for key in ("name", "description"):
        if key in definition:
            definition[key] = pick_language(definition[key], languages)
    for key in ("choices", "scale", "source", "target", "steps"):
        for component in definition.get(key, []):
            if "description" in component:
                component["description"] = pick_language(component["description"], languages)


__all__ = [
    "prepare_for_storage", "statements_equivalent", "ids_format", "canonical_format", "comparable",
    "format_timestamp", "utc_timestamp", "truncate_duration", "pick_language",
]
