"""The Activities and Agents resources (Communication 2.5, 2.6)."""
from __future__ import annotations


from flask import jsonify, request

from ..auth import requires
from ..extension import tracker
from ..services.activities import activity_definition
from ..xapi.errors import XAPIError
from ..xapi.json_input import json_param
from ..xapi.validation import validate_activity_id, validate_agent
from . import xapi
from .requests import allow_params, required

READERS = ("define", "profile", "state", "statements/read", "statements/read/mine")
IFIS = ("mbox", "mbox_sha1sum", "openid", "account")


@xapi.get("/activities")
@requires(*READERS)
def get_activity():
    allow_params({"activityId"})
    activity_id = required("activityId")
    validate_activity_id(activity_id, "activityId parameter")
    activity = {"objectType": "Activity", "id": activity_id}
    definition = activity_definition(tracker().statements, activity_id)
    if definition:
        activity["definition"] = definition
    return jsonify(activity)


@xapi.get("/agents")
@requires(*READERS)
def get_person():
    """A Person object of the one Agent asked for: its name and identifiers as arrays."""
    allow_params({"agent"})
    agent = agent_param()
    person: dict = {"objectType": "Person"}
    if isinstance(agent.get("name"), str):
        person["name"] = [agent["name"]]
    for ifi in IFIS:
        if ifi in agent:
            person[ifi] = [agent[ifi]]
    return jsonify(person)


def agent_param(name: str = "agent") -> dict:
    """The `agent` parameter: JSON of an Agent (or identified Group), validated."""
    raw = required(name)
    agent = json_param(raw, name)
    validate_agent(agent, f"{name} parameter")
    if agent.get("objectType") == "Group" and request.path.endswith("/agents"):
        raise XAPIError(f"{name} parameter: the Agents resource takes an Agent, not a Group")
    return agent
