"""The retention policy (docs/privacy.md): what `retention run` deletes, and when."""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select

from ..forwarding.tables import forward_outbox
from ..services.clock import now_iso, parse_iso, to_iso
from ..storage.database import writer
from ..storage.schema import credentials, learner_links, learners, metadata
from ..xapi import index_keys
from .erasure import erase_learner

LEARNER_KIND = "learner"


@dataclass(frozen=True)
class Policy:
    removed_months: int  # erase a removed learner this long after `learners remove`
    expired_days: int  # delete links and tokens this long after they expired, were used or revoked
    forwarded_days: int  # delete outbox rows this long after they were sent

    @classmethod
    def from_config(cls, config) -> "Policy":
        return cls(config["TRACKER_RETENTION_REMOVED_MONTHS"], config["TRACKER_RETENTION_EXPIRED_DAYS"],
                   config["TRACKER_RETENTION_FORWARDED_DAYS"])


@dataclass
class Deleted:
    """What one run deleted (or, dry, would delete)."""

    learners: list[dict] = field(default_factory=list)  # {"id", "removed_at", "statements", ...}
    counts: dict[str, int] = field(default_factory=dict)  # kind -> rows

    def lines(self) -> list[str]:
        found = [f"erased learner {l['id']} (removed {l['removed_at']}): {l['statements']} statement(s), "
                 f"{l['documents']} document(s), {l['tokens']} token(s), {l['links']} link(s)"
                 + "".join(f", {n} {t}" for t, n in sorted(l["other"].items())) for l in self.learners]
        found += [f"{kind}: {count}" for kind, count in self.counts.items()]
        return found


def months_before(moment: datetime, months: int) -> datetime:
    """The same day `months` earlier (the month's last day when it has fewer days)."""
    year, month = divmod(moment.month - 1 - months, 12)
    year, month = moment.year + year, month + 1
    for day in range(moment.day, 27, -1):
        try:
            return moment.replace(year=year, month=month, day=day)
        except ValueError:
            continue
    return moment.replace(year=year, month=month, day=min(moment.day, 28))


def run_retention(engine, policy: Policy, *, dry_run: bool, now: str | None = None, audit=None) -> Deleted:
    """Delete what the policy says is due, in one transaction (rolled back when `dry_run`).

    `audit(conn, deleted)` is called inside the transaction to record the run (not when dry).
    """
    moment = parse_iso(now or now_iso())
    removed_before = to_iso(months_before(moment, policy.removed_months))
    expired_before = to_iso(moment - timedelta(days=policy.expired_days))
    sent_before = to_iso(moment - timedelta(days=policy.forwarded_days))
    result = Deleted()
    connection = writer(engine).connect()
    transaction = connection.begin()
    try:
        for row in connection.execute(select(learners).where(
                learners.c.removed_at.is_not(None), learners.c.removed_at < removed_before)
                .order_by(learners.c.removed_at)).all():
            erased = erase_learner(connection, row.id, index_keys.agent_key(json.loads(row.actor)))
            result.learners.append({"id": row.id, "removed_at": row.removed_at, **erased.__dict__})
        links = learner_links.c
        result.counts["personal links"] = connection.execute(delete(learner_links).where(or_(
            links.expires_at < expired_before, links.used_at < expired_before,
            links.revoked_at < expired_before))).rowcount
        c = credentials.c
        result.counts["learner tokens"] = connection.execute(delete(credentials).where(
            c.kind == LEARNER_KIND, or_(c.expires_at < expired_before, c.revoked_at < expired_before))).rowcount
        for name, columns in (("staff_links", ("expires_at", "used_at", "revoked_at")),
                              ("staff_sessions", ("expires_at", "revoked_at"))):
            table = metadata.tables.get(name)
            if table is not None:
                result.counts[name.replace("_", " ")] = connection.execute(delete(table).where(
                    or_(*(table.c[col] < expired_before for col in columns)))).rowcount
        o = forward_outbox.c
        result.counts["forwarded outbox rows"] = connection.execute(delete(forward_outbox).where(
            o.status == "sent", o.sent_at < sent_before)).rowcount
        if dry_run:
            transaction.rollback()
        else:
            if audit is not None:
                audit(connection, result)
            transaction.commit()
    except BaseException:
        transaction.rollback()
        raise
    finally:
        connection.close()
    return result

