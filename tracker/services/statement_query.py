"""Reading statements: GET one, GET queries with every filter, `more` cursors (Communication 2.1.3)."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from itsdangerous import BadSignature, URLSafeSerializer

from ..storage import StatementFilter, StatementStore
from ..xapi import index_keys
from ..xapi.errors import XAPIError
from ..xapi.formats import check_uuid, parse_timestamp
from ..xapi.json_input import json_param
from ..xapi.normalize import canonical_format, ids_format
from ..xapi.validation import validate_activity_id, validate_agent
from .clock import to_iso

FORMATS = ("exact", "ids", "canonical")
QUERY_PARAMS = {"agent", "verb", "activity", "registration", "related_activities", "related_agents",
                "since", "until", "limit", "format", "attachments", "ascending"}
SINGLE_PARAMS = {"statementId", "voidedStatementId", "format", "attachments"}


@dataclass
class Page:
    """What a query answers: statement bodies (JSON text) and the cursor for the next page."""

    bodies: list[str]
    more: str
    format: str
    attachments: bool


@dataclass
class Presentation:
    format: str = "exact"
    attachments: bool = False


def parse_bool(args, name: str) -> bool:
    value = args.get(name)
    if value is None:
        return False
    if value.lower() not in ("true", "false"):
        raise XAPIError(f"{name} parameter: must be true or false, got {value!r}")
    return value.lower() == "true"


def parse_presentation(args) -> Presentation:
    fmt = args.get("format", "exact")
    if fmt not in FORMATS:
        raise XAPIError(f"format parameter: must be one of {', '.join(FORMATS)}, got {fmt!r}")
    return Presentation(fmt, parse_bool(args, "attachments"))


def parse_filter(args, page_limit: int) -> StatementFilter:
    """Turn the query parameters into a StatementFilter, refusing bad values with 400."""
    flt = StatementFilter(limit=page_limit)
    if "agent" in args:
        flt.agent_key = index_keys.agent_key(_json_param(args, "agent", validate_agent))
    if "verb" in args:
        flt.verb_id = _iri_param(args, "verb")
    if "activity" in args:
        flt.activity_id = _iri_param(args, "activity")
    if "registration" in args:
        flt.registration = check_uuid(args["registration"], "registration parameter").lower()
    for name in ("since", "until"):
        if name in args:
            setattr(flt, name, to_iso(parse_timestamp(args[name], f"{name} parameter")))
    if "limit" in args:
        raw = args["limit"]
        if not raw.isdigit():
            raise XAPIError(f"limit parameter: must be a non-negative integer, got {raw!r}")
        flt.limit = min(int(raw), page_limit) if int(raw) > 0 else page_limit
    flt.related_agents = parse_bool(args, "related_agents")
    flt.related_activities = parse_bool(args, "related_activities")
    flt.ascending = parse_bool(args, "ascending")
    return flt


def _json_param(args, name: str, validate):
    value = json_param(args[name], name)
    validate(value, f"{name} parameter")
    return value


def _iri_param(args, name: str) -> str:
    value = args[name]
    validate_activity_id(value, f"{name} parameter")
    return value


class Cursors:
    """Signed `more` tokens holding the query and the last sequence number returned."""

    def __init__(self, secret_key: str):
        self.serializer = URLSafeSerializer(secret_key, salt="tracker.more")

    def dump(self, flt: StatementFilter, presentation: Presentation, after: int) -> str:
        state = {k: v for k, v in asdict(flt).items()
                 if v not in (None, False) and k != "private_reader"}  # set per request, never carried
        state["after"] = after
        state["p"] = [presentation.format, presentation.attachments]
        return self.serializer.dumps(state)

    def load(self, token: str) -> tuple[StatementFilter, Presentation]:
        try:
            state = self.serializer.loads(token)
            fmt, attachments = state.pop("p")
            return StatementFilter(**state), Presentation(fmt, attachments)
        except (BadSignature, TypeError, ValueError, KeyError):
            raise XAPIError("more parameter: not a cursor this tracker issued") from None


def run_query(store: StatementStore, flt: StatementFilter, presentation: Presentation,
              cursors: Cursors, more_path: str) -> Page:
    rows, has_more = store.query(flt)
    more = ""
    if has_more and rows:
        more = f"{more_path}?more={cursors.dump(flt, presentation, rows[-1][0])}"
    return Page([body for _, body in rows], more, presentation.format, presentation.attachments)


def render(bodies: list[str], fmt: str, languages: list[str]) -> list[str]:
    """Statement JSON texts in the asked format; `exact` is the stored text unchanged."""
    if fmt == "exact":
        return bodies
    convert = ids_format if fmt == "ids" else (lambda s: canonical_format(s, languages))
    return [json.dumps(convert(json.loads(b)), ensure_ascii=False) for b in bodies]


def attachment_hashes(bodies: list[str]) -> list[str]:
    hashes: list[str] = []
    for body in bodies:
        for attachment in json.loads(body).get("attachments", []):
            sha2 = str(attachment.get("sha2", "")).lower()
            if sha2 and sha2 not in hashes:
                hashes.append(sha2)
    return hashes
