"""Activities and their definitions, interaction types and components (Data 2.4.4.1)."""

from tracker.xapi.formats import (
    check_array, check_extensions, check_iri, check_language_map, check_object, check_string, describe, fail,
)

_ACTIVITY_KEYS = frozenset({"objectType", "id", "definition"})
_COMPONENT_LISTS = ("choices", "scale", "source", "target", "steps")
_DEFINITION_KEYS = frozenset({
    "name", "description", "type", "moreInfo", "extensions",
    "interactionType", "correctResponsesPattern", *_COMPONENT_LISTS,
})
_COMPONENT_KEYS = frozenset({"id", "description"})

# Which component lists each interaction type may carry (Data 2.4.4.1, interaction components table).
INTERACTION_COMPONENTS = {
    "true-false": (),
    "choice": ("choices",),
    "fill-in": (),
    "long-fill-in": (),
    "matching": ("source", "target"),
    "performance": ("steps",),
    "sequencing": ("choices",),
    "likert": ("scale",),
    "numeric": (),
    "other": (),
}


def validate_activity(activity: object, where: str) -> None:
    """An Activity: an IRI id, objectType "Activity" when present, an optional definition."""
    activity = check_object(activity, where, _ACTIVITY_KEYS, ("id",))
    if "objectType" in activity and activity["objectType"] != "Activity":
        fail(f"{where}.objectType", f'must be "Activity", got {describe(activity["objectType"])}')
    check_iri(activity["id"], f"{where}.id")
    if "definition" in activity:
        validate_definition(activity["definition"], f"{where}.definition")


def validate_activity_id(value: object, where: str) -> None:
    """An `activityId` request parameter: an IRI."""
    check_iri(value, where)


def validate_definition(definition: object, where: str) -> None:
    definition = check_object(definition, where, _DEFINITION_KEYS)
    for key in ("name", "description"):
        if key in definition:
            check_language_map(definition[key], f"{where}.{key}")
    if "type" in definition:
        check_iri(definition["type"], f"{where}.type")
    if "moreInfo" in definition:
        check_iri(definition["moreInfo"], f"{where}.moreInfo", "IRL")
    if "extensions" in definition:
        check_extensions(definition["extensions"], f"{where}.extensions")
    _validate_interaction(definition, where)


def _validate_interaction(definition: dict, where: str) -> None:
    """interactionType is required once any interaction property is used (Data 2.4.4.1.s8)."""
    used = [key for key in ("correctResponsesPattern", *_COMPONENT_LISTS) if key in definition]
    if "interactionType" not in definition:
        if used:
            fail(f"{where}.interactionType", f"is required when {used[0]} is present")
        return
    interaction_type = definition["interactionType"]
    if not isinstance(interaction_type, str) or interaction_type not in INTERACTION_COMPONENTS:
        fail(f"{where}.interactionType",
             f"must be one of {', '.join(INTERACTION_COMPONENTS)} (case-sensitive), got {describe(interaction_type)}")
    if "correctResponsesPattern" in definition:
        patterns = check_array(definition["correctResponsesPattern"], f"{where}.correctResponsesPattern")
        for index, pattern in enumerate(patterns):
            check_string(pattern, f"{where}.correctResponsesPattern[{index}]")
    allowed = INTERACTION_COMPONENTS[interaction_type]
    for key in _COMPONENT_LISTS:
        if key not in definition:
            continue
        if key not in allowed:
            fail(f"{where}.{key}", f'is not used by interactionType "{interaction_type}"')
        _validate_components(definition[key], f"{where}.{key}")


def _validate_components(components: object, where: str) -> None:
    """Interaction components: a string id, distinct within the list, and a description map."""
    seen: set[str] = set()
    for index, component in enumerate(check_array(components, where)):
        here = f"{where}[{index}]"
        component = check_object(component, here, _COMPONENT_KEYS, ("id",))
        component_id = check_string(component["id"], f"{here}.id", non_empty=True)
        if component_id in seen:
            fail(f"{here}.id", f"{component_id!r} is used twice in this list")
        seen.add(component_id)
        if "description" in component:
            check_language_map(component["description"], f"{here}.description")
