"""kill -9 under load, long form (issue 11): gunicorn workers killed at random while clients store
statements with their own ids; every acknowledged statement must be stored exactly once.

    .venv/bin/python bench/kill_drill.py                          # SQLite and PostgreSQL, 30 s each
    .venv/bin/python bench/kill_drill.py --database sqlite --seconds 60 --clients 16 --workers 4

Clients PUT single statements or POST batches of 5, retrying the same ids after a reset or a 5xx (as
the portal's queue does). The short form runs in `make test` (tests/tracker/limits/test_kill_drill.py).
"""
from __future__ import annotations

import argparse
import sys
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "tracker" / "limits"))

import kill_drill  # noqa: E402
from tracker_server import DATABASE_CHOICES, on_fresh_databases  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=DATABASE_CHOICES, default="both")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--kill-interval", type=float, default=1.0, help="mean seconds between kills")
    args = parser.parse_args()
    drill = partial(kill_drill.run, seconds=args.seconds, clients=args.clients,
                    workers=args.workers, kill_interval=args.kill_interval)
    failed = False
    for kind, result in on_fresh_databases(args.database, ("sqlite", "postgresql"), "leerpad-kill-", drill):
        rate = len(result.acknowledged) / result.seconds
        print(f"{kind}: {result.summary()}; {rate:.0f} statements/s acknowledged")
        failed |= bool(result.missing or result.duplicates)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
