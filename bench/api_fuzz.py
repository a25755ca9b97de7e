"""Schema-driven fuzzing of a live tracker (issue 11): schemathesis with every phase against gunicorn.

    .venv/bin/python bench/api_fuzz.py                       # SQLite, 25 examples per operation
    .venv/bin/python bench/api_fuzz.py --database postgresql --examples 100

Starts gunicorn (tracker.limits.gunicorn_conf, 2 workers) on a fresh database, runs
`schemathesis run /openapi.json --checks not_a_server_error` and prints the summary: any 5xx fails.
The short form runs in `make test` (tests/tracker/limits/test_schemathesis.py).
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "tracker" / "limits"))

from live_gunicorn import make_credential, start  # noqa: E402
from tracker_server import Database  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--examples", type=int, default=25)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="leerpad-fuzz-"))
    database = Database.fresh(args.database, workdir)
    try:
        authorization = make_credential(database.url)
        live = start(database.url, workdir, workers=args.workers,
                     env={"TRACKER_AUTH_FAILURES_PER_ADDRESS": "1000000"})
        try:
            began = time.monotonic()
            done = subprocess.run([str(Path(sys.executable).with_name("schemathesis")), "run",
                                   f"{live.base}/openapi.json", "--checks", "not_a_server_error",
                                   "-H", f"Authorization: {authorization}", "--max-examples",
                                   str(args.examples), "--seed", "1", "--workers", "2",
                                   "--report-dir", str(workdir)], capture_output=True, text=True)
            print(done.stdout[-3000:])
            print(f"{args.database}: schemathesis exit {done.returncode} in {time.monotonic() - began:.0f} s")
            return done.returncode
        finally:
            live.stop()
    finally:
        database.drop()


if __name__ == "__main__":
    sys.exit(main())
