"""What the statement store indexes so queries can filter (Communication 2.1.3 query parameters)."""

from tracker.xapi.agents import IFIS

VOIDED_VERB = "http://adlnet.gov/expapi/verbs/voided"


def agent_key(agent: dict) -> str:
    """The canonical IFI string of an Agent or identified Group; "" for an anonymous Group.

    "mbox:mailto:a@b" (scheme lower-cased), "mbox_sha1sum:<hex, lower>", "openid:<uri>",
    "account:<homePage>|<name>". Names never take part: same IFI, same Agent (Communication 2.1.3).
    """
    if "mbox" in agent:
        mbox = agent["mbox"]
        return "mbox:mailto:" + mbox[len("mailto:"):] if mbox[:7].lower() == "mailto:" else "mbox:" + mbox
    if "mbox_sha1sum" in agent:
        return "mbox_sha1sum:" + agent["mbox_sha1sum"].lower()
    if "openid" in agent:
        return "openid:" + agent["openid"]
    if "account" in agent:
        account = agent["account"]
        return f"account:{account['homePage']}|{account['name']}"
    return ""


def _is_actor(value: object) -> bool:
    return isinstance(value, dict) and (
        value.get("objectType") in ("Agent", "Group") or any(key in value for key in IFIS)
    )


def _keys_of(actor: object, *, with_members: bool) -> list[str]:
    if not isinstance(actor, dict):
        return []
    keys = [agent_key(actor)]
    if with_members and actor.get("objectType") == "Group":
        keys += [agent_key(member) for member in actor.get("member", [])]
    return [key for key in keys if key]


def _unique(keys: list[str]) -> list[str]:
    return list(dict.fromkeys(keys))


def actor_keys(statement: dict) -> list[str]:
    """Keys the `agent` filter matches: the Actor, and the Object when it is an Agent or Group.

    The spec (Communication 2.1.3) matches "the Actor or Object"; members of a Group are not matched.
    """
    keys = _keys_of(statement.get("actor"), with_members=False)
    obj = statement.get("object")
    if isinstance(obj, dict) and obj.get("objectType") in ("Agent", "Group"):
        keys += _keys_of(obj, with_members=False)
    return _unique(keys)


def related_agent_keys(statement: dict) -> list[str]:
    """Keys `related_agents=true` matches: actor, object, authority, instructor, team, 2.0 context
    agents and groups, and the same inside a SubStatement; Group members included."""
    keys = _related(statement)
    obj = statement.get("object")
    if isinstance(obj, dict) and obj.get("objectType") == "SubStatement":
        keys += _related(obj)
    return _unique(keys)


def _related(statement: dict) -> list[str]:
    keys = _keys_of(statement.get("actor"), with_members=True)
    keys += _keys_of(statement.get("authority"), with_members=True)
    obj = statement.get("object")
    if isinstance(obj, dict) and obj.get("objectType") in ("Agent", "Group"):
        keys += _keys_of(obj, with_members=True)
    context = statement.get("context") or {}
    for key in ("instructor", "team"):
        keys += _keys_of(context.get(key), with_members=True)
    for entry in context.get("contextAgents", []):
        keys += _keys_of(entry.get("agent"), with_members=True)
    for entry in context.get("contextGroups", []):
        keys += _keys_of(entry.get("group"), with_members=True)
    return keys


def object_activity_id(statement: dict) -> str | None:
    """The Object's id when the Object is an Activity (objectType absent or "Activity")."""
    obj = statement.get("object") or {}
    return obj.get("id") if obj.get("objectType", "Activity") == "Activity" else None


def _context_activity_ids(statement: dict) -> list[str]:
    ids = []
    for activities in ((statement.get("context") or {}).get("contextActivities") or {}).values():
        for activity in activities if isinstance(activities, list) else [activities]:
            ids.append(activity["id"])
    return ids


def related_activity_ids(statement: dict) -> list[str]:
    """Ids `related_activities=true` matches: the Object, context Activities, and a SubStatement's."""
    ids = [object_activity_id(statement)] + _context_activity_ids(statement)
    obj = statement.get("object") or {}
    if obj.get("objectType") == "SubStatement":
        ids += [object_activity_id(obj)] + _context_activity_ids(obj)
    return _unique([activity_id for activity_id in ids if activity_id])


def statement_ref_target(statement: dict) -> str | None:
    obj = statement.get("object") or {}
    return obj.get("id") if obj.get("objectType") == "StatementRef" else None


def is_voiding(statement: dict) -> bool:
    """A voiding Statement: verb "voided" and a StatementRef Object (Data 2.3.2)."""
    return (statement.get("verb") or {}).get("id") == VOIDED_VERB and statement_ref_target(statement) is not None


def verb_id(statement: dict) -> str:
    return statement["verb"]["id"]


def registration(statement: dict) -> str | None:
    return (statement.get("context") or {}).get("registration")
