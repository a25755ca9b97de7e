"""Load-generating clients for `lrs_bench.py`: processes of threads, one keep-alive connection each."""

from __future__ import annotations

import http.client
import json
import math
import multiprocessing
import os
import socket
import threading
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field

COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
VERBS = [COMPLETED, "http://adlnet.gov/expapi/verbs/attempted", "http://adlnet.gov/expapi/verbs/experienced",
         "http://adlnet.gov/expapi/verbs/answered", "http://adlnet.gov/expapi/verbs/passed"]
HOME_PAGE = "https://leerpad.example"


@dataclass(frozen=True)
class Scenario:
    """Where and how to talk to the LRS under test."""

    host: str
    port: int
    base_path: str
    authorization: str
    version: str

    @classmethod
    def of(cls, endpoint: str, credential, version: str) -> "Scenario":
        url = urllib.parse.urlsplit(endpoint)
        if url.scheme != "http" or not url.hostname:
            raise ValueError(f"--endpoint must be an http:// URL on loopback, not {endpoint!r}")
        return cls(url.hostname, url.port or 80, url.path.rstrip("/") + "/", credential.basic_auth, version)

    def path(self, resource: str) -> str:
        return self.base_path + resource


@dataclass
class ScenarioResult:
    name: str
    clients: int
    requests: int
    statements: int
    elapsed: float
    latencies: list[float]
    errors: int
    first_error: str
    client_cpu: float
    note: str = field(default="")

    def p(self, q: float) -> float:
        """Latency percentile in milliseconds (nearest rank)."""
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, math.ceil(q / 100 * len(ordered)) - 1)] * 1000

    @property
    def statements_per_s(self) -> float:
        return self.statements / self.elapsed if self.elapsed else 0.0

    @property
    def requests_per_s(self) -> float:
        return self.requests / self.elapsed if self.elapsed else 0.0

    @property
    def client_cpu_share(self) -> float:
        """CPU the load generator used, as a share of one core."""
        return self.client_cpu / self.elapsed if self.elapsed else 0.0


def agent(index: int) -> dict:
    """A seeded learner: a pseudonymous account, as the portal sends."""
    return {"objectType": "Agent", "account": {"homePage": HOME_PAGE, "name": f"learner-{index:05d}"}}


def statement(n: int, agents: int, prefix: str) -> dict:
    """Statement number n: agent n % agents, verb (n // agents) % 5 (0 = completed), one of 200 modules."""
    verb = VERBS[(n // agents) % len(VERBS)]
    body = {
        "id": str(uuid.uuid4()),
        "actor": agent(n % agents) if prefix == "seed" else
        {"objectType": "Agent", "account": {"homePage": HOME_PAGE, "name": f"{prefix}-{n % 50}"}},
        "verb": {"id": verb, "display": {"en-US": verb.rsplit("/", 1)[1]}},
        "object": {"objectType": "Activity", "id": f"{HOME_PAGE}/modules/module-{n % 200}",
                   "definition": {"name": {"nl-NL": f"Module {n % 200}"},
                                  "type": "http://adlnet.gov/expapi/activities/module"}},
        "context": {"registration": str(uuid.UUID(int=n % agents + 1)),
                    "contextActivities": {"parent": [{"id": f"{HOME_PAGE}/paths/pm-starter"}]}},
    }
    if verb == COMPLETED:
        body["result"] = {"completion": True, "success": True, "duration": "PT12M30S"}
    return body


def connect(target: Scenario) -> http.client.HTTPConnection:
    return NoDelayConnection(target.host, target.port, timeout=60)


class NoDelayConnection(http.client.HTTPConnection):
    """Keep-alive connection with Nagle's algorithm off, so small requests are not held back."""

    def connect(self) -> None:
        super().connect()
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)


def request(conn: http.client.HTTPConnection, target: Scenario, method: str, url: str,
            body: bytes | None) -> tuple[int, bytes]:
    """One request on a keep-alive connection; reconnects once if the server closed it."""
    headers = {"Authorization": target.authorization, "X-Experience-API-Version": target.version}
    if body is not None:
        headers["Content-Type"] = "application/json"
    for attempt in (1, 2):
        try:
            conn.request(method, url, body=body, headers=headers)
            response = conn.getresponse()
            data = response.read()
            if response.will_close:
                conn.close()
            return response.status, data
        except (http.client.RemoteDisconnected, BrokenPipeError, ConnectionResetError):
            conn.close()
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def _client_thread(target, slot, slots, batch, start_at, deadline, max_requests, seed_agents, out, lock):
    prefix = "seed" if seed_agents else f"load-{os.getpid()}-{slot}"
    agents = seed_agents or 50
    conn = connect(target)
    url = target.path("statements")
    latencies, statements, errors, first_error, k = [], 0, 0, "", 0
    time.sleep(max(0.0, start_at - time.monotonic()))
    while time.monotonic() < deadline:
        index = k * slots + slot  # requests are striped over all threads of all processes
        if index >= max_requests:
            break
        k += 1
        numbers = range(index * batch, (index + 1) * batch)
        payload = [statement(n, agents, prefix) for n in numbers]
        body = json.dumps(payload[0] if batch == 1 else payload).encode()
        t0 = time.perf_counter()
        try:
            status, data = request(conn, target, "POST", url, body)
        except OSError as exc:
            status, data = 0, repr(exc).encode()
        latencies.append(time.perf_counter() - t0)
        if status == 200:
            statements += batch
        else:
            errors += 1
            first_error = first_error or f"HTTP {status}: {data[:300]!r}"
    conn.close()
    with lock:
        out["latencies"].extend(latencies)
        out["statements"] += statements
        out["errors"] += errors
        out["first_error"] = out["first_error"] or first_error
        out["end"] = max(out["end"], time.monotonic())


def _client_process(target, first_slot, threads, slots, batch, start_at, deadline, max_requests,
                    seed_agents, queue):
    out = {"latencies": [], "statements": 0, "errors": 0, "first_error": "", "end": 0.0}
    lock = threading.Lock()
    cpu_before = os.times()
    workers = [threading.Thread(target=_client_thread, args=(target, first_slot + i, slots, batch, start_at,
                                                             deadline, max_requests, seed_agents, out, lock))
               for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    cpu_after = os.times()
    out["cpu"] = (cpu_after.user - cpu_before.user) + (cpu_after.system - cpu_before.system)
    queue.put(out)


def run_scenario(target: Scenario, name: str, *, clients: int, batch: int, duration: float, max_requests: int,
                 seed_agents: int = 0, max_processes: int = 4) -> ScenarioResult:
    """Run `clients` concurrent clients for at most `duration` s and `max_requests` requests in all."""
    ctx = multiprocessing.get_context("fork")
    processes = min(clients, max_processes)
    per_process = [clients // processes + (1 if i < clients % processes else 0) for i in range(processes)]
    queue = ctx.Queue()
    start_at = time.monotonic() + 0.5
    deadline = start_at + duration
    procs, first_slot = [], 0
    for threads in per_process:
        proc = ctx.Process(target=_client_process, args=(target, first_slot, threads, clients, batch, start_at,
                                                         deadline, max_requests, seed_agents, queue))
        proc.start()
        procs.append(proc)
        first_slot += threads
    outs = [queue.get(timeout=duration + 120) for _ in procs]
    for proc in procs:
        proc.join()
    latencies = [x for out in outs for x in out["latencies"]]
    elapsed = max(out["end"] for out in outs) - start_at
    return ScenarioResult(name, clients, len(latencies), sum(o["statements"] for o in outs), elapsed, latencies,
                          sum(o["errors"] for o in outs), next((o["first_error"] for o in outs if o["first_error"]), ""),
                          sum(o["cpu"] for o in outs))
