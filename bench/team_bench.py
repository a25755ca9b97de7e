#!/usr/bin/env python3
"""The team view at the size of a large organisation: page latency and what projections cost ingest.

    .venv/bin/python bench/team_bench.py                      # SQLite and PostgreSQL, 1,000,000 statements
    .venv/bin/python bench/team_bench.py --backend sqlite --statements 200000

For each backend: a fresh database; one portal (20 steps, 15 modules with a 5-question check and
two reflection prompts, an intake); 1,000 learners in 60 teams over 6 locations, a coach per team and
a manager per location; the statements stored through the tracker's statement service (validation,
storage and every listener, in batches of 500) — the figure printed is that ingest rate. Then the
tracker runs under gunicorn on loopback and a coach's team grid, a person page and a manager's
location grid are fetched over HTTP (p50/p95/p99). Last, ingest over HTTP with and without the
statement listeners (the projections) on the same database, alternated A/B/A/B in one run, so the
ratio is measured here and not against another day's figures. Bounded in requests and time.
"""
from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import multiprocessing
import random
import re
import statistics
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from tracker_server import Database, TrackerServer  # noqa: E402

HOME = "https://tracker.bench.leerpad"
PORTAL_ROOT = "https://leerpad.bench/pm/"
V = {"open": "http://activitystrea.ms/schema/1.0/open", "completed": "http://adlnet.gov/expapi/verbs/completed",
     "answered": "http://adlnet.gov/expapi/verbs/answered", "passed": "http://adlnet.gov/expapi/verbs/passed",
     "failed": "http://adlnet.gov/expapi/verbs/failed", "reflected": "https://w3id.org/xapi/catch/verbs/reflected",
     "responded": "http://adlnet.gov/expapi/verbs/responded"}
EXT = "https://leerpad.example.org/xapi/profile/extensions/"
MODULES = [f"module-{n:02d}" for n in range(15)]
MEETINGS = [("training", "kinder-ehbo"), ("coaching", "coaching-start"), ("intervisie", "intervisie"),
            ("training", "bhv"), ("coaching", "coaching-jaar")]


def manifest() -> dict:
    activities = [{"id": PORTAL_ROOT, "type": "http://adlnet.gov/expapi/activities/course", "name": "Bench"},
                  {"id": PORTAL_ROOT + "intake/", "type": "http://id.tincanapi.com/activitytype/survey", "name": "Intake"}]
    steps = []
    for index, module in enumerate(MODULES):
        base = f"{PORTAL_ROOT}modules/{module}/"
        activities += [{"id": base, "type": "http://adlnet.gov/expapi/activities/module", "name": f"Module {index}"},
                       {"id": base + "#toets", "type": "http://adlnet.gov/expapi/activities/assessment", "name": "Check"}]
        activities += [{"id": f"{base}#toets-q{q}", "type": "http://adlnet.gov/expapi/activities/cmi.interaction",
                        "name": f"Vraag {q} van module {index}"} for q in range(1, 6)]
        activities += [{"id": f"{base}#reflectie-{r}", "type": "http://adlnet.gov/expapi/activities/question",
                        "name": f"Reflectie {r}"} for r in (1, 2)]
        steps.append({"id": module, "kind": "module", "phase": "p", "phase_title": "Fase", "title": f"Module {index}",
                      "required": index < 10, "due_days": 60 if index < 3 else None, "offer": "always"})
    for kind, step in MEETINGS:
        activities.append({"id": f"{PORTAL_ROOT}stappen/{step}/", "type": "http://adlnet.gov/expapi/activities/meeting",
                           "name": step})
        steps.append({"id": step, "kind": kind, "phase": "p", "phase_title": "Fase", "title": step,
                      "required": kind != "intervisie", "due_days": None, "offer": "always"})
    intake = {"questions": [{"id": "ervaring", "question": "Ervaring?", "options": [
        {"text": "Weinig", "recommend": MODULES[10:12]}, {"text": "Veel", "mastered": MODULES[:2]}]}]}
    return {"portal": "pm", "title": "Bench", "root": PORTAL_ROOT, "verbs": list(V.values()),
            "activities": activities, "steps": steps, "intake": intake}


def learner_statements(actor: dict, registration: str, count: int, rng: random.Random, start: dt.datetime) -> list[dict]:
    """About `count` statements of one learner working through the modules (with re-attempts)."""
    out: list[dict] = []
    at = start

    def add(verb: str, activity: str, result: dict | None = None) -> None:
        nonlocal at
        at += dt.timedelta(minutes=rng.randint(1, 90))
        body = {"id": str(uuid.uuid4()), "actor": actor, "verb": {"id": V[verb], "display": {"nl-NL": verb}},
                "object": {"objectType": "Activity", "id": activity},
                "context": {"registration": registration, "contextActivities": {"parent": [{"id": PORTAL_ROOT}]}},
                "timestamp": at.strftime("%Y-%m-%dT%H:%M:%S.000Z")}
        if result:
            body["result"] = result
        out.append(body)

    add("responded", PORTAL_ROOT + "intake/", {"completion": True, "extensions": {
        EXT + "intake-answers": {"ervaring": rng.randrange(2)}, EXT + "coach-consent": rng.random() < 0.5}})
    while len(out) < count:
        for module in MODULES:
            base = f"{PORTAL_ROOT}modules/{module}/"
            add("open", base)
            good = 0
            for q in range(1, 6):
                right = rng.random() < 0.8
                good += right
                add("answered", f"{base}#toets-q{q}", {"response": "a" if right else "b", "success": right})
            add("passed" if good == 5 else "failed", base + "#toets",
                {"score": {"raw": good, "min": 0, "max": 5}, "success": good == 5, "completion": True})
            add("reflected", f"{base}#reflectie-1", {"response": "Ik merk dat ik meer benoem.",
                                                     "extensions": {EXT + "visibility": "private"}})
            add("completed", base, {"completion": True})
            if len(out) >= count:
                break
    return out[:count]


def seed(app, learners: int, teams: int, statements: int) -> dict:
    """Structure, people and statements through the tracker's own services; returns what the pages need."""
    from tracker.extension import tracker
    from tracker.learners.portals import read_manifest
    from tracker.learners.sign_in import create_learner
    from tracker.learners.state import learner_state
    from tracker.services.statements import store_statements
    from tracker.team.audit import Actor
    from tracker.team.state import team_state

    rng = random.Random(9)
    with app.app_context():
        folder = Path(tempfile.mkdtemp(prefix="leerpad-team-bench-"))
        (folder / "xapi-manifest.json").write_text(json.dumps(manifest()), encoding="utf-8")
        learner_state().portals.replace(read_manifest(folder / "xapi-manifest.json"), "2026-01-01T00:00:00.000000Z")
        structure, staff = team_state().structure, team_state().staff
        locations = [structure.add_location(f"Locatie {n}", kind="dagopvang", actor=Actor.cli()) for n in range(6)]
        team_ids = [structure.add_team(f"Team {n:02d}", location=locations[n % 6].id, actor=Actor.cli()).id
                    for n in range(teams)]
        coaches = [staff.add(name=f"Coach {n}", role="coach", email=None, scope=[t], learner_id=None,
                             actor=Actor.cli()) for n, t in enumerate(team_ids)]
        managers = [staff.add(name=f"Manager {n}", role="manager", email=None, scope=[loc.id], learner_id=None,
                              actor=Actor.cli()) for n, loc in enumerate(locations)]
        people = []
        for n in range(learners):
            made = create_learner(learner_state().learners, name=f"Medewerker {n:04d}", role="pm",
                                  home_page=HOME, team=team_ids[n % teams])
            people.append(made)
        per = max(1, statements // learners)
        start = dt.datetime(2026, 1, 5, 8, 0)
        stored, batch, began = 0, [], time.perf_counter()
        authority = {"objectType": "Agent", "account": {"homePage": HOME, "name": "bench-portal"}}
        for made in people:
            batch += learner_statements(made.actor, made.registration, per, rng, start)
            while len(batch) >= 500:
                store_statements(tracker().statements, batch[:500], version="1.0.3", authority=authority)
                stored += 500
                batch = batch[500:]
                if stored % 100_000 == 0:
                    print(f"  seeded {stored:,} statements ({stored / (time.perf_counter() - began):,.0f}/s)",
                          flush=True)
        if batch:
            store_statements(tracker().statements, batch, version="1.0.3", authority=authority)
            stored += len(batch)
        seconds = time.perf_counter() - began
    return {"coaches": coaches, "managers": managers, "people": people, "teams": team_ids,
            "locations": [l.id for l in locations], "stored": stored, "seed_rate": stored / seconds}


def staff_client(app, base: str, member):
    import requests

    from tracker.team.mail import sign_in_link

    with app.test_request_context():
        url, _ = sign_in_link(member, base + "/")
    session = requests.Session()
    page = session.get(url, timeout=30)
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page.text).group(1)
    answer = session.post(url, data={"csrf_token": token}, timeout=30)
    assert "/team/aanmelden" not in answer.url, "sign-in failed"
    return session


def timed(session, url: str, repeats: int, max_seconds: float = 120.0) -> list[float]:
    times, began = [], time.perf_counter()
    for _ in range(repeats):
        if time.perf_counter() - began > max_seconds:
            break
        t0 = time.perf_counter()
        answer = session.get(url, timeout=60)
        times.append(time.perf_counter() - t0)
        assert answer.status_code == 200, (url, answer.status_code)
    return times


def percentiles(times: list[float]) -> str:
    ordered = sorted(times)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000  # noqa: E731
    return f"p50 {pick(.5):6.1f} ms  p95 {pick(.95):6.1f} ms  p99 {pick(.99):6.1f} ms  (n={len(ordered)})"


def _post_loop(endpoint: str, bodies: list[str], deadline: float, out) -> None:
    parts = urlsplit(endpoint)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    done = 0
    for body in bodies:
        if time.monotonic() > deadline:
            break
        conn.request("POST", parts.path + "statements", body=body, headers={
            "Authorization": AUTH, "X-Experience-API-Version": "1.0.3", "Content-Type": "application/json"})
        response = conn.getresponse()
        response.read()
        done += response.status == 200
    out.put(done)


AUTH = ""


def server_cpu(pid: int) -> float:
    """CPU seconds (user + system) used so far by a server process and its children (gunicorn's workers)."""
    import os

    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(entry.name) == pid or int(fields[1]) == pid:  # fields[1] is the parent's pid
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def ingest(endpoint: str, people, seconds: float, clients: int, rng: random.Random,
           pid: int | None = None) -> tuple[float, float]:
    """Single-statement POSTs of learners' statements from `clients` processes for `seconds`;
    (statements/s, the server's CPU microseconds per statement)."""
    ctx = multiprocessing.get_context("fork")
    queue = ctx.Queue()
    start = dt.datetime(2026, 6, 1, 8, 0)
    bodies = [[json.dumps(s) for p in rng.sample(people, 40)
               for s in learner_statements(p.actor, p.registration, 30, rng, start)] for _ in range(clients)]
    deadline = time.monotonic() + seconds
    began, cpu = time.perf_counter(), server_cpu(pid) if pid else 0.0
    procs = [ctx.Process(target=_post_loop, args=(endpoint, b, deadline, queue)) for b in bodies]
    for proc in procs:
        proc.start()
    done = sum(queue.get(timeout=seconds + 120) for _ in procs)
    for proc in procs:
        proc.join()
    used = (server_cpu(pid) - cpu) if pid else 0.0
    return done / (time.perf_counter() - began), used / max(1, done) * 1e6


def write_cost(app, people, rounds: int, per_round: int = 200) -> dict[str, float]:
    """CPU microseconds per single-statement write through the statement service, with every listener
    and with none, alternated (CPU time, so other load on the machine barely moves it)."""
    from tracker.extension import tracker
    from tracker.services.statements import store_statements

    rng = random.Random(5)
    authority = {"objectType": "Agent", "account": {"homePage": HOME, "name": "bench-portal"}}
    with app.app_context():
        store = tracker().statements
        listeners = list(store.listeners)
        figures: dict[str, list[float]] = {"with": [], "without": []}
        try:
            for _ in range(rounds):
                for label, chosen in (("without", []), ("with", listeners)):
                    store.listeners[:] = chosen
                    batch = [s for p in rng.sample(people, 10)
                             for s in learner_statements(p.actor, p.registration, per_round // 10, rng,
                                                         dt.datetime(2026, 9, 1, 8, 0))]
                    began = time.process_time()
                    for statement in batch:
                        store_statements(store, statement, version="1.0.3", authority=authority)
                    figures[label].append((time.process_time() - began) / len(batch) * 1e6)
        finally:
            store.listeners[:] = listeners
    return {label: statistics.median(values) for label, values in figures.items()}


def bare_app():
    """The tracker without statement listeners: what ingest costs without the projections (bench only)."""
    from tracker import create_app

    app = create_app()
    app.extensions["tracker"].statements.listeners.clear()
    return app


def run(kind: str, args) -> None:
    global AUTH
    from tracker import create_app

    workdir = Path(tempfile.mkdtemp(prefix="leerpad-team-bench-"))
    database = Database.fresh(kind, workdir)
    print(f"\n== {kind}: {args.learners} learners, {args.teams} teams, {args.statements:,} statements ==", flush=True)
    try:
        app = create_app({"TRACKER_DATABASE_URL": database.url, "TRACKER_HOME_PAGE": HOME})
        seeded = seed(app, args.learners, args.teams, args.statements)
        print(f"stored {seeded['stored']:,} statements through the statement service with the projections: "
              f"{seeded['seed_rate']:,.0f} statements/s (batches of 500)")
        cost = write_cost(app, seeded["people"], rounds=5)
        print(f"CPU per single-statement write (in process): {cost['with']:,.0f} us with the listeners, "
              f"{cost['without']:,.0f} us without -> {100 * (cost['with'] / cost['without'] - 1):+.1f}%")
        env = {"TRACKER_HOME_PAGE": HOME}
        server = TrackerServer(database, workers=2, extra_env=env)
        server.start()
        base = f"http://127.0.0.1:{server.port}"
        try:
            coach = staff_client(app, base, seeded["coaches"][0])
            manager = staff_client(app, base, seeded["managers"][0])
            person = seeded["people"][0].id
            rows = [("coach: team grid (~17 people x 20 steps)", coach, f"{base}/team/?team={seeded['teams'][0]}"),
                    ("coach: person page", coach, f"{base}/team/persoon/{person}"),
                    ("manager: location grid (first 100 of ~170)", manager,
                     f"{base}/team/?locatie={seeded['locations'][0]}"),
                    ("manager: person page", manager, f"{base}/team/persoon/{person}"),
                    ("coach: wat heeft het team nodig?", coach, f"{base}/team/behoeften"),
                    ("manager: charts (location)", manager, f"{base}/team/grafieken")]
            for name, session, url in rows:
                timed(session, url, 3)  # warm up
                print(f"{name:48} {percentiles(timed(session, url, args.requests))}", flush=True)
        finally:
            server.stop()
        from tracker_server import create_credential

        credential = create_credential(database.url, extra_env=env)
        AUTH = credential.basic_auth
        with_listeners = TrackerServer(database, workers=2, extra_env=env)
        without = TrackerServer(database, workers=2, extra_env=env, app_spec="team_bench:bare_app()")
        rng = random.Random(3)
        figures: dict[str, list[tuple[float, float]]] = {"with": [], "without": []}
        for label, server in (("without", without), ("with", with_listeners)) * args.rounds:
            server.extra_env["PYTHONPATH"] = str(Path(__file__).resolve().parent)
            server.start()
            try:
                figures[label].append(ingest(server.endpoint, seeded["people"], args.ingest_seconds, 8, rng,
                                             server.process.pid))
            finally:
                server.stop()
        rate = {k: statistics.median(x[0] for x in v) for k, v in figures.items()}
        cpu = {k: statistics.median(x[1] for x in v) for k, v in figures.items()}
        print(f"ingest over HTTP, single POSTs, 8 clients, {args.rounds} alternated rounds each (medians):\n"
              f"  statements/s: with listeners {rate['with']:,.0f}, without {rate['without']:,.0f} "
              f"-> {100 * (rate['with'] / rate['without'] - 1):+.1f}%\n"
              f"  server CPU per statement: with {cpu['with']:,.0f} us, without {cpu['without']:,.0f} us "
              f"-> {100 * (cpu['with'] / cpu['without'] - 1):+.1f}% (load-independent)")
    finally:
        database.drop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--learners", type=int, default=1000)
    parser.add_argument("--teams", type=int, default=60)
    parser.add_argument("--statements", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=100, help="requests per page")
    parser.add_argument("--rounds", type=int, default=2, help="alternated ingest rounds per mode")
    parser.add_argument("--ingest-seconds", type=float, default=15.0)
    args = parser.parse_args(argv)
    for kind in (("sqlite", "postgresql") if args.backend == "both" else (args.backend,)):
        run(kind, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
