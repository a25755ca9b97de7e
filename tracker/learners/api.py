"""POST /portal/session: a page exchanges its one-time code for a learner token (no auth, CORS)."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request

from ..api.requests import json_body
from ..xapi.errors import XAPIError
from .sign_in import CodeRefused, exchange_code
from .state import learner_state

portal_session = Blueprint("portal_session", __name__, url_prefix="/portal")


@portal_session.post("/session")
def create_session():
    body = json_body("request body")
    code = body.get("code") if isinstance(body, dict) else None
    if not isinstance(code, str) or not code.strip() or len(code) > 200:
        raise XAPIError('request body: expected {"code": "<the code from your personal link>"}')
    try:
        session = exchange_code(learner_state().learners, code.strip(),
                                current_app.config["TRACKER_TOKEN_TTL"])
    except CodeRefused as refused:
        return _no_store(jsonify({"error": {"status": 401, "code": refused.code,
                                            "message": refused.message}}), 401)
    learner = session.learner
    return _no_store(jsonify({
        "token": session.token, "token_type": "Bearer", "expires_at": session.expires_at,
        "endpoint": request.url_root + "xapi/", "actor": learner.actor,
        "registration": learner.registration, "role": learner.role,
        "learner": {"id": learner.id, "name": learner.name},
    }), 200)


def _no_store(response, status: int):
    response.status_code = status
    response.headers["Cache-Control"] = "no-store"
    return response
