"""State, Activity Profile and Agent Profile resources: PUT, POST, GET (one or ids), DELETE, HEAD."""
from __future__ import annotations

import json
from dataclasses import dataclass
from email.utils import format_datetime

from flask import Response, g, request

from ..auth import requires
from ..extension import tracker
from ..services import documents as rules
from ..services.clock import parse_iso, to_iso
from ..storage import DocumentKey
from ..xapi import index_keys
from ..xapi.errors import XAPIError
from ..xapi.formats import check_uuid, parse_timestamp
from ..xapi.validation import validate_activity_id
from . import xapi
from .definitions import agent_param
from .requests import allow_params, required


@dataclass(frozen=True)
class Resource:
    """One document resource: its kind, id parameter and which of activity/agent/registration it uses."""

    kind: str
    id_param: str
    activity: bool
    agent: bool
    registration: bool = False

    @property
    def params(self) -> set[str]:
        names = {self.id_param, "since"}
        if self.activity:
            names.add("activityId")
        if self.agent:
            names.add("agent")
        if self.registration:
            names.add("registration")
        return names


STATE = Resource("state", "stateId", activity=True, agent=True, registration=True)
ACTIVITY_PROFILE = Resource("activity_profile", "profileId", activity=True, agent=False)
AGENT_PROFILE = Resource("agent_profile", "profileId", activity=False, agent=True)


def _where(resource: Resource) -> dict:
    """activity_id, agent_key and registration of this request ('' when unused)."""
    parts = {"activity_id": "", "agent_key": "", "registration": ""}
    if resource.activity:
        activity_id = required("activityId")
        validate_activity_id(activity_id, "activityId parameter")
        parts["activity_id"] = activity_id
    if resource.agent:
        parts["agent_key"] = index_keys.agent_key(agent_param())
    if resource.registration and "registration" in request.args:
        parts["registration"] = check_uuid(request.args["registration"],
                                           "registration parameter").lower()
    return parts


def _preconditions() -> rules.Preconditions:
    return rules.Preconditions(request.headers.get("If-Match"), request.headers.get("If-None-Match"))


def _content() -> tuple[bytes, str]:
    return request.get_data(cache=True), request.content_type or "application/octet-stream"


def _write(resource: Resource, method: str):
    allow_params(resource.params - {"since"})
    where = _where(resource)
    key = DocumentKey(resource.kind, required(resource.id_param), **where)
    content, content_type = _content()
    store = tracker().documents
    if method == "PUT":
        rules.put_document(store, key, content, content_type, _preconditions(),
                           policy=_put_policy(resource))
    else:
        rules.post_document(store, key, content, content_type, _preconditions())
    return Response(status=204)


def _put_policy(resource: Resource) -> str:
    """How a PUT without If-Match/If-None-Match is treated (Communication 3.1; 2.0.0 4.1.4)."""
    version_2 = g.xapi_version.startswith("2.")
    if resource.kind == "state":
        return rules.CONFLICT_IF_EXISTS if version_2 else rules.OVERWRITE
    return rules.CONFLICT_IF_EXISTS if version_2 else rules.ALWAYS_REQUIRED


def _read(resource: Resource):
    allow_params(resource.params)
    where = _where(resource)
    store = tracker().documents
    document_id = request.args.get(resource.id_param)
    if document_id is None:
        since = request.args.get("since")
        since = to_iso(parse_timestamp(since, "since parameter")) if since is not None else None
        registration = where.pop("registration")
        ids = store.ids(resource.kind, since=since, registration=registration, **where)
        return Response(json.dumps(ids), mimetype="application/json")
    if "since" in request.args:
        raise XAPIError(f"since parameter: not allowed together with {resource.id_param}")
    document = store.get(DocumentKey(resource.kind, document_id, **where))
    if document is None:
        raise XAPIError(f"{resource.id_param} parameter: no document {document_id!r}", 404)
    response = Response(document.content, content_type=document.content_type)
    response.headers["ETag"] = f'"{document.etag}"'
    response.headers["Last-Modified"] = format_datetime(parse_iso(document.updated), usegmt=True)
    return response


def _delete(resource: Resource):
    allow_params(resource.params - {"since"})
    where = _where(resource)
    store = tracker().documents
    document_id = request.args.get(resource.id_param)
    if document_id is not None:
        rules.delete_document(store, DocumentKey(resource.kind, document_id, **where), _preconditions())
    elif resource.kind == "state":
        registration = where.pop("registration") or None
        store.delete_all(resource.kind, registration=registration, **where)
    else:
        raise XAPIError(f"{resource.id_param} parameter: required")
    return Response(status=204)


def _routes(path: str, resource: Resource, scope: str) -> None:
    endpoint = resource.kind

    @requires(scope)
    def handle():
        if request.method in ("GET", "HEAD"):
            return _read(resource)
        if request.method == "DELETE":
            return _delete(resource)
        return _write(resource, request.method)

    handle.__name__ = endpoint
    xapi.add_url_rule(path, endpoint, handle, methods=["GET", "PUT", "POST", "DELETE"])


_routes("/activities/state", STATE, "state")
_routes("/activities/profile", ACTIVITY_PROFILE, "profile")
_routes("/agents/profile", AGENT_PROFILE, "profile")
