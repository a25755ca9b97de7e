"""Forwarding survives an upstream outage: two trackers under gunicorn on loopback, the upstream
killed (SIGKILL) and restarted while statements stream in; afterwards it holds each forwarded one exactly once,
in order per actor."""
from __future__ import annotations

import hashlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from sqlalchemy import func, select

from tracker.forwarding.tables import forward_outbox
from tracker.services.credentials import create_credential
from tracker.services.privacy import VISIBILITY
from tracker.storage.database import make_engine, migrate
from tracker.storage.schema import statements
from tracker.xapi.attachments import build_multipart
from tracker_samples import basic, statement, voiding, with_id

ROOT = Path(__file__).resolve().parents[3]
ACTORS = [f"medewerker-{n}" for n in range(6)]
CONTENT = b"Observatieverslag\n"
SHA2 = hashlib.sha256(CONTENT).hexdigest()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def make_database(path: Path, name: str) -> tuple[str, str, str]:
    """A migrated SQLite database with an `all` credential: (url, key, secret)."""
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    migrate(engine)
    from tracker.storage import CredentialStore
    credential, secret = create_credential(CredentialStore(engine), name, ["all"], "https://t.invalid")
    engine.dispose()
    return url, credential.key, secret


class Gunicorn:
    def __init__(self, url: str, port: int, log: Path, env: dict | None = None):
        self.url, self.port, self.log, self.env = url, port, log, env or {}
        self.process = None

    def start(self) -> None:
        self.spawn()
        self.wait()

    def spawn(self) -> None:
        env = {**os.environ, "TRACKER_DATABASE_URL": self.url, "TRACKER_FORWARD_CONFIG": "", **self.env}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-w", "2", "-b", f"127.0.0.1:{self.port}",
             "--graceful-timeout", "2", "tracker:create_app()"], cwd=ROOT, env=env,
            stdout=self.log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True)

    def wait(self) -> None:
        deadline = time.time() + 90
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/xapi/about", timeout=2):
                    return
            except OSError:
                if self.process.poll() is not None or time.time() > deadline:
                    raise AssertionError(f"gunicorn did not start: {self.log.read_text()[-3000:]}")
                time.sleep(0.1)

    def kill(self) -> None:
        """Stop at once, mid-request if need be (the whole process group: arbiter and workers)."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=15)


def send(port: int, key: str, secret: str, body, parts=None) -> list[str]:
    data = json.dumps(body).encode()
    content_type = "application/json"
    if parts:
        data, content_type = build_multipart(data, parts)
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}/xapi/statements", data=data, method="POST",
        headers={"Authorization": basic(key, secret), "X-Experience-API-Version": "1.0.3",
                 "Content-Type": content_type})
    with urllib.request.urlopen(request, timeout=30) as answer:
        return json.loads(answer.read())


def load(port: int, key: str, secret: str, stop: threading.Event, worker: int, sent: list) -> None:
    """Batches of 1-4 statements by the six actors; some private, some voids, some with a file."""
    n = -1
    while not stop.is_set() or n < 30:
        n += 1
        actor = ACTORS[(worker + n) % len(ACTORS)]
        batch = [with_id(statement(actor=actor, activity=f"https://leerpad.test/m/{n}"))
                 for _ in range(1 + n % 4)]
        parts = None
        if n % 7 == 0:
            batch.append(with_id(statement(actor=actor, result={"extensions": {VISIBILITY: "private"}})))
        if n % 11 == 0:
            batch.append(with_id(statement(actor=actor, attachments=[{
                "usageType": "http://id.tincanapi.com/attachment/supporting_media",
                "display": {"nl-NL": "verslag"}, "contentType": "text/plain",
                "length": len(CONTENT), "sha2": SHA2}])))
            parts = [(SHA2, "text/plain", CONTENT)]
        sent.extend(send(port, key, secret, batch, parts))
        if n % 9 == 0:
            sent.extend(send(port, key, secret, [voiding(batch[0]["id"], actor=actor)]))
        time.sleep(0.05)  # a steady stream, not a flood: the test is about the outage, not throughput


def test_upstream_down_and_up_during_a_load(tmp_path):
    up_url, up_key, up_secret = make_database(tmp_path / "upstream.sqlite3", "forwarder")
    up_port = free_port()
    upstream = Gunicorn(up_url, up_port, tmp_path / "upstream.log")
    config = tmp_path / "forward.toml"
    config.write_text(f'[[upstream]]\nname = "up"\nendpoint = "http://127.0.0.1:{up_port}/xapi/"\n'
                      f'username = "{up_key}"\npassword = "{up_secret}"\nbatch_size = 25\n'
                      'timeout = 3\nbackoff_initial = 0.1\nbackoff_max = 1\n')
    main_url, key, secret = make_database(tmp_path / "main.sqlite3", "load")
    main = Gunicorn(main_url, free_port(), tmp_path / "main.log",
                    {"TRACKER_FORWARD_CONFIG": str(config), "TRACKER_FORWARD_IN_APP": "true",
                     "TRACKER_FORWARD_INTERVAL": "0.1"})
    upstream.spawn()
    main.spawn()
    upstream.wait()
    main.wait()
    try:
        sent: list[str] = []
        stop = threading.Event()
        clients = [threading.Thread(target=load, args=(main.port, key, secret, stop, w, sent))
                   for w in range(3)]
        for thread in clients:
            thread.start()
        time.sleep(1.5)
        upstream.kill()  # down in the middle of the load, mid-request if need be
        time.sleep(1.0)
        upstream.start()  # up again (the start takes a few seconds more of outage)
        time.sleep(1.0)
        stop.set()
        for thread in clients:
            thread.join()
        main_engine, up_engine = make_engine(main_url), make_engine(up_url)
        deadline = time.time() + 90
        while True:
            with main_engine.connect() as conn:
                pending = conn.execute(select(func.count()).select_from(forward_outbox).where(
                    forward_outbox.c.status != "sent")).scalar()
            if pending == 0:
                break
            assert time.time() < deadline, f"{pending} statements not forwarded; {main.log.read_text()[-2000:]}"
            time.sleep(0.3)
        with main_engine.connect() as conn:
            local = conn.execute(select(statements.c.statement_id, statements.c.body, statements.c.voided,
                                        statements.c.private_owner).order_by(statements.c.seq)).all()
            queued = conn.execute(select(func.count()).select_from(forward_outbox)).scalar()
            retried = conn.execute(select(func.max(forward_outbox.c.attempts))).scalar()
        with up_engine.connect() as conn:
            remote = conn.execute(select(statements.c.statement_id, statements.c.body, statements.c.voided)
                                  .order_by(statements.c.seq)).all()
        main_engine.dispose()
        up_engine.dispose()
    finally:
        main.stop()
        upstream.stop()

    assert len(set(sent)) == len(sent) == len(local) > 200
    public = [r for r in local if r.private_owner is None]
    assert queued == len(public)
    assert retried > 1, "the outage never reached the forwarder"
    remote_ids = [r.statement_id for r in remote]
    assert len(remote_ids) == len(set(remote_ids)), "a statement arrived twice"
    assert set(remote_ids) == {r.statement_id for r in public}, "a statement is missing or too many"
    assert {r.statement_id for r in remote if r.voided} == {r.statement_id for r in public if r.voided}
    assert any(SHA2 in r.body for r in remote)

    def per_actor(rows):
        order: dict[str, list[str]] = {}
        for row in rows:
            name = json.loads(row.body)["actor"]["account"]["name"]
            order.setdefault(name, []).append(row.statement_id)
        return order

    assert per_actor(remote) == per_actor(public), "an actor's statements arrived out of order"
