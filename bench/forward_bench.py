"""Forwarding figures: what the outbox costs a write, and how fast the forwarder drains to a real upstream.

    .venv/bin/python bench/forward_bench.py [--statements 2000] [--batch-size 50]

Starts a second tracker under gunicorn (bench/tracker_server.py) as the upstream, stores statements
one per transaction in a local SQLite tracker without and with an upstream configured, then drains
the outbox with `Forwarder` and prints statements per second. Not part of CI.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.tracker_server import RunningTracker  # noqa: E402
from tracker import create_app  # noqa: E402
from tracker.services.statements import store_statements  # noqa: E402

AUTHORITY = {"objectType": "Agent", "account": {"homePage": "https://bench.invalid", "name": "bench"}}


def statement(n: int) -> dict:
    return {"id": str(uuid.uuid4()),
            "actor": {"objectType": "Agent", "account": {"homePage": "https://leerpad.test", "name": f"p{n % 50}"}},
            "verb": {"id": "http://adlnet.gov/expapi/verbs/completed", "display": {"nl-NL": "voltooide"}},
            "object": {"id": f"https://leerpad.test/zorg/modules/m{n % 30}/"}}


def app_for(folder: Path, name: str, forward_config: str):
    return create_app({"TRACKER_DATABASE_URL": f"sqlite:///{folder / name}", "TRACKER_FORWARD_CONFIG": forward_config})


def write_seconds(app, count: int) -> float:
    store = app.extensions["tracker"].statements
    started = time.perf_counter()
    for n in range(count):
        store_statements(store, statement(n), version="1.0.3", authority=AUTHORITY)
    return time.perf_counter() - started


def write_rates(plain, forwarding, count: int) -> tuple[float, float]:
    """Statements/s of each app, measured in alternating rounds of 100 so machine noise hits both."""
    spent = [0.0, 0.0]
    for _ in range(max(count // 100, 1)):
        spent[0] += write_seconds(plain, 100)
        spent[1] += write_seconds(forwarding, 100)
    done = max(count // 100, 1) * 100
    return done / spent[0], done / spent[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--statements", type=int, default=2000)
    parser.add_argument("--batch-size", type=int, default=50)
    args = parser.parse_args()
    with RunningTracker("sqlite", workers=2) as upstream, tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        config = folder / "forward.toml"
        config.write_text(f'[[upstream]]\nname = "bench"\nendpoint = "{upstream.server.endpoint}"\n'
                          f'username = "{upstream.credential.key}"\npassword = "{upstream.credential.secret}"\n'
                          f"batch_size = {args.batch_size}\n")
        plain, forwarding = app_for(folder, "plain.sqlite3", ""), app_for(folder, "fwd.sqlite3", str(config))
        write_seconds(plain, 50), write_seconds(forwarding, 50)  # warm up
        without, with_outbox = write_rates(plain, forwarding, args.statements)
        print(f"single-statement writes, SQLite, in process: {without:,.0f}/s without an upstream, "
              f"{with_outbox:,.0f}/s with one (outbox row in the same transaction)")
        from tracker.forwarding.worker import Forwarder

        forwarder = Forwarder(forwarding.extensions["tracker"].engine, forwarding.extensions["tracker_forwarding"])
        started = time.perf_counter()
        forwarder.run(threading.Event(), 0.05, drain=True)
        took = time.perf_counter() - started
        sent = forwarder.totals["bench"].sent
        print(f"forwarded {sent} statements to a gunicorn tracker (2 workers, SQLite) in batches of "
              f"{args.batch_size}: {took:.1f} s, {sent / took:,.0f} statements/s")
        for app in (plain, forwarding):
            app.extensions["tracker"].engine.dispose()


if __name__ == "__main__":
    main()
