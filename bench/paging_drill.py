"""Multi-worker paging, long form (issue 11): gunicorn workers, concurrent writers and readers paging
with `more`; prints what was written and read and fails on any statement seen twice or missing.

    .venv/bin/python bench/paging_drill.py                        # PostgreSQL and SQLite, 30 s each
    .venv/bin/python bench/paging_drill.py --database postgresql --workers 4 --seconds 60

The short form (PostgreSQL, 4 workers) runs in `make test` (tests/tracker/limits/test_paging_drill.py).
"""
from __future__ import annotations

import argparse
import sys
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests" / "tracker" / "limits"))

import paging_drill  # noqa: E402
from tracker_server import DATABASE_CHOICES, on_fresh_databases  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=DATABASE_CHOICES, default="both")
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--readers", type=int, default=3)
    parser.add_argument("--seed", type=int, default=2000, help="statements stored before the run")
    args = parser.parse_args()
    drill = partial(paging_drill.run, seconds=args.seconds, workers=args.workers,
                    writers=args.writers, readers=args.readers, seed=args.seed)
    failed = False
    for kind, result in on_fresh_databases(args.database, ("postgresql", "sqlite"), "leerpad-paging-", drill):
        print(f"{kind}: {result.summary()}; {result.written / result.seconds:.0f} statements/s written, "
              f"{result.pages / result.seconds:.1f} pages/s read")
        for problem in result.problems[:10]:
            print("  ", problem)
        failed |= bool(result.problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
