"""The compliance grid for 1,000 people × 10 requirements: print p50/p95/p99 of the page and its parts.

    .venv/bin/python bench/compliance_bench.py                  # SQLite in a temporary folder
    .venv/bin/python bench/compliance_bench.py --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test

An organisation of 1,000 learners in 60 teams over 6 locations, 10 requirements (the demo's 7 and
3 more), three periods of history per person and requirement (30,000 rows) and their evidence. A
manager of every location opens /team/verplichtingen/ (all 1,000 people computed, 100 shown),
the lists page and a dossier, through the Flask app (no network). Target: grid p95 ≤ 200 ms.
Not a timed test and not part of CI.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tracker import create_app  # noqa: E402
from tracker.compliance.overview import build_grid  # noqa: E402
from tracker.compliance.periods import add_months  # noqa: E402
from tracker.compliance.store import rebuild_current  # noqa: E402
from tracker.compliance.tables import compliance_evidence, compliance_periods  # noqa: E402
from tracker.storage.database import writer  # noqa: E402
from tracker.storage.schema import learners  # noqa: E402
from tracker.team.tables import contract_hours, locations, teams  # noqa: E402

EXTRA = """
  - id: hygiene
    title: Hygiëneprotocol
    validity_months: 12
    evidence: {manual: true}
  - id: ontruiming
    title: Ontruimingsoefening
    validity_months: 12
    evidence: {manual: true}
  - id: privacy
    title: Privacy (AVG)
    validity_months: 24
    evidence: {certificate: true, manual: true}
"""


def requirements_file(folder: Path) -> Path:
    source = (ROOT / "paths" / "compliance" / "requirements.yml").read_text(encoding="utf-8")
    head, tail = source.split("\nikk:", 1)
    file = folder / "paths" / "compliance" / "requirements.yml"
    file.parent.mkdir(parents=True)
    for role in ("pm-starter", "pm-ervaren", "bso-medewerker", "invalkracht", "leidinggevende"):
        (folder / "paths" / f"{role}.yml").write_text("title: x\n", encoding="utf-8")
    content = folder / "content" / "meldcode-vijf-stappen.md"
    content.parent.mkdir()
    content.write_text("---\ntitle: M\nsummary: S\nduration: 5\nlevel: iedereen\nrenewal: {every_months: 12}\n---\nB\n",
                       encoding="utf-8")
    file.write_text(head.rstrip() + "\n" + EXTRA + "\nikk:" + tail, encoding="utf-8")
    return file


def populate(app, people: int, today: dt.date) -> list[str]:
    """Locations, teams, learners with hours, and three periods with evidence per person and requirement."""
    engine = app.extensions["tracker"].engine
    stamp = "2020-01-01T00:00:00.000000Z"
    roles = ["pm-ervaren", "pm-starter", "bso-medewerker", "invalkracht"]
    with engine.connect() as conn:
        from tracker.compliance.store import load_declared
        reqs = load_declared(conn)[0]
    with writer(engine).begin() as conn:
        conn.execute(locations.insert(), [{"id": f"loc-{n}", "name": f"Locatie {n}", "kind": "dagopvang" if n % 3 else "bso",
                                           "lrk": None, "ve_children": n, "created_at": stamp} for n in range(6)])
        conn.execute(teams.insert(), [{"id": f"team-{n}", "name": f"Team {n}", "location_id": f"loc-{n % 6}",
                                       "created_at": stamp} for n in range(60)])
        ids = [f"l{n:05d}" for n in range(people)]
        conn.execute(learners.insert(), [{
            "id": lid, "name": f"Medewerker {n:04d}", "role": roles[n % 4], "team": f"team-{n % 60}",
            "registration": str(uuid.uuid4()), "created_at": "2019-01-01T00:00:00.000000Z",
            "actor": json.dumps({"account": {"homePage": "https://t", "name": lid}})} for n, lid in enumerate(ids)])
        conn.execute(contract_hours.insert(), [{"learner_id": lid, "hours": 20 + n % 17, "effective_from": "2019-01-01",
                                                "flexible": False, "recorded_at": stamp, "recorded_by": "bench"}
                                               for n, lid in enumerate(ids)])
        periods, evidence, eid = [], [], 0
        until = None
        for n, lid in enumerate(ids):
            for req in reqs:
                months = req.validity_months or 0
                span = months * 30 + 60 if months else 700
                last = today - dt.timedelta(days=(n * 7 + len(req.id) * 31) % span)
                rows = 3 if months else 1
                for k in range(rows):
                    done = add_months(last, -months * (rows - 1 - k)) if months else last
                    until = add_months(done, months) if months else None
                    eid += 1
                    evidence.append({"id": eid, "learner_id": lid, "requirement_id": req.id, "kind": "manual",
                                     "completed_on": done.isoformat(), "source": f"bench:{eid}", "recorded_at": stamp})
                    periods.append({"learner_id": lid, "requirement_id": req.id, "window_start": done.isoformat(),
                                    "due": done.isoformat(), "window_end": done.isoformat(),
                                    "completed_at": done.isoformat(), "valid_from": done.isoformat(),
                                    "valid_until": until.isoformat() if until else None, "evidence_id": eid,
                                    "created_at": stamp})
                if months:
                    periods.append({"learner_id": lid, "requirement_id": req.id,
                                    "window_start": (until - dt.timedelta(days=req.window_days)).isoformat(),
                                    "due": until.isoformat(),
                                    "window_end": (until + dt.timedelta(days=req.grace_days)).isoformat(),
                                    "completed_at": None, "valid_from": None, "valid_until": None,
                                    "evidence_id": None, "created_at": stamp})
        conn.execute(compliance_evidence.insert(), evidence)
        conn.execute(compliance_periods.insert(), periods)
        rebuild_current(conn)
    return ids


def manager_client(app):
    from tracker.team.audit import Actor
    from tracker.team.state import team_state

    with app.app_context():
        staff = team_state().staff
        member = staff.add(name="Bench Manager", role="manager", email=None,
                           scope=[f"loc-{n}" for n in range(6)], learner_id=None, actor=Actor.cli())
        session = staff.open_session(member.id, via="link", lifetime_seconds=3600)
    client = app.test_client()
    client.set_cookie("leerpad_staff", session.token, path="/team")
    return client


def measure(label: str, fn, repeats: int) -> dict:
    """Wall-clock and CPU (this process) percentiles: on a shared machine the CPU time is what the
    request costs, the wall time also holds the waits for a core."""
    fn()  # warm up
    wall, cpu = [], []
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    result = {"what": label, "n": repeats}
    for name, times in (("wall", wall), ("cpu", cpu)):
        q = statistics.quantiles(sorted(times), n=100)
        result[name] = {"p50_ms": round(statistics.median(times), 1), "p95_ms": round(q[94], 1),
                        "p99_ms": round(q[98], 1)}
    w, c = result["wall"], result["cpu"]
    print(f"{label:<48} n={repeats:<3} wall p50 {w['p50_ms']:>6} p95 {w['p95_ms']:>6} ms | "
          f"cpu p50 {c['p50_ms']:>6} p95 {c['p95_ms']:>6} ms", flush=True)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=60)
    parser.add_argument("--database-url", default="", help="PostgreSQL URL (a fresh schema is made and dropped)")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="compliance-bench-"))
    schema = ""
    url = args.database_url or f"sqlite:///{folder / 'tracker.sqlite3'}"
    if args.database_url:
        from sqlalchemy import text

        from tracker.storage.database import make_engine
        schema = f"bench_{uuid.uuid4().hex[:8]}"
        with make_engine(url).begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    app = create_app({"TRACKER_DATABASE_URL": url, "TRACKER_DATABASE_SCHEMA": schema})
    try:
        runner = app.test_cli_runner()
        result = runner.invoke(args=["compliance", "load", str(requirements_file(folder))])
        assert result.exit_code == 0, result.output
        today = dt.date.today()
        t0 = time.perf_counter()
        ids = populate(app, args.people, today)
        print(f"backend {url.split(':')[0]}: {args.people} people × 10 requirements, "
              f"populated in {time.perf_counter() - t0:.1f} s", flush=True)
        engine = app.extensions["tracker"].engine
        client = manager_client(app)
        assert client.get("/team/verplichtingen/").status_code == 200

        def grid_only():
            with engine.connect() as conn:
                build_grid(conn, today)

        def page(path):
            def get():
                answer = client.get(path)
                assert answer.status_code == 200, answer.status_code
            return get

        results = [measure("build_grid (1,000 × 10, computed)", grid_only, args.repeats),
                   measure("GET /team/verplichtingen/ (grid page)", page("/team/verplichtingen/"), args.repeats),
                   measure("GET /team/verplichtingen/?status=te_laat", page("/team/verplichtingen/?status=te_laat"),
                           args.repeats),
                   measure("GET /team/verplichtingen/lijsten", page("/team/verplichtingen/lijsten"), args.repeats // 2),
                   measure("GET /team/verplichtingen/persoon/<id> (dossier)",
                           page(f"/team/verplichtingen/persoon/{ids[len(ids) // 2]}"), args.repeats)]
        grid = results[1]
        print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; target grid p95 <= 200 ms: "
              f"wall {grid['wall']['p95_ms']} ms, cpu {grid['cpu']['p95_ms']} ms")
    finally:
        app.extensions["tracker"].engine.dispose()
        if schema:
            from sqlalchemy import text

            from tracker.storage.database import make_engine
            with make_engine(url).begin() as conn:
                conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    return 0


if __name__ == "__main__":
    sys.exit(main())
