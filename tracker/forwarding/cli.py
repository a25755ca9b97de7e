"""`flask --app tracker forward run | status | replay | retry`."""
from __future__ import annotations

import json
import signal
import threading

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import and_, select

from ..extension import tracker
from ..services.clock import now_iso, to_iso
from ..storage.database import writer
from ..storage.schema import statement_activities, statements
from ..xapi.errors import XAPIError
from ..xapi.formats import parse_timestamp
from . import configured_upstreams
from .outbox import PARKED, PENDING, SENT, Candidate, counts, rows_for, unpark
from .tables import forward_outbox, forward_upstreams
from .worker import Forwarder

forward = AppGroup("forward", help="Forwarding statements to upstream LRSs (TRACKER_FORWARD_CONFIG).")
as_json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")


def _upstreams(name: str | None):
    upstreams = configured_upstreams()
    if not upstreams:
        raise click.ClickException("no upstreams: set TRACKER_FORWARD_CONFIG to a TOML file "
                                   "(see docs/tracker.md, Forwarding)")
    if name is None:
        return upstreams
    chosen = tuple(u for u in upstreams if u.name == name)
    if not chosen:
        raise click.BadParameter(f"no upstream {name!r}; configured: "
                                 f"{', '.join(u.name for u in upstreams)}", param_hint="--upstream")
    return chosen


upstream_option = click.option("--upstream", default=None, help="Only this upstream (its name).")


@forward.command("run")
@upstream_option
@click.option("--drain", is_flag=True,
              help="Exit once nothing is due (the outbox is empty or an upstream failed and backs off): for a timer.")
def forward_run(upstream, drain):
    """Send the outbox to the upstreams, in order, until stopped (SIGTERM or Ctrl-C)."""
    forwarder = Forwarder(tracker().engine, _upstreams(upstream))
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        forwarder.run(stop, current_app.config["TRACKER_FORWARD_INTERVAL"], drain=drain)
    except KeyboardInterrupt:
        pass
    for name, total in forwarder.totals.items():
        click.echo(f"{name}: {total.sent} sent, {total.parked} parked")


@forward.command("status")
@as_json_option
@click.option("--limit", default=20, show_default=True, help="Parked statements to list per upstream.")
def forward_status(as_json, limit):
    """Per upstream: pending, sent and parked statements, backoff, last error; the parked ones with why."""
    upstreams = configured_upstreams()
    o = forward_outbox.c
    with tracker().engine.connect() as conn:
        tally = counts(conn)
        health = {r.upstream: r for r in conn.execute(select(forward_upstreams))}
        report = []
        for upstream in upstreams:
            row = health.get(upstream.name)
            parked = [{"statement_id": p.statement_id, "queued_at": p.queued_at, "reason": p.reason}
                      for p in conn.execute(select(o.statement_id, o.queued_at, o.reason).where(
                          o.upstream == upstream.name, o.status == PARKED).order_by(o.id).limit(limit))]
            report.append({
                "upstream": upstream.name, "endpoint": upstream.endpoint,
                "pending": tally.get((upstream.name, PENDING), 0),
                "sent": tally.get((upstream.name, SENT), 0),
                "parked": tally.get((upstream.name, PARKED), 0),
                "failures": row.failures if row else 0,
                "next_attempt_at": row.next_attempt_at if row else None,
                "last_error": row.last_error if row else None,
                "last_error_at": row.last_error_at if row else None,
                "last_sent_at": row.last_sent_at if row else None,
                "parked_statements": parked})
    if as_json:
        click.echo(json.dumps(report))
        return
    if not report:
        click.echo("no upstreams configured (TRACKER_FORWARD_CONFIG)")
    for item in report:
        click.echo(f"{item['upstream']}  {item['endpoint']}\n"
                   f"  pending {item['pending']}, sent {item['sent']}, parked {item['parked']}; "
                   f"last sent {item['last_sent_at'] or 'never'}")
        if item["failures"]:
            click.echo(f"  {item['failures']} failure(s) in a row, next attempt {item['next_attempt_at']}: "
                       f"{item['last_error']}")
        for parked in item["parked_statements"]:
            click.echo(f"  parked {parked['statement_id']} (queued {parked['queued_at']}): {parked['reason']}")
        if item["parked"] > len(item["parked_statements"]):
            click.echo(f"  ... and {item['parked'] - len(item['parked_statements'])} more (--limit)")


def _moment(value: str | None, option: str) -> str | None:
    if value is None:
        return None
    try:
        return to_iso(parse_timestamp(value, option))
    except XAPIError as error:
        raise click.BadParameter(error.message, param_hint=option) from None


@forward.command("replay")
@click.option("--since", required=True, help="Statements stored after this moment (ISO 8601).")
@click.option("--until", default=None, help="... and at or before this one (default: now).")
@upstream_option
@as_json_option
def forward_replay(since, until, upstream, as_json):
    """Queue the statements stored in a time range again (a new upstream, or one that lost data).

    The filters apply as for new statements; the upstream recognises statements it already holds
    by their ids, so a replay never doubles them.
    """
    chosen = _upstreams(upstream)
    since, until = _moment(since, "--since"), _moment(until, "--until") or now_iso()
    s, a, o = statements.c, statement_activities.c, forward_outbox.c
    query = select(s.seq, s.statement_id, s.verb_id, s.private_owner, s.is_voiding, s.ref_target,
                   a.activity_id).select_from(statements).outerjoin(
        statement_activities, and_(a.seq == s.seq, a.direct.is_(True))).where(
        s.stored > since, s.stored <= until).order_by(s.seq)
    queued = {u.name: 0 for u in chosen}
    with writer(tracker().engine).begin() as conn:
        pending = {(r.upstream, r.statement_id) for r in conn.execute(
            select(o.upstream, o.statement_id).where(o.status == PENDING))}
        candidates = [Candidate(r.statement_id, r.seq, r.verb_id, r.activity_id,
                                r.private_owner is not None, r.ref_target if r.is_voiding else None)
                      for r in conn.execute(query)]
        rows = [row for row in rows_for(conn, chosen, candidates, now_iso())
                if (row["upstream"], row["statement_id"]) not in pending]
        for start in range(0, len(rows), 500):
            conn.execute(forward_outbox.insert(), rows[start:start + 500])
        for row in rows:
            queued[row["upstream"]] += 1
    if as_json:
        click.echo(json.dumps({"since": since, "until": until, "queued": queued}))
        return
    for name, count in queued.items():
        click.echo(f"{name}: {count} statement(s) stored after {since} and until {until} queued again")


@forward.command("retry")
@upstream_option
def forward_retry(upstream):
    """Queue the parked statements again (after the cause is fixed upstream or in the filter)."""
    name = _upstreams(upstream)[0].name if upstream else None
    with writer(tracker().engine).begin() as conn:
        count = unpark(conn, name)
    click.echo(f"{count} parked statement(s) queued again")
