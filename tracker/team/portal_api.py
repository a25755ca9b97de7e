"""GET /portal/me/team: what the organisation side tells a learner (Bearer learner token, CORS).

The coach's feedback on shared reflections (read in "Mijn reflecties") and the steps a coach or
trainer confirmed ("bevestigd door <naam>" on the overview). Only the token's own learner's rows.
"""
from __future__ import annotations

from flask import Blueprint, jsonify, request

from ..extension import tracker
from ..xapi.errors import XAPIError
from . import dossier

portal_me = Blueprint("portal_me", __name__, url_prefix="/portal")


@portal_me.get("/me/team")
def my_team():
    from ..learners.hooks import bearer_credential

    header = request.headers.get("Authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise XAPIError("Authorization header: a learner's Bearer token is required", 401)
    credential = bearer_credential(token.strip())
    engine = tracker().engine
    confirmed = [{"step": c["step_id"], "by": c["by"], "on": c["held_on"], "kind": c["kind"],
                  "minutes": c["minutes"]} for c in dossier.confirmations_of(engine, credential.learner_id)]
    response = jsonify({"feedback": dossier.feedback_for_learner(engine, credential.learner_id),
                        "confirmed": confirmed})
    response.headers["Cache-Control"] = "no-store"
    return response
