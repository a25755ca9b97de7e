"""/portal/session: a page exchanges its one-time code for a learner token (POST, no auth, CORS)
and ends it again when the learner signs out (DELETE with the token)."""
from __future__ import annotations

from flask import Blueprint, jsonify, make_response, request

from ..api.requests import json_body
from ..extension import tracker
from ..limits import throttle
from ..xapi.errors import XAPIError
from .hooks import token_life
from .sign_in import CodeRefused, exchange_code, revoke_token
from .state import learner_state

portal_session = Blueprint("portal_session", __name__, url_prefix="/portal")


@portal_session.post("/session")
def create_session():
    body = json_body("request body")
    code = body.get("code") if isinstance(body, dict) else None
    if not isinstance(code, str) or not code.strip() or len(code) > 200:
        raise XAPIError('request body: expected {"code": "<the code from your personal link>"}')
    engine = tracker().engine
    throttle.check_code(engine)  # a refused code is failed authentication: no guessing codes
    try:
        session = exchange_code(learner_state().learners, code.strip(), token_life())
    except CodeRefused as refused:
        throttle.failed_code(engine)
        return _no_store(jsonify({"error": {"status": 401, "code": refused.code,
                                            "message": refused.message}}), 401)
    learner = session.learner
    return _no_store(jsonify({
        "token": session.token, "token_type": "Bearer", "expires_at": session.expires_at,
        "renewable_until": session.renewable_until,
        "endpoint": request.url_root + "xapi/", "actor": learner.actor,
        "registration": learner.registration, "role": learner.role,
        "learner": {"id": learner.id, "name": learner.name},
    }), 200)


@portal_session.delete("/session")
def end_session():
    """Sign-out: the Bearer token stops at once (204, also when it had already ended)."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise XAPIError("Authorization header: Bearer token required (the token of the session to end)", 401)
    revoke_token(tracker().credentials, token.strip())
    return _no_store(make_response("", 204), 204)


@portal_session.after_request
def _never_cached(response):
    """Every answer here, refusals and 429 included, is about one person's sign-in."""
    response.headers["Cache-Control"] = "no-store"
    return response


def _no_store(response, status: int):
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response
