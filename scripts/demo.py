"""`make demo`: build the demo portals with tracking, start the tracker (gunicorn, SQLite in
instance/) on 127.0.0.1:5000, create a demo learner and print their personal link with a QR
code, and serve the portals on http://127.0.0.1:8000. Ctrl+C stops both."""

from __future__ import annotations

import functools
import http.server
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
SITE = ROOT / "site"
PORT = 8000
TRACKER = "http://127.0.0.1:5000"
PORTAL = f"http://127.0.0.1:{PORT}"
DEMO_ROLE = "pm-starter"
DEMO_NAME = "Demo Leerling"
ENV = os.environ | {"TRACKER_CORS_ORIGINS": PORTAL, "TRACKER_PORTAL_URL": PORTAL + "/"}


def flask(*args: str, quiet: bool = False) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flask", "--app", "tracker", *args], cwd=ROOT, env=ENV,
                          capture_output=quiet, text=True)


def start_tracker() -> subprocess.Popen:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    return subprocess.Popen([str(gunicorn), "--bind", "127.0.0.1:5000", "--workers", "2", "--log-level", "warning",
                             "tracker:create_app()"], cwd=ROOT, env=ENV)


def wait_for(server: subprocess.Popen) -> None:
    for _ in range(300):
        try:
            urllib.request.urlopen(TRACKER + "/xapi/about", timeout=1).close()
            return
        except OSError:
            if server.poll() is not None:
                raise SystemExit("the tracker did not start (is port 5000 taken?)")
            time.sleep(0.1)
    raise SystemExit("the tracker did not answer on " + TRACKER)


def demo_link() -> None:
    """A new personal link for the demo learner (created the first time), printed with a QR code."""
    again = flask("learners", "link", DEMO_NAME, "--terminal-qr", quiet=True)
    if again.returncode == 0:
        print(again.stdout, end="")
        return
    flask("learners", "add", "--name", DEMO_NAME, "--role", DEMO_ROLE, "--terminal-qr")


def in_process() -> "Callable[..., subprocess.CompletedProcess]":
    """The same `flask --app tracker ...` commands, run in this process (no start-up per command)."""
    os.environ.update(ENV)
    from tracker import create_app

    runner = create_app().test_cli_runner()

    def run(*args: str, quiet: bool = False) -> subprocess.CompletedProcess:
        result = runner.invoke(args=list(args))
        if not quiet:
            print(result.output, end="")
        return subprocess.CompletedProcess(args, result.exit_code, result.stdout, result.stderr)
    return run


def organisation() -> None:
    """Kinderopvang De Vlinder (scripts/demo_org.py) the first time; fresh team sign-in links."""
    from demo_org import seed

    cli = in_process()
    seed(TRACKER, SITE, cli)
    staff = json.loads(cli("staff", "list", "--json", quiet=True).stdout or "[]")
    print("\nTeam view for coaches and managers (one-time sign-in links, valid for an hour):")
    shown = set()
    for member in staff:
        if member["role"] in ("coach", "manager") and member["role"] not in shown:
            shown.add(member["role"])
            made = json.loads(cli("staff", "link", member["id"], "--json", quiet=True).stdout)
            print(f"  {member['role']:8} {member['name']}: {made['link']}")
    print("  (more: .venv/bin/flask --app tracker staff link NAME)")


def stop_on_term(signum, frame) -> None:
    raise KeyboardInterrupt


def main() -> int:
    signal.signal(signal.SIGTERM, stop_on_term)
    built = subprocess.run([sys.executable, str(ROOT / "build.py"), "--tracker", TRACKER], cwd=ROOT)
    if built.returncode != 0:
        return built.returncode
    tracker = start_tracker()
    try:
        wait_for(tracker)
        loaded = flask("portals", "load", str(SITE))
        if loaded.returncode != 0:
            return loaded.returncode
        demo_link()
        organisation()
        handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(SITE))
        with http.server.ThreadingHTTPServer(("127.0.0.1", PORT), handler) as server:
            print(f"Leerpad demo: {PORTAL}/  (tracker {TRACKER}; open the personal link above to sign in; "
                  "Ctrl+C stops)")
            server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        tracker.terminate()
        tracker.wait(timeout=10)
    return 0


if __name__ == "__main__":
    sys.exit(main())
