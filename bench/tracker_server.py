"""Start our tracker on a fresh database for a benchmark or a conformance run.

Used by `bench/conformance.py` and `bench/lrs_bench.py --start-tracker`; not part of CI.
"""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
DATABASE_CHOICES = ["sqlite", "postgresql", "both"]
Result = TypeVar("Result")


class TrackerStartError(RuntimeError):
    """The tracker could not be started; the message says why and where its log is."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Database:
    """A fresh tracker database: a SQLite file in a temporary folder or a new PostgreSQL database."""

    url: str
    workdir: Path
    pg_name: str | None = None

    @classmethod
    def fresh(cls, kind: str, workdir: Path) -> "Database":
        if kind == "sqlite":
            return cls(url=f"sqlite:///{workdir / 'tracker.db'}", workdir=workdir)
        if kind == "postgresql":
            name = f"leerpad_bench_{uuid.uuid4().hex[:10]}"
            _pg_admin(f'CREATE DATABASE "{name}"')
            return cls(url=f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}", workdir=workdir, pg_name=name)
        raise ValueError(f"database kind must be sqlite or postgresql, not {kind!r}")

    @classmethod
    def given(cls, url: str, workdir: Path) -> "Database":
        return cls(url=url, workdir=workdir)

    def drop(self) -> None:
        if self.pg_name:
            _pg_admin(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')


def on_fresh_databases(choice: str, both: tuple[str, str], prefix: str,
                       run: Callable[[str, Path], Result]) -> Iterator[tuple[str, Result]]:
    """Call `run(url, workdir)` on a fresh database of the kind chosen (`both`: each, in that order).

    Yields (kind, result); each database is dropped before its result is yielded.
    """
    for kind in (list(both) if choice == "both" else [choice]):
        workdir = Path(tempfile.mkdtemp(prefix=prefix))
        database = Database.fresh(kind, workdir)
        try:
            result = run(database.url, workdir)
        finally:
            database.drop()
        yield kind, result


def _pg_admin(sql: str) -> None:
    try:
        import psycopg
    except ImportError as exc:  # pragma: no cover - psycopg is a project dependency
        raise TrackerStartError("psycopg is not installed: run with the project's .venv/bin/python") from exc
    try:
        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(sql)
    except psycopg.OperationalError as exc:
        raise TrackerStartError(f"PostgreSQL at {PG_ADMIN_URL} is not reachable: {exc}") from exc


@dataclass
class Credential:
    key: str
    secret: str

    @property
    def basic_auth(self) -> str:
        return "Basic " + base64.b64encode(f"{self.key}:{self.secret}".encode()).decode()


def _tracker_env(database_url: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.update(extra or {})
    env["TRACKER_DATABASE_URL"] = database_url
    env.setdefault("PYTHONUNBUFFERED", "1")
    return env


def _flask(args: list[str], database_url: str, extra_env: dict[str, str] | None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "flask", "--app", "tracker", *args],
        cwd=ROOT, env=_tracker_env(database_url, extra_env), capture_output=True, text=True, timeout=120,
    )


def create_credential(database_url: str, name: str = "bench", extra_env: dict[str, str] | None = None) -> Credential:
    """Migrate the database, then create a credential with scope `all` through the tracker's CLI."""
    _flask(["db", "upgrade"], database_url, extra_env)  # optional: the CLI may also migrate on first use
    done = _flask(["credentials", "create", name, "--scope", "all", "--json"], database_url, extra_env)
    if done.returncode != 0:
        raise TrackerStartError(
            "`flask --app tracker credentials create NAME --scope all --json` failed "
            f"(exit {done.returncode}):\n{done.stdout}{done.stderr}"
        )
    return _parse_credential(done.stdout)


def _parse_credential(stdout: str) -> Credential:
    start = stdout.find("{")
    try:
        data = json.loads(stdout[start:]) if start >= 0 else None
    except json.JSONDecodeError:
        data = None
    if not isinstance(data, dict):
        raise TrackerStartError(f"credentials create --json printed no JSON object:\n{stdout}")
    key = data.get("key") or data.get("username") or data.get("api_key")
    secret = data.get("secret") or data.get("password") or data.get("api_secret")
    if not key or not secret:
        raise TrackerStartError(f"credentials create --json gave no key/secret fields: {sorted(data)}")
    return Credential(str(key), str(secret))


@dataclass
class TrackerServer:
    """Our tracker as a child process on a free 127.0.0.1 port (gunicorn or `flask run`)."""

    database: Database
    server: str = "gunicorn"
    workers: int = 3
    threads: int = 1
    extra_env: dict[str, str] = field(default_factory=dict)
    app_spec: str = "tracker:create_app()"
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}/xapi/"

    @property
    def log_path(self) -> Path:
        return self.database.workdir / "tracker-server.log"

    def command(self) -> list[str]:
        if self.server == "gunicorn":
            cmd = [sys.executable, "-m", "gunicorn", "--bind", f"127.0.0.1:{self.port}",
                   "--workers", str(self.workers), "--log-level", "warning", "--timeout", "120"]
            if self.threads > 1:
                cmd += ["--worker-class", "gthread", "--threads", str(self.threads)]
            return cmd + [self.app_spec]
        if self.server == "flask":
            return [sys.executable, "-m", "flask", "--app", "tracker", "run", "--host", "127.0.0.1",
                    "--port", str(self.port), "--no-reload", "--with-threads"]
        raise ValueError(f"server must be gunicorn or flask, not {self.server!r}")

    def start(self, timeout: float = 60.0) -> None:
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            self.command(), cwd=ROOT, env=_tracker_env(self.database.url, self.extra_env),
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise TrackerStartError(f"the tracker exited with {self.process.returncode}; "
                                        f"its log:\n{self.log_path.read_text(errors='replace')[-4000:]}")
            try:
                with urllib.request.urlopen(self.endpoint + "about", timeout=2) as response:
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        self.stop()
        raise TrackerStartError(f"no answer from {self.endpoint}about within {timeout:.0f} s; log: {self.log_path}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


class RunningTracker:
    """Context manager: fresh database, credential, server; everything removed on exit."""

    def __init__(self, kind: str = "sqlite", *, database_url: str | None = None, server: str = "gunicorn",
                 workers: int = 3, threads: int = 1, keep: bool = False,
                 extra_env: dict[str, str] | None = None, app_spec: str = "tracker:create_app()"):
        self.workdir = Path(tempfile.mkdtemp(prefix="leerpad-tracker-"))
        self.database = (Database.given(database_url, self.workdir) if database_url
                         else Database.fresh(kind, self.workdir))
        self.extra_env = dict(extra_env or {})
        self.server = TrackerServer(self.database, server=server, workers=workers, threads=threads,
                                    extra_env=self.extra_env, app_spec=app_spec)
        self.keep = keep
        self.credential: Credential | None = None

    def __enter__(self) -> "RunningTracker":
        try:
            self.credential = create_credential(self.database.url, extra_env=self.extra_env)
            self.server.start()
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def __exit__(self, *exc) -> None:
        self.server.stop()
        if not self.keep:
            self.database.drop()
            shutil.rmtree(self.workdir, ignore_errors=True)
