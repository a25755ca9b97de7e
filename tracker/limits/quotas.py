"""Quotas of a learner token (issue 11): State document size and count, statement size, statements per
minute. Checked after the learner policy, before anything is stored; 413 for sizes and counts, 429 with
Retry-After for the rate. Settings: TRACKER_LEARNER_* (docs/learners.md, "Quotas")."""
from __future__ import annotations

import json
import time

from flask import current_app, request
from sqlalchemy import func, select

from ..storage import Credential
from ..storage.schema import documents
from ..xapi import index_keys
from ..xapi.errors import XAPIError
from ..xapi.json_input import load_json
from .counters import add, counts, retry_after
from .tables import learner_rates
from .throttle import Throttled

RATE_WINDOW = 60.0


def check_learner(credential: Credential, engine) -> None:
    """Refuse this learner request when it goes beyond a quota."""
    if request.endpoint in ("xapi.put_statement", "xapi.post_statements"):
        check_statements(credential, engine)
    elif request.endpoint == "xapi.state" and request.method in ("PUT", "POST"):
        check_state(credential, engine)


def _statements() -> list | None:
    if (request.mimetype or "").lower() != "application/json":
        return None  # multipart or a wrong type: the route refuses or the size limit applies
    try:
        body = load_json(request.get_data(cache=True), "statements")
    except XAPIError:
        return None  # the route answers 400
    return body if isinstance(body, list) else [body]


def check_statements(credential: Credential, engine) -> None:
    config = current_app.config
    batch = _statements()
    if batch is None:
        return
    max_bytes, max_chars = config["TRACKER_LEARNER_STATEMENT_BYTES"], config["TRACKER_LEARNER_RESPONSE_CHARS"]
    for index, statement in enumerate(batch):
        where = f"statements[{index}]" if len(batch) > 1 else "statement"
        size = len(json.dumps(statement, ensure_ascii=False).encode("utf-8"))
        if size > max_bytes:
            raise XAPIError(f"{where}: {size} bytes; a learner's statement may have at most "
                            f"{max_bytes} bytes", 413)
        result = statement.get("result") if isinstance(statement, dict) else None
        response = result.get("response") if isinstance(result, dict) else None
        if isinstance(response, str) and len(response) > max_chars:
            raise XAPIError(f"{where}.result.response: {len(response)} characters; a learner's answer "
                            f"or reflection may have at most {max_chars}", 413)
    _count_statements(credential, engine, len(batch), config["TRACKER_LEARNER_STATEMENTS_PER_MINUTE"])


def _count_statements(credential: Credential, engine, amount: int, limit: int) -> None:
    """Count the batch against the token's minute; a batch alone may exceed the limit (never starved)."""
    now = time.time()
    current = counts(engine, learner_rates, "credential_key", "statements", [credential.key], now,
                     RATE_WINDOW).get(credential.key)
    if current is not None and current[0] > 0 and current[0] + amount > limit:
        wait = retry_after(current[1])
        raise Throttled(f"statements: this sign-in may store {limit} statements per minute; "
                        f"try again in {wait} s (nothing of this request was stored)", wait)
    add(engine, learner_rates, "credential_key", "statements", [credential.key], amount, now, RATE_WINDOW)


def check_state(credential: Credential, engine) -> None:
    config = current_app.config
    max_bytes = config["TRACKER_LEARNER_STATE_BYTES"]
    size = len(request.get_data(cache=True))
    if size > max_bytes:
        raise XAPIError(f"State document: {size} bytes; a learner's State document may have at most "
                        f"{max_bytes} bytes", 413)
    limit = config["TRACKER_LEARNER_STATE_DOCUMENTS"]
    agent_key = index_keys.agent_key(credential.authority)
    mine = (documents.c.kind == "state") & (documents.c.agent_key == agent_key)
    with engine.connect() as conn:
        held = conn.execute(select(func.count()).where(mine)).scalar()
        if held < limit:
            return
        exists = conn.execute(select(documents.c.id).where(
            mine, documents.c.activity_id == request.args.get("activityId", ""),
            documents.c.registration == (request.args.get("registration") or "").lower(),
            documents.c.document_id == request.args.get("stateId", "")).limit(1)).first()
    if exists is None:
        raise XAPIError(f"State documents: this learner already keeps {held}, the most allowed; "
                        "delete some before adding another", 413)
