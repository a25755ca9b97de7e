"""Operator commands: `backup`, `restore`, `retention run`, `doctor`, and `learners export`."""
from __future__ import annotations

import getpass
import json
from dataclasses import asdict
from pathlib import Path

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from ..services.clock import now_iso
from ..storage.database import current_revision, migrate
from ..team.audit import Actor, AuditLog, write
from .backup import BackupError, backup, restore
from .doctor import PROBLEM, examine
from .export import collect, write_zip
from .retention import Policy, run_retention

retention = AppGroup("retention", help="The retention policy (TRACKER_RETENTION_*; docs/privacy.md).")
audit = AppGroup("audit", help="The append-only audit log: who read or changed whose data.")
as_json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON for scripts.")


def _engine():
    return current_app.extensions["tracker"].engine


def operator() -> Actor:
    """Who runs the command, for the audit log."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "unknown"
    return Actor.cli(f"command line ({user})")


@click.command("export")
@with_appcontext
@click.argument("learner")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="The ZIP to write (default: <instance>/exports/<id>-<date>.zip).")
@click.option("--reason", default=None, help="Why (e.g. 'inzageverzoek 2026-12-01'); kept in the audit log.")
@as_json_option
def learners_export(learner, output, reason, as_json):
    """Write everything the tracker holds about LEARNER (id or name) as a ZIP: JSON plus a Dutch summary."""
    from ..learners.cli import _find
    from ..learners.state import learner_state

    found = learner_state().learners.get(learner) or _find(learner)
    engine, made_at = _engine(), now_iso()
    audit = AuditLog(engine)
    export = collect(engine, found, audit.about(found.id))
    path = output or Path(current_app.instance_path) / "exports" / f"{found.id}-{made_at[:10]}.zip"
    write_zip(export, path, made_at)
    counts = export.counts()
    audit.record(operator(), "learner.export", subject=found.id,
                 detail={"file": str(path), "reason": reason, "counts": counts})
    if as_json:
        click.echo(json.dumps({"id": found.id, "file": str(path), "counts": counts,
                               "attachments": len(export.files)}))
        return
    click.echo(f"wrote {path} for {found.id} ({found.name})")
    for name, count in counts.items():
        if count:
            click.echo(f"  {name}: {count}")


@retention.command("run")
@click.option("--dry-run", is_flag=True, help="Only print what would be deleted.")
@as_json_option
def retention_run(dry_run, as_json):
    """Delete what the retention policy says is due; print what was deleted. Safe to run from cron."""
    policy = Policy.from_config(current_app.config)
    actor = operator()

    def record(conn, deleted):
        for erased in deleted.learners:
            write(conn, actor, "retention.erase", subject=erased["id"], detail=erased)
        write(conn, actor, "retention.run", detail={"policy": asdict(policy), "counts": deleted.counts,
                                                    "erased_learners": [l["id"] for l in deleted.learners]})

    deleted = run_retention(_engine(), policy, dry_run=dry_run, audit=record)
    if as_json:
        click.echo(json.dumps({"dry_run": dry_run, "policy": asdict(policy),
                               "erased_learners": deleted.learners, "deleted": deleted.counts}))
        return
    click.echo(("would delete (dry run):" if dry_run else "deleted:") +
               f"  [removed learners after {policy.removed_months} months, links and tokens "
               f"{policy.expired_days} days after expiry, forwarded rows after {policy.forwarded_days} days]")
    for line in deleted.lines():
        click.echo(f"  {line}")


@click.command("backup")
@with_appcontext
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def backup_command(path):
    """Write a consistent backup of the database to PATH, also while the tracker runs."""
    config = current_app.config
    try:
        how = backup(_engine(), config["TRACKER_DATABASE_URL"], config["TRACKER_DATABASE_SCHEMA"], path)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    AuditLog(_engine()).record(operator(), "database.backup", detail={"file": str(path), "method": how})
    click.echo(f"backup written to {path} ({how}); keep it as private as the database")


@click.command("restore")
@with_appcontext
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def restore_command(path):
    """Restore a backup from PATH into the configured database, which must be empty; then migrate it."""
    config = current_app.config
    engine = _engine()
    try:
        how = restore(engine, config["TRACKER_DATABASE_URL"], config["TRACKER_DATABASE_SCHEMA"], path)
    except BackupError as error:
        raise click.ClickException(str(error)) from None
    migrate(engine)
    AuditLog(engine).record(operator(), "database.restore", detail={"file": str(path), "method": how})
    click.echo(f"restored {path} ({how}); database at revision {current_revision(engine)}")


@click.command("doctor")
@with_appcontext
@as_json_option
def doctor_command(as_json):
    """Check settings, database and migrations, CORS, portal manifests, forwarding and disk space."""
    findings = examine(current_app._get_current_object())
    failed = [f for f in findings if f.level == PROBLEM]
    if as_json:
        click.echo(json.dumps([asdict(f) for f in findings]))
    else:
        for finding in findings:
            click.echo(f"{finding.level:8} {finding.check}: {finding.message}")
        click.echo(f"\n{len(failed)} problem(s)" + (":" if failed else "; the tracker looks ready"))
        for finding in failed:
            click.echo(f"  - {finding.check}: {finding.message}")
    if failed:
        raise SystemExit(1)



@audit.command("export")
@click.option("--since", default=None, help="Only entries at or after this time (ISO 8601, UTC).")
@click.option("--learner", default=None, help="Only entries about this learner id.")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Write to this file instead of standard output.")
@click.option("--format", "kind", type=click.Choice(["jsonl", "csv"]), default="jsonl", show_default=True)
def audit_export(since, learner, output, kind):
    """Write audit entries, oldest first, as JSON lines or CSV (for an auditor or the DPO)."""
    import csv
    import io

    log = AuditLog(_engine())
    entries = log.about(learner) if learner else list(reversed(log.entries(since=since, limit=10 ** 9)))
    if since and learner:
        entries = [e for e in entries if e["at"] >= since]
    buffer = io.StringIO()
    if kind == "csv":
        writer = csv.writer(buffer)
        writer.writerow(["id", "at", "actor", "actor_name", "subject", "action", "detail"])
        for e in entries:
            writer.writerow([e["id"], e["at"], e["actor"], e["actor_name"], e["subject"] or "", e["action"],
                             json.dumps(e["detail"], ensure_ascii=False, sort_keys=True)])
    else:
        for e in entries:
            buffer.write(json.dumps(e, ensure_ascii=False) + "\n")
    if output is None:
        click.echo(buffer.getvalue(), nl=False)
        return
    output.write_text(buffer.getvalue(), encoding="utf-8")
    output.chmod(0o600)
    click.echo(f"wrote {len(entries)} audit entries to {output}", err=True)
