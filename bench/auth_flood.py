"""A flood of wrong secrets against the tracker (issue 11): how a good client's reads fare meanwhile.

    .venv/bin/python bench/auth_flood.py                  # throttled (defaults) and unthrottled, SQLite

Starts gunicorn (2 sync workers) twice: with the default throttling and with it effectively off
(limits of 10^9). In each, a good client reads `GET /xapi/statements?limit=1` for a few seconds
alone, then while flood threads send wrong secrets for one real key as fast as they can. Prints the
good client's p50/p95 and the flood's rate and answers.
"""
from __future__ import annotations

import argparse
import base64
import http.client
import statistics
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "tracker" / "limits"))

from live_gunicorn import make_credential, start  # noqa: E402


def _get(port: int, authorization: str) -> int:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", "/xapi/statements?limit=1", headers={
            "Authorization": authorization, "X-Experience-API-Version": "1.0.3"})
        answer = conn.getresponse()
        answer.read()
        return answer.status
    finally:
        conn.close()


def _reads(port: int, authorization: str, seconds: float) -> list[float]:
    times, end = [], time.monotonic() + seconds
    while time.monotonic() < end:
        began = time.perf_counter()
        assert _get(port, authorization) == 200
        times.append((time.perf_counter() - began) * 1000)
        time.sleep(0.02)
    return times


def _flood(port: int, key: str, stop: threading.Event, answers: Counter, lock: threading.Lock) -> None:
    number = 0
    while not stop.is_set():
        number += 1
        wrong = "Basic " + base64.b64encode(f"{key}:wrong-{number}".encode()).decode()
        status = _get(port, wrong)
        with lock:
            answers[status] += 1


def scenario(label: str, env: dict, seconds: float, flooders: int) -> None:
    workdir = Path(tempfile.mkdtemp(prefix="leerpad-flood-"))
    url = f"sqlite:///{workdir / 'tracker.sqlite3'}"
    good = make_credential(url)
    target = base64.b64decode(make_credential(url, name="target")[6:]).decode().split(":")[0]
    server = start(url, workdir, workers=2, env=env)
    try:
        _reads(server.port, good, 1)  # warm: each worker verifies the good secret once
        alone = _reads(server.port, good, seconds)
        stop, answers, lock = threading.Event(), Counter(), threading.Lock()
        threads = [threading.Thread(target=_flood, args=(server.port, target, stop, answers, lock))
                   for _ in range(flooders)]
        for thread in threads:
            thread.start()
        began = time.monotonic()
        flooded = _reads(server.port, good, seconds)
        stop.set()
        for thread in threads:
            thread.join()
        rate = sum(answers.values()) / (time.monotonic() - began)
    finally:
        server.stop()

    def p(values, q):
        return statistics.quantiles(values, n=100)[q - 1]
    print(f"{label}: good reads alone p50 {p(alone, 50):.1f} ms p95 {p(alone, 95):.1f} ms; during the flood "
          f"p50 {p(flooded, 50):.1f} ms p95 {p(flooded, 95):.1f} ms; flood {rate:.0f} requests/s, "
          f"answers {dict(sorted(answers.items()))}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5)
    parser.add_argument("--flooders", type=int, default=8)
    args = parser.parse_args()
    scenario("throttled", {}, args.seconds, args.flooders)
    scenario("unthrottled", {"TRACKER_AUTH_FAILURES_PER_KEY": "1000000000",
                             "TRACKER_AUTH_FAILURES_PER_ADDRESS": "1000000000"}, args.seconds, args.flooders)
    return 0


if __name__ == "__main__":
    sys.exit(main())
