"""The xAPI 1.0.3 alternate request syntax: a form POST carrying method, headers and content.

(Communication 1.3) `POST /xapi/statements?method=PUT` with an application/x-www-form-urlencoded
body whose fields are the headers, the `content` and the resource's parameters. This middleware
rewrites such a request into the ordinary one before Flask routes it; problems are left in
`tracker.alternate_error` for the version hook to answer with 400.
"""
from __future__ import annotations

import io
from urllib.parse import parse_qs, urlencode

HEADER_FIELDS = {
    "authorization": "HTTP_AUTHORIZATION",
    "x-experience-api-version": "HTTP_X_EXPERIENCE_API_VERSION",
    "content-type": "CONTENT_TYPE",
    "content-length": None,  # recomputed from `content`
    "if-match": "HTTP_IF_MATCH",
    "if-none-match": "HTTP_IF_NONE_MATCH",
    "accept-language": "HTTP_ACCEPT_LANGUAGE",
}
METHODS = {"GET", "HEAD", "PUT", "POST", "DELETE"}


class AlternateSyntax:
    def __init__(self, wsgi_app, max_bytes: int):
        self.wsgi_app = wsgi_app
        self.max_bytes = max_bytes

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") == "POST":
            query = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
            if "method" in query:
                rewrite(environ, query, self.max_bytes)
        return self.wsgi_app(environ, start_response)


def rewrite(environ: dict, query: dict[str, list[str]], max_bytes: int) -> None:
    """Turn the form POST in `environ` into the request it describes (in place)."""
    environ["tracker.alternate"] = True
    method = query["method"][0].upper()
    if method not in METHODS:
        environ["tracker.alternate_error"] = f"method parameter: unsupported method {query['method'][0]!r}"
        return
    others = sorted(set(query) - {"method"})
    if others:
        environ["tracker.alternate_error"] = (
            f"query string: the alternate request syntax allows only `method`, got {', '.join(others)}")
        return
    content_type = environ.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
    if content_type != "application/x-www-form-urlencoded":
        environ["tracker.alternate_error"] = (
            "Content-Type header: the alternate request syntax needs application/x-www-form-urlencoded")
        return
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > max_bytes:
        environ["tracker.alternate_error"] = f"request body: larger than the {max_bytes} bytes accepted"
        environ["tracker.alternate_status"] = 413
        return
    raw = environ["wsgi.input"].read(length) if length else b""
    try:
        form = parse_qs(raw.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
    except UnicodeDecodeError:
        environ["tracker.alternate_error"] = "request body: the form must be UTF-8"
        return
    params: list[tuple[str, str]] = []
    content = b""
    for name, values in form.items():
        lowered = name.lower()
        if lowered == "content":
            content = values[0].encode("utf-8")
        elif lowered in HEADER_FIELDS:
            target = HEADER_FIELDS[lowered]
            if target:
                environ[target] = values[0]
        else:
            params.extend((name, value) for value in values)
    if "CONTENT_TYPE" in environ and environ["CONTENT_TYPE"].lower().startswith(
            "application/x-www-form-urlencoded"):
        environ["CONTENT_TYPE"] = "application/json" if content else ""
    environ["REQUEST_METHOD"] = method
    environ["QUERY_STRING"] = urlencode(params)
    environ["CONTENT_LENGTH"] = str(len(content))
    environ["wsgi.input"] = io.BytesIO(content)
