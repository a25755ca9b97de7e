"""Actors: Agents, Groups, their Inverse Functional Identifiers, and authority (Data 2.4.2, 2.4.9)."""

from tracker.xapi.formats import (
    check_array, check_iri, check_mailto, check_object, check_sha1, check_string, describe, fail,
)

IFIS = ("mbox", "mbox_sha1sum", "openid", "account")
_AGENT_KEYS = frozenset({"objectType", "name", *IFIS})
_GROUP_KEYS = frozenset({"objectType", "name", "member", *IFIS})
_ACCOUNT_KEYS = frozenset({"homePage", "name"})


def _check_ifis(actor: dict, where: str) -> int:
    """Check each IFI present; return how many there are."""
    present = [key for key in IFIS if key in actor]
    if "mbox" in actor:
        check_mailto(actor["mbox"], f"{where}.mbox")
    if "mbox_sha1sum" in actor:
        check_sha1(actor["mbox_sha1sum"], f"{where}.mbox_sha1sum")
    if "openid" in actor:
        check_iri(actor["openid"], f"{where}.openid", "URI")
    if "account" in actor:
        account = check_object(actor["account"], f"{where}.account", _ACCOUNT_KEYS, ("homePage", "name"))
        check_iri(account["homePage"], f"{where}.account.homePage", "IRL")
        check_string(account["name"], f"{where}.account.name")
    if len(present) > 1:
        fail(where, f"must have exactly one identifier, has {', '.join(present)}")
    return len(present)


def validate_agent_object(agent: object, where: str, *, needs_object_type: bool = False) -> None:
    """An Agent: exactly one IFI; objectType "Agent" when present (or when `needs_object_type`)."""
    agent = check_object(agent, where, _AGENT_KEYS)
    object_type = agent.get("objectType")
    if object_type is None and needs_object_type:
        fail(f"{where}.objectType", 'is required ("Agent") here')
    if "objectType" in agent and object_type != "Agent":
        fail(f"{where}.objectType", f'must be "Agent", got {describe(object_type)}')
    if "name" in agent:
        check_string(agent["name"], f"{where}.name")
    if _check_ifis(agent, where) != 1:
        fail(where, "an Agent needs exactly one of mbox, mbox_sha1sum, openid, account")


def validate_group(group: object, where: str) -> None:
    """A Group: objectType "Group"; anonymous ones list members, identified ones have one IFI."""
    group = check_object(group, where, _GROUP_KEYS, ("objectType",))
    if group["objectType"] != "Group":
        fail(f"{where}.objectType", f'must be "Group", got {describe(group["objectType"])}')
    if "name" in group:
        check_string(group["name"], f"{where}.name")
    identified = _check_ifis(group, where) == 1
    if "member" in group:
        members = check_array(group["member"], f"{where}.member")
        for index, member in enumerate(members):
            validate_agent_object(member, f"{where}.member[{index}]")
    if not identified and not group.get("member"):
        fail(f"{where}.member", "an anonymous Group needs at least one member")


def validate_actor(actor: object, where: str, *, needs_object_type: bool = False) -> None:
    """An Agent or a Group, told apart by objectType (Data 2.4.2)."""
    if isinstance(actor, dict) and actor.get("objectType") == "Group":
        validate_group(actor, where)
    else:
        validate_agent_object(actor, where, needs_object_type=needs_object_type)


def validate_authority(authority: object, where: str) -> None:
    """An Agent, or an anonymous Group of exactly two Agents for OAuth 3-legged (Data 2.4.9)."""
    validate_actor(authority, where)
    if authority.get("objectType") != "Group":
        return
    if any(key in authority for key in IFIS):
        fail(where, "an authority Group must be anonymous (no mbox, mbox_sha1sum, openid or account)")
    if len(authority.get("member", [])) != 2:
        fail(f"{where}.member", "an authority Group must have exactly two Agents (OAuth consumer and user)")


def validate_agent(agent: object, where: str) -> None:
    """An `agent` request parameter: an Agent or an identified Group (Communication 2.1.3, 2.3, 2.4)."""
    if isinstance(agent, dict) and agent.get("objectType") == "Group":
        validate_group(agent, where)
        if not any(key in agent for key in IFIS):
            fail(where, "must be an Agent or an identified Group (with an mbox, mbox_sha1sum, openid or account)")
    else:
        validate_agent_object(agent, where)
