"""The Statement resource: PUT, POST (one, many, multipart), GET one or a query, HEAD."""
from __future__ import annotations

import json
from email.utils import format_datetime

from flask import Response, g, request

from ..auth import requires
from ..extension import tracker
from ..services import statement_query as query
from ..services.clock import parse_iso
from ..services.credentials import may_define
from ..services.privacy import private_reader
from ..services.statements import authority_key, store_statements, store_what_is_valid
from ..xapi.errors import XAPIError
from ..xapi.formats import check_uuid
from . import xapi
from .requests import allow_params, languages, media_type, parse_json, required

READ_ALL = ("statements/read", "all/read", "all")


def _parse_body() -> tuple[object, dict | None]:
    """The statement(s) and, for multipart/mixed, the attachment parts by sha2."""
    kind = media_type()
    if kind == "multipart/mixed":
        from ..xapi.attachments import parse_multipart

        return parse_multipart(request.get_data(cache=True), request.content_type)
    if kind != "application/json":
        raise XAPIError("Content-Type header: expected application/json or multipart/mixed, "
                        f"got {request.mimetype or 'none'!r}")
    return parse_json(request.get_data(cache=True), "statements"), None


@xapi.put("/statements")
@requires("statements/write")
def put_statement():
    allow_params({"statementId"})
    statement_id = check_uuid(required("statementId"), "statementId parameter")
    body, files = _parse_body()
    state = tracker()
    store_statements(state.statements, body, version=g.xapi_version,
                     authority=g.credential.authority, files=files, statement_id=statement_id,
                     **_writer(g.credential))
    return Response(status=204)


@xapi.post("/statements")
@requires("statements/write")
def post_statements():
    allow_params({"partialSuccess"})
    body, files = _parse_body()
    state = tracker()
    if query.parse_bool(request.args, "partialSuccess"):
        if files is not None:
            raise XAPIError("partialSuccess parameter: not available for multipart/mixed requests")
        outcome = store_what_is_valid(state.statements, body, version=g.xapi_version,
                                      authority=g.credential.authority, **_writer(g.credential))
        return Response(json.dumps(outcome), status=200, mimetype="application/json")
    ids = store_statements(state.statements, body, version=g.xapi_version,
                           authority=g.credential.authority, files=files, **_writer(g.credential))
    return Response(json.dumps(ids), status=200, mimetype="application/json")


def _writer(credential) -> dict:
    """What the writing credential may do beyond storing: define Activities, read private statements."""
    return {"define": may_define(credential), "reader": private_reader(credential)}


@xapi.get("/statements")
@requires("statements/read", "statements/read/mine")
def get_statements():
    state = tracker()
    args = request.args
    mine_only = not any(s in g.credential.scopes for s in READ_ALL)
    if "statementId" in args or "voidedStatementId" in args:
        return _get_one(state, args, mine_only)
    cursors = query.Cursors(state.secret_key)
    if "more" in args:
        allow_params({"more"})
        flt, presentation = cursors.load(args["more"])
    else:
        allow_params(query.QUERY_PARAMS)
        flt = query.parse_filter(args, _page_limit())
        presentation = query.parse_presentation(args)
    if mine_only:
        flt.authority_key = authority_key(g.credential.authority)
    flt.private_reader = private_reader(g.credential)
    page = query.run_query(state.statements, flt, presentation, cursors,
                           request.script_root + "/xapi/statements")
    texts = query.render(page.bodies, presentation.format, languages())
    body = '{"statements":[' + ",".join(texts) + '],"more":' + json.dumps(page.more) + "}"
    return _answer(body, page.bodies if presentation.attachments else None)


def _page_limit() -> int:
    from flask import current_app

    return current_app.config["TRACKER_QUERY_LIMIT"]


def _get_one(state, args, mine_only: bool):
    voided = "voidedStatementId" in args
    name = "voidedStatementId" if voided else "statementId"
    if "statementId" in args and "voidedStatementId" in args:
        raise XAPIError("statementId parameter: cannot be combined with voidedStatementId")
    others = sorted(set(args) - query.SINGLE_PARAMS)
    if others:
        raise XAPIError(f"{others[0]} parameter: cannot be combined with {name}")
    statement_id = check_uuid(args[name], f"{name} parameter")
    presentation = query.parse_presentation(args)
    found = state.statements.get(statement_id, voided=voided, private_reader=private_reader(g.credential))
    if found is not None and mine_only:
        if authority_key(json.loads(found[0])["authority"]) != authority_key(g.credential.authority):
            found = None
    if found is None:
        raise XAPIError(f"{name} parameter: no {'voided ' if voided else ''}statement {statement_id}", 404)
    body, stored = found
    text = query.render([body], presentation.format, languages())[0]
    response = _answer(text, [body] if presentation.attachments else None)
    response.headers["Last-Modified"] = format_datetime(parse_iso(stored), usegmt=True)
    return response


def _answer(text: str, bodies_with_files: list[str] | None) -> Response:
    """JSON, or multipart/mixed with the attachment contents when attachments=true."""
    if bodies_with_files is None:
        response = Response(text, mimetype="application/json")
    else:
        from ..xapi.attachments import build_multipart

        files = tracker().statements.attachment_files(query.attachment_hashes(bodies_with_files))
        parts = [(sha2, ct, content) for sha2, (ct, content) in files.items()]
        payload, content_type = build_multipart(text.encode("utf-8"), parts)
        response = Response(payload, content_type=content_type)
    return response
