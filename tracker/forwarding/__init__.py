"""Forwarding statements to upstream LRSs (issue 12): a durable outbox filled in the write transaction,
and a worker that sends it in order with the stored ids (`flask --app tracker forward ...`)."""
from __future__ import annotations

import threading

from flask import Flask, current_app

from .upstreams import Upstream, load_upstreams


def init_app(app: Flask) -> None:
    """Read the upstreams, queue statements for them in the write transaction, add the commands."""
    from .cli import forward
    from .outbox import outbox_listener

    path = app.config.get("TRACKER_FORWARD_CONFIG") or ""
    upstreams = load_upstreams(path) if path else ()
    app.extensions["tracker_forwarding"] = upstreams
    if upstreams:
        app.extensions["tracker"].statements.listeners.append(outbox_listener(upstreams))
    app.cli.add_command(forward)
    if upstreams and app.config.get("TRACKER_FORWARD_IN_APP"):
        _start_in_app(app, upstreams)


def configured_upstreams() -> tuple[Upstream, ...]:
    return current_app.extensions.get("tracker_forwarding", ())


def _start_in_app(app: Flask, upstreams: tuple[Upstream, ...]) -> None:
    """Start a forwarder thread with this worker's first request (not in CLI commands).

    Every gunicorn worker starts one; the upstream's lease lets one of them send at a time.
    """
    from .worker import Forwarder

    started = threading.Lock()

    @app.before_request
    def _forwarder_thread():
        if started.acquire(blocking=False):
            forwarder = Forwarder(app.extensions["tracker"].engine, upstreams)
            stop = threading.Event()
            app.extensions["tracker_forwarder_stop"] = stop
            thread = threading.Thread(target=_run_logged, name="leerpad-forwarder", daemon=True,
                                      args=(app, forwarder, stop))
            thread.start()


def _run_logged(app: Flask, forwarder, stop: threading.Event) -> None:
    interval = app.config["TRACKER_FORWARD_INTERVAL"]
    while not stop.is_set():
        try:
            forwarder.run(stop, interval)
        except Exception:  # a database hiccup must not end forwarding for the life of the worker
            app.logger.exception("forwarder: unexpected error; retrying in %s s", interval)
            stop.wait(interval)
