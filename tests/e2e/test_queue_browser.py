"""The statement queue (portal/theme/assets/leerpad/queue.js) in real Chromium against a real
loopback server that accepts, fails or refuses: nothing is lost, nothing is sent twice."""

from __future__ import annotations

import json
import socket
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

QUEUE_JS = Path(__file__).resolve().parents[2] / "portal" / "theme" / "assets" / "leerpad" / "queue.js"
PAGE = b"<!doctype html><meta charset=utf-8><title>queue</title><script src=/queue.js></script>"


class FakeLRS:
    """The little of an LRS the queue needs: PUT/POST statements, 204 for an identical id, 409 otherwise."""

    def __init__(self) -> None:
        self.stored: dict[str, dict] = {}
        self.requests: list[tuple[str, int]] = []   # (method, statements in the body)
        self.answer: int | None = None              # force this status for every statement request
        self.refuse_ids: set[str] = set()           # 400 for a body holding one of these
        self.lock = threading.Lock()

    def store(self, statements: list[dict]) -> tuple[int, dict | list]:
        if self.answer:
            return self.answer, {"error": {"status": self.answer, "message": f"forced {self.answer}"}}
        bad = [s["id"] for s in statements if s["id"] in self.refuse_ids]
        if bad:
            return 400, {"error": {"status": 400, "message": f"statement {bad[0]}: verb is not allowed"}}
        for s in statements:
            if s["id"] in self.stored and self.stored[s["id"]] != s:
                return 409, {"error": {"status": 409, "message": "different statement with this id"}}
        for s in statements:
            self.stored[s["id"]] = s
        return 200, [s["id"] for s in statements]


def make_server(lrs: FakeLRS) -> ThreadingHTTPServer:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def reply(self, status: int, body: bytes = b"", kind: str = "application/json") -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            if self.path == "/queue.js":
                self.reply(200, QUEUE_JS.read_bytes(), "text/javascript")
            else:
                self.reply(200, PAGE, "text/html")

        def statements(self, method: str) -> None:
            raw = self.rfile.read(int(self.headers["Content-Length"])).decode()
            query = parse_qs(urlsplit(self.path).query)
            if "method" in query:            # xAPI's alternate syntax (the pagehide send): a form
                form = {k: v[0] for k, v in parse_qs(raw).items()}
                assert form["X-Experience-API-Version"] and form["Authorization"]
                method, raw, query = query["method"][0], form["content"], dict(query, **{k: [v] for k, v in form.items()})
            body = json.loads(raw)
            listed = body if isinstance(body, list) else [body]
            if method == "PUT":
                listed[0]["id"] = query["statementId"][0]
            with lrs.lock:
                lrs.requests.append((method, len(listed)))
                status, answer = lrs.store(listed)
            if method == "PUT" and status == 200:
                status, answer = 204, None
            self.reply(status, b"" if answer is None else json.dumps(answer).encode())

        def do_PUT(self) -> None:
            self.statements("PUT")

        def do_POST(self) -> None:
            self.statements("POST")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def closed_port() -> int:
    """A loopback port nobody listens on (connections are refused)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def lrs_server():
    lrs = FakeLRS()
    server = make_server(lrs)
    yield lrs, f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


@pytest.fixture
def queue_page(browser, lrs_server):
    """A blank page with queue.js and a fresh queue `window.q` whose endpoint the test switches."""
    lrs, url = lrs_server
    lrs.stored.clear(), lrs.requests.clear(), lrs.refuse_ids.clear()
    lrs.answer = None
    context = browser.new_context()
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    page.evaluate("""(url) => {
        window.target = url; window.unauthorized = 0; window.deadCalls = 0;
        window.q = new leerpad.Queue({key: "test:queue", endpoint: () => window.target,
            headers: () => ({Authorization: "Bearer t"}), onUnauthorized: () => window.unauthorized++,
            onDead: () => window.deadCalls++});
    }""", url + "xapi/")
    yield page, lrs, url
    context.close()
    assert errors == []


def add(page, n: int, size: int = 10) -> list[str]:
    """Queue n statements (while flushes are held back) and return their browser-made ids."""
    return page.evaluate("""([n, size]) => {
        const ids = [];
        for (let i = 0; i < n; i++) {
            const st = {actor: {mbox: "mailto:a@example.org"}, verb: {id: "http://adlnet.gov/expapi/verbs/answered"},
                        object: {id: "https://leerpad.example.org/p/modules/m/#toets-q" + i}, result: {response: "x".repeat(size)}};
            q.push({id: st.id = crypto.randomUUID(), s: st});
            ids.push(st.id);
        }
        return ids;
    }""", [n, size])


def test_offline_statements_wait_and_arrive_exactly_once(queue_page):
    page, lrs, url = queue_page
    page.evaluate("(port) => { window.target = 'http://127.0.0.1:' + port + '/xapi/'; }", closed_port())
    ids = add(page, 5)
    assert page.evaluate("q.flush()") == 5
    page.reload()       # the queue is persistent
    page.evaluate("""(url) => { window.q = new leerpad.Queue({key: "test:queue", endpoint: () => url,
                      headers: () => ({})}); }""", url + "xapi/")
    assert len(page.evaluate("q.pending()")) == 5
    assert page.evaluate("q.flush()") == 0
    assert sorted(lrs.stored) == sorted(ids)
    for statement_id in ids:
        uuid.UUID(statement_id)                 # ids made in the browser
    assert page.evaluate("q.flush()") == 0 and len(lrs.stored) == 5


def test_server_errors_keep_and_a_refused_statement_goes_to_dead_letters(queue_page):
    page, lrs, _ = queue_page
    lrs.answer = 503
    page.evaluate("q.ready = () => false")
    ids = add(page, 3)
    page.evaluate("q.ready = () => true")
    assert page.evaluate("q.flush()") == 3 and lrs.stored == {}
    lrs.answer = None
    lrs.refuse_ids = {ids[1]}
    assert page.evaluate("q.flush()") == 0
    assert sorted(lrs.stored) == sorted([ids[0], ids[2]])
    dead = page.evaluate("q.dead()")
    assert [d["item"]["id"] for d in dead] == [ids[1]]
    assert dead[0]["status"] == 400 and "verb is not allowed" in dead[0]["message"]
    assert page.evaluate("window.deadCalls") == 1


def test_unauthorized_keeps_everything_and_asks_for_a_new_sign_in(queue_page):
    page, lrs, _ = queue_page
    lrs.answer = 401
    add(page, 2)
    assert page.evaluate("q.flush()") == 2
    assert page.evaluate("window.unauthorized") >= 1 and page.evaluate("q.dead()") == []


def test_a_retry_after_an_unanswered_send_is_no_duplicate(queue_page):
    page, lrs, _ = queue_page
    page.evaluate("q.ready = () => false")
    ids = add(page, 4)
    page.evaluate("q.ready = () => true")
    assert page.evaluate("q.beacon()") == 4        # keepalive POST; the items stay queued
    assert len(page.evaluate("q.pending()")) == 4
    page.wait_for_function("true")
    deadline = time.monotonic() + 5
    while len(lrs.stored) < 4 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert sorted(lrs.stored) == sorted(ids)        # the form POST arrived
    assert page.evaluate("q.flush()") == 0          # sent again: identical, so not stored twice
    assert sorted(lrs.stored) == sorted(ids)


def test_keepalive_stays_under_the_64_kb_limit(queue_page):
    page, lrs, _ = queue_page
    page.evaluate("q.ready = () => false")
    add(page, 30, size=5000)                        # about 150 KB waiting
    page.evaluate("q.ready = () => true")
    sent = page.evaluate("q.beacon()")
    assert 0 < sent < 30
    size = page.evaluate("(n) => JSON.stringify(q.pending().slice(0, n).map(i => i.s)).length", sent)
    assert size <= 60000
    deadline = time.monotonic() + 5              # let the beacon land now, not in the next test's LRS
    while len(lrs.stored) < sent and time.monotonic() < deadline:
        time.sleep(0.05)


def test_a_full_local_storage_loses_nothing(queue_page):
    """localStorage refusing writes (quota, blocked storage) keeps the statements in memory until sent."""
    page, lrs, url = queue_page
    page.evaluate("(port) => { window.target = 'http://127.0.0.1:' + port + '/xapi/'; }", closed_port())
    page.evaluate("""() => { Storage.prototype.setItem = function () {
        throw new DOMException("quota", "QuotaExceededError"); }; }""")
    ids = add(page, 3)
    assert len(page.evaluate("q.pending()")) == 3
    page.evaluate("(url) => { window.target = url; }", url + "xapi/")
    assert page.evaluate("q.flush()") == 0
    assert sorted(lrs.stored) == sorted(ids)
