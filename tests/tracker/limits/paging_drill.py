"""Multi-worker paging drill (issue 11): writers store statements while readers page through a query
with `more`; every statement stored before a reader began must come back exactly once, and no
statement twice. Used by tests/tracker/limits/test_paging_drill.py and bench/paging_drill.py."""
from __future__ import annotations

import http.client
import json
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode

from live_gunicorn import make_credential, start

ACTIVITY = "https://leerpad.test/paging"
ACTOR = {"objectType": "Agent", "account": {"homePage": "https://leerpad.test", "name": "pager"}}


@dataclass
class PagingResult:
    written: int = 0
    walks: int = 0
    pages: int = 0
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    def summary(self) -> str:
        return (f"{self.written} statements written and {self.walks} complete walks ({self.pages} pages) "
                f"read in {self.seconds:.1f} s; {len(self.problems)} problems")


class Acknowledged:
    """Ids the writers got a 200 for, in order, shared by the threads."""

    def __init__(self):
        self.ids: list[str] = []
        self.lock = threading.Lock()

    def add(self, ids: list[str]) -> None:
        with self.lock:
            self.ids.extend(ids)

    def snapshot(self) -> set[str]:
        with self.lock:
            return set(self.ids)


def _request(port: int, authorization: str, method: str, path: str, body=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request(method, path, json.dumps(body) if body is not None else None, {
            "Authorization": authorization, "X-Experience-API-Version": "1.0.3",
            "Content-Type": "application/json"})
        answer = conn.getresponse()
        return answer.status, answer.read()
    finally:
        conn.close()


def _statement() -> dict:
    return {"id": str(uuid.uuid4()), "actor": ACTOR, "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced"},
            "object": {"id": ACTIVITY}}


def _writer(port, authorization, acknowledged: Acknowledged, stop, result: PagingResult, lock) -> None:
    while not stop.is_set():
        batch = [_statement() for _ in range(5)]
        status, body = _request(port, authorization, "POST", "/xapi/statements", batch)
        if status != 200:
            with lock:
                result.problems.append(f"POST answered {status}: {body[:200]!r}")
            return
        acknowledged.add([s["id"] for s in batch])
        with lock:
            result.written += len(batch)


def _reader(port, authorization, acknowledged: Acknowledged, stop, result: PagingResult, lock,
            page_size: int) -> None:
    while not stop.is_set():
        known = acknowledged.snapshot()
        seen: Counter = Counter()
        path = "/xapi/statements?" + urlencode({"activity": ACTIVITY, "limit": page_size})
        pages = 0
        while path:
            status, body = _request(port, authorization, "GET", path)
            if status != 200:
                with lock:
                    result.problems.append(f"GET {path} answered {status}")
                return
            answer = json.loads(body)
            seen.update(s["id"] for s in answer["statements"])
            pages += 1
            path = answer["more"]
        twice = [i for i, n in seen.items() if n > 1]
        missing = known - set(seen)
        with lock:
            result.walks += 1
            result.pages += pages
            if twice:
                result.problems.append(f"{len(twice)} statements on two pages, e.g. {twice[0]}")
            if missing:
                result.problems.append(f"{len(missing)} statements stored before the walk are missing")


def run(url: str, workdir: Path, *, schema: str = "", seconds: float = 6.0, workers: int = 4,
        writers: int = 4, readers: int = 3, seed: int = 200, page_size: int = 25, min_walks: int = 0,
        max_seconds: float = 0.0) -> PagingResult:
    """Run `seconds`, longer (up to `max_seconds`) until readers finished `min_walks` walks."""
    authorization = make_credential(url, schema)
    server = start(url, workdir, schema=schema, workers=workers,
                   env={"TRACKER_AUTH_FAILURES_PER_ADDRESS": "1000000"}, args=("--preload",))
    result, lock, stop, acknowledged = PagingResult(), threading.Lock(), threading.Event(), Acknowledged()
    try:
        for _ in range(seed // 50):
            batch = [_statement() for _ in range(50)]
            assert _request(server.port, authorization, "POST", "/xapi/statements", batch)[0] == 200
            acknowledged.add([s["id"] for s in batch])
        threads = ([threading.Thread(target=_writer, args=(server.port, authorization, acknowledged, stop,
                                                            result, lock)) for _ in range(writers)]
                   + [threading.Thread(target=_reader, args=(server.port, authorization, acknowledged, stop,
                                                             result, lock, page_size)) for _ in range(readers)])
        began = time.monotonic()
        for thread in threads:
            thread.start()
        while True:
            time.sleep(0.2)
            elapsed = time.monotonic() - began
            with lock:
                enough = result.walks >= min_walks
            if (elapsed >= seconds and enough) or elapsed >= max(seconds, max_seconds):
                break
        stop.set()
        for thread in threads:
            thread.join(timeout=120)
        result.seconds = time.monotonic() - began
    finally:
        stop.set()
        server.stop()
    return result
