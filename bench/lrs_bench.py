"""Load any xAPI LRS from separate processes on loopback and print statements/s and latencies.

    .venv/bin/python bench/lrs_bench.py --endpoint http://127.0.0.1:8001/xapi/ --user KEY --password SECRET
    .venv/bin/python bench/lrs_bench.py --start-tracker sqlite      # our tracker under gunicorn, fresh DB

Scenarios: single-statement POSTs with 1, 8 and 32 concurrent clients; POSTs of batches of 100;
seeding the store to 100,000 statements (batched); then one agent's completions
(`GET statements?agent=...&verb=.../completed`), repeated, with p50/p95/p99. Every request loop
is bounded in time and count. Not a timed test and not part of CI.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import urllib.parse
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from load_clients import (COMPLETED, Scenario, ScenarioResult, agent, connect, request,  # noqa: E402
                          run_scenario)
from tracker_server import Credential, RunningTracker, TrackerStartError  # noqa: E402


def query_one_agent(target: Scenario, agent_index: int, repeats: int, expected: int | None,
                    max_seconds: float = 60.0) -> ScenarioResult:
    """GET one agent's completions `repeats` times (at most `max_seconds`) from one client; checks the answer."""
    params = urllib.parse.urlencode({"agent": json.dumps(agent(agent_index), separators=(",", ":")),
                                     "verb": COMPLETED})
    url = target.path("statements") + "?" + params
    conn = connect(target)
    latencies, errors, first_error, returned = [], 0, "", None
    started = time.perf_counter()
    for _ in range(repeats):
        if time.perf_counter() - started > max_seconds:
            break
        t0 = time.perf_counter()
        status, body = request(conn, target, "GET", url, None)
        latencies.append(time.perf_counter() - t0)
        if status != 200:
            errors += 1
            first_error = first_error or f"HTTP {status}: {body[:300]!r}"
            continue
        if returned is None:
            found = json.loads(body).get("statements", [])
            returned = len(found)
            wrong = [s for s in found if s.get("verb", {}).get("id") != COMPLETED]
            if wrong:
                first_error = f"query returned {len(wrong)} statements with another verb"
    elapsed = time.perf_counter() - started
    result = ScenarioResult("query one agent's completions", 1, len(latencies), 0, elapsed, latencies, errors,
                            first_error, 0.0)
    result.note = f"{returned} statements per answer" + (f" (expected {expected})" if expected is not None else "")
    return result


def print_table(results: list[ScenarioResult]) -> None:
    header = (f"{'scenario':<34} {'clients':>7} {'requests':>8} {'stmts/s':>9} {'req/s':>8} "
              f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'errors':>6} {'client CPU':>10}")
    print(header)
    print("-" * len(header))
    for r in results:
        rate = f"{r.statements_per_s:>9.0f}" if r.statements else f"{'-':>9}"
        print(f"{r.name:<34} {r.clients:>7} {r.requests:>8} {rate} {r.requests_per_s:>8.0f} "
              f"{r.p(50):>7.1f} {r.p(95):>7.1f} {r.p(99):>7.1f} {r.errors:>6} {r.client_cpu_share:>9.0%}")
    for r in results:
        if r.note:
            print(f"  {r.name}: {r.note}")
        if r.first_error:
            print(f"  {r.name}: first error: {r.first_error}")


def run_all(target: Scenario, args: argparse.Namespace) -> list[ScenarioResult]:
    results: list[ScenarioResult] = []
    # Warm-up (connections, caches, lazy imports), not reported.
    run_scenario(target, "warm-up", clients=2, batch=1, duration=1.0, max_requests=200)
    for clients in args.single_clients:
        results.append(run_scenario(target, "single-statement POST", clients=clients, batch=1,
                                    duration=args.duration, max_requests=args.max_requests))
        print_progress(results[-1])
    results.append(run_scenario(target, f"batches of {args.batch_size}", clients=args.batch_clients,
                                batch=args.batch_size, duration=args.duration, max_requests=args.max_requests))
    print_progress(results[-1])
    posted = sum(r.statements for r in results)
    seed = max(args.store_size - posted, 0)
    print(f"seeding {seed} statements (store target {args.store_size}) ...", flush=True)
    seeded = run_scenario(target, f"seed to {args.store_size} (batches of {args.batch_size})",
                          clients=args.batch_clients, batch=args.batch_size, duration=args.seed_timeout,
                          max_requests=-(-seed // args.batch_size), seed_agents=args.agents)
    results.append(seeded)
    print_progress(seeded)
    expected = _expected_completions(seeded, args) if args.fresh_store else None
    results.append(query_one_agent(target, agent_index=7, repeats=args.query_repeats, expected=expected,
                                   max_seconds=args.query_seconds))
    print_progress(results[-1])
    return results


def _expected_completions(seeded: ScenarioResult, args: argparse.Namespace) -> int | None:
    """Seed statement n goes to agent n % agents with verb (n // agents) % 5 (0 = completed); count agent 7's."""
    total = seeded.statements
    return sum(1 for n in range(total) if n % args.agents == 7 and (n // args.agents) % 5 == 0)


def print_progress(r: ScenarioResult) -> None:
    print(f"  {r.name} x{r.clients}: {r.statements_per_s:.0f} statements/s, p50 {r.p(50):.1f} ms, "
          f"p99 {r.p(99):.1f} ms, {r.errors} errors", flush=True)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--endpoint", help="xAPI endpoint, e.g. http://127.0.0.1:8001/xapi/")
    parser.add_argument("--user", help="Basic auth key")
    parser.add_argument("--password", help="Basic auth secret")
    parser.add_argument("--version", default="1.0.3", help="X-Experience-API-Version to send")
    parser.add_argument("--start-tracker", choices=["sqlite", "postgresql"],
                        help="start our tracker under gunicorn on a fresh database and load it")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn workers with --start-tracker")
    parser.add_argument("--threads", type=int, default=1, help="gunicorn threads per worker (gthread if > 1)")
    parser.add_argument("--duration", type=float, default=8.0, help="seconds per load scenario")
    parser.add_argument("--max-requests", type=int, default=50_000, help="request cap per scenario")
    parser.add_argument("--single-clients", type=lambda s: [int(x) for x in s.split(",")], default=[1, 8, 32])
    parser.add_argument("--batch-size", type=int, default=100)
    parser.add_argument("--batch-clients", type=int, default=4)
    parser.add_argument("--store-size", type=int, default=100_000)
    parser.add_argument("--agents", type=int, default=1000, help="distinct agents in the seeded store")
    parser.add_argument("--seed-timeout", type=float, default=600.0)
    parser.add_argument("--query-repeats", type=int, default=300)
    parser.add_argument("--query-seconds", type=float, default=60.0, help="time bound of the query scenario")
    parser.add_argument("--fresh-store", action="store_true",
                        help="the store was empty: check the query's result count (implied by --start-tracker)")
    parser.add_argument("--json", type=Path, help="write the results as JSON")
    args = parser.parse_args(argv)
    if not args.start_tracker and not (args.endpoint and args.user and args.password):
        parser.error("give --endpoint, --user and --password, or --start-tracker sqlite|postgresql")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    try:
        if args.start_tracker:
            args.fresh_store = True
            with RunningTracker(args.start_tracker, workers=args.workers, threads=args.threads) as tracker:
                print(f"tracker: gunicorn, {args.workers} workers x {args.threads} threads, "
                      f"{args.start_tracker}, {tracker.server.endpoint}", flush=True)
                results = run_all(Scenario.of(tracker.server.endpoint, tracker.credential, args.version), args)
        else:
            credential = Credential(args.user, args.password)
            results = run_all(Scenario.of(args.endpoint, credential, args.version), args)
    except TrackerStartError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except ConnectionError as exc:
        print(f"error: cannot reach the LRS: {exc}", file=sys.stderr)
        return 2
    print()
    print_table(results)
    if args.json:
        args.json.write_text(json.dumps([{**asdict(r), "latencies": None, "p50_ms": r.p(50), "p95_ms": r.p(95),
                                          "p99_ms": r.p(99), "statements_per_s": r.statements_per_s}
                                         for r in results], indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
