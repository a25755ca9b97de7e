"""The kill -9 drill (issue 11): clients POST statements with their own ids while gunicorn's workers are
killed at random (the master starts new ones); afterwards every statement that got a 200/204 must be
stored exactly once. Used by tests/tracker/limits/test_kill_drill.py (short) and bench/kill_drill.py."""
from __future__ import annotations

import http.client
import json
import os
import random
import signal
import threading
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select

from live_gunicorn import make_credential, start
from tracker.storage.database import make_engine
from tracker.storage.schema import statements

ACTOR = {"objectType": "Agent", "account": {"homePage": "https://leerpad.test", "name": "drill"}}


@dataclass
class DrillResult:
    acknowledged: set[str] = field(default_factory=set)
    attempts: int = 0
    failures: int = 0  # connection errors and 5xx, retried with the same ids
    kills: int = 0
    seconds: float = 0.0
    stored: int = 0
    duplicates: int = 0
    missing: list[str] = field(default_factory=list)
    timeline: list[float] = field(default_factory=list)  # when each request was acknowledged
    kill_times: list[float] = field(default_factory=list)

    def summary(self) -> str:
        return (f"{len(self.acknowledged)} statements acknowledged in {self.seconds:.1f} s, "
                f"{self.kills} workers killed, {self.failures} failed requests retried; "
                f"stored {self.stored}, missing {len(self.missing)}, duplicates {self.duplicates}")


def _statement(statement_id: str, client: int) -> dict:
    return {"id": statement_id, "actor": ACTOR, "verb": {"id": "http://adlnet.gov/expapi/verbs/experienced"},
            "object": {"id": f"https://leerpad.test/drill/{client}"}}


def _client(port: int, authorization: str, number: int, stop: threading.Event, result: DrillResult,
            lock: threading.Lock, batch: int) -> None:
    """Send batches (POST) or single statements (PUT); retry the same ids until acknowledged."""
    rng = random.Random(number)
    headers = {"Authorization": authorization, "X-Experience-API-Version": "1.0.3",
               "Content-Type": "application/json"}
    while not stop.is_set():
        ids = [str(uuid.uuid4()) for _ in range(rng.choice([1, batch]))]
        while True:
            with lock:
                result.attempts += 1
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            try:
                if len(ids) == 1:
                    conn.request("PUT", f"/xapi/statements?statementId={ids[0]}",
                                 json.dumps(_statement(ids[0], number)), headers)
                else:
                    conn.request("POST", "/xapi/statements",
                                 json.dumps([_statement(i, number) for i in ids]), headers)
                status = conn.getresponse().status
            except (OSError, http.client.HTTPException):
                status = None
            finally:
                conn.close()
            if status in (200, 204):
                with lock:
                    result.acknowledged.update(ids)
                    result.timeline.append(time.monotonic())
                break
            if status is not None and status < 500:
                raise AssertionError(f"the drill's statements were refused with {status}")
            with lock:
                result.failures += 1
            if stop.is_set() and status is None:
                break  # never acknowledged: may or may not be stored
            time.sleep(0.05)


def _killer(server, stop: threading.Event, result: DrillResult, interval: float, seed: int,
            expected: int) -> None:
    """Kill a random worker now and then, once all `expected` workers are up again."""
    rng = random.Random(seed)
    while not stop.wait(rng.uniform(interval / 2, interval * 1.5)):
        workers = server.workers()
        if len(workers) >= expected:
            try:
                os.kill(rng.choice(workers), signal.SIGKILL)
                result.kills += 1
                result.kill_times.append(time.monotonic())
            except ProcessLookupError:
                pass


def run(url: str, workdir: Path, *, schema: str = "", seconds: float = 6.0, clients: int = 4,
        workers: int = 2, kill_interval: float = 0.8, batch: int = 5, min_acknowledged: int = 0,
        max_seconds: float = 0.0) -> DrillResult:
    """Run the drill on a fresh database at `url` and check what is stored.

    It runs `seconds`, longer (up to `max_seconds`) until `min_acknowledged` statements got a 200/204:
    on a machine busy with other work the load must still flow between the kills.
    """
    authorization = make_credential(url, schema)
    server = start(url, workdir, schema=schema, workers=workers,
                   env={"TRACKER_AUTH_FAILURES_PER_ADDRESS": "1000000"},
                   args=("--timeout", "30", "--preload"))
    result, lock, stop = DrillResult(), threading.Lock(), threading.Event()
    threads = [threading.Thread(target=_client, args=(server.port, authorization, n, stop, result, lock, batch))
               for n in range(clients)]
    killer = threading.Thread(target=_killer, args=(server, stop, result, kill_interval, 7, workers))
    began = time.monotonic()
    try:
        for thread in threads + [killer]:
            thread.start()
        while True:
            time.sleep(0.2)
            elapsed = time.monotonic() - began
            with lock:
                enough = len(result.acknowledged) >= min_acknowledged
            if (elapsed >= seconds and enough) or elapsed >= max(seconds, max_seconds):
                break
        stop.set()
        for thread in threads + [killer]:
            thread.join(timeout=60)
        result.seconds = time.monotonic() - began
    finally:
        stop.set()
        server.stop()
    engine = make_engine(url, schema)
    with engine.connect() as conn:
        counted = dict(conn.execute(select(statements.c.statement_id, func.count())
                                    .group_by(statements.c.statement_id)).all())
    engine.dispose()
    result.stored = len(counted)
    result.duplicates = sum(1 for n in counted.values() if n > 1)
    result.missing = sorted(result.acknowledged - set(counted))
    return result
