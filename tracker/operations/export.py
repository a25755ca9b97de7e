"""`learners export`: everything the tracker holds about one person, as a ZIP (the answer to an inzageverzoek)."""
from __future__ import annotations

import base64
import io
import json
import os
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import select

from ..forwarding.tables import forward_outbox
from ..learners.store import Learner
from ..storage.schema import (attachments, credentials, documents, learner_links, metadata,
                              statement_agents, statement_shares, statements)
from ..xapi import index_keys
from .personal_data import learner_tables, public_columns

_TEMPLATES = Environment(loader=FileSystemLoader(Path(__file__).parent / "templates"),
                         autoescape=select_autoescape(["html"]), trim_blocks=True, lstrip_blocks=True)
MONTHS = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december")
# Dutch names for the other areas' tables in the summary (the JSON keeps the table names).
TABLE_NAMES = {
    "check_answers": "antwoorden op kennischecks", "check_results": "uitslagen van kennischecks",
    "coach_notes": "aantekeningen van uw coach", "confirmations": "bevestigde trainingen en gesprekken",
    "contract_hours": "contracturen", "learner_intakes": "intake", "learner_steps": "voortgang per stap",
    "reflection_feedback": "feedback op uw reflecties", "reflections": "reflecties (overzicht)",
    "staff": "uw account als medewerker van het teamoverzicht",
    "compliance_current": "verplichte scholing: stand", "compliance_evidence": "verplichte scholing: bewijzen",
    "compliance_files": "geüploade certificaten", "compliance_periods": "verplichte scholing: perioden",
    "compliance_feeds": "agenda-koppeling", "compliance_tags": "kenmerken (zoals BHV)",
    "compliance_reminders": "verstuurde herinneringen"}


def dutch_date(value: object) -> str:
    """'2026-11-01T10:00:00Z' -> '1 november 2026, 10:00 (UTC)'; other values unchanged."""
    text = str(value or "")
    if len(text) < 10 or text[4] != "-" or text[7] != "-":
        return text
    try:
        year, month, day = int(text[:4]), int(text[5:7]), int(text[8:10])
        label = f"{day} {MONTHS[month - 1]} {year}"
    except (ValueError, IndexError):
        return text
    return f"{label}, {text[11:16]} (UTC)" if len(text) >= 16 and text[10] == "T" else label


_TEMPLATES.filters["datum"] = dutch_date
_TEMPLATES.filters["onderdeel"] = lambda name: TABLE_NAMES.get(name, name.replace("_", " "))


@dataclass
class Export:
    """The collected data: file name -> JSON-able value, plus attachment files by sha2."""

    data: dict[str, object]
    files: dict[str, tuple[str, bytes]]  # statement attachments by sha2
    stored_files: dict[str, bytes] = field(default_factory=dict)  # other areas' files: ZIP path -> bytes

    def counts(self) -> dict[str, int]:
        return {name: len(value) for name, value in self.data.items() if isinstance(value, list)}


def _rows(conn, table, *where, order=None) -> list[dict]:
    query = select(*public_columns(table)).where(*where)
    if order is not None:
        query = query.order_by(order)
    return [dict(row._mapping) for row in conn.execute(query)]


def _document(row) -> dict:
    content = bytes(row.content)
    item = {"kind": row.kind, "activity_id": row.activity_id, "registration": row.registration or None,
            "document_id": row.document_id, "content_type": row.content_type, "updated": row.updated}
    try:
        text = content.decode("utf-8")
        item["content"] = json.loads(text) if row.content_type.startswith("application/json") else text
    except (UnicodeDecodeError, ValueError):
        item["content_base64"] = base64.b64encode(content).decode()
    return item


def collect(engine, learner: Learner, audit_entries: list[dict]) -> Export:
    """Read every row about the learner: theirs by id, and by their actor's agent key."""
    key = index_keys.agent_key(learner.actor)
    with engine.connect() as conn:
        kinds = {}
        for row in conn.execute(select(statement_agents.c.seq, statement_agents.c.direct)
                                .where(statement_agents.c.agent_key == key)):
            kinds[row.seq] = kinds.get(row.seq, False) or row.direct
        found = []
        for seq in sorted(kinds):
            row = conn.execute(select(statements.c.body, statements.c.voided, statements.c.private_owner,
                                      statements.c.shared).where(statements.c.seq == seq)).first()
            if row is not None and row.private_owner not in (None, key):
                continue  # someone else's private reflection that names them stays private
            if row is not None:
                found.append({"about_learner": "actor or object" if kinds[seq] else "mentioned",
                              "voided": row.voided, "private": row.private_owner is not None,
                              "shared": row.shared, "statement": json.loads(row.body)})
        wanted = {a["sha2"].lower() for s in found for a in s["statement"].get("attachments") or []
                  if isinstance(a, dict) and a.get("sha2")}
        files = {r.sha2: (r.content_type, bytes(r.content)) for r in conn.execute(
            select(attachments).where(attachments.c.sha2.in_(sorted(wanted))))} if wanted else {}
        ids = [s["statement"]["id"] for s in found]
        data = {
            "learner": {"id": learner.id, "name": learner.name, "role": learner.role, "team": learner.team,
                        "email": learner.email, "registration": learner.registration,
                        "actor": learner.actor, "created_at": learner.created_at,
                        "removed_at": learner.removed_at},
            "statements": found,
            "documents": [_document(r) for r in conn.execute(
                select(documents).where(documents.c.agent_key == key).order_by(documents.c.id))],
            "shares": _rows(conn, statement_shares, statement_shares.c.owner_key == key,
                            order=statement_shares.c.seq),
            "tokens": _rows(conn, credentials, credentials.c.learner_id == learner.id, order=credentials.c.id),
            "links": _rows(conn, learner_links, learner_links.c.learner_id == learner.id,
                           order=learner_links.c.id),
            "forwarded": [dict(r._mapping) for chunk in (ids[i:i + 500] for i in range(0, len(ids), 500))
                          for r in conn.execute(select(
                              forward_outbox.c.upstream, forward_outbox.c.statement_id, forward_outbox.c.status,
                              forward_outbox.c.queued_at, forward_outbox.c.sent_at)
                              .where(forward_outbox.c.statement_id.in_(chunk)).order_by(forward_outbox.c.id))],
            "audit": audit_entries,
        }
        stored_files: dict[str, bytes] = {}
        for table in learner_tables():
            data[table.name] = _with_files(table.name, _rows(conn, table, table.c.learner_id == learner.id),
                                           stored_files)
        teams, locations = metadata.tables.get("teams"), metadata.tables.get("locations")
        if learner.team and teams is not None and locations is not None:  # membership, by name
            team = conn.execute(select(teams).where(teams.c.id == learner.team)).first()
            place = team and conn.execute(select(locations).where(locations.c.id == team.location_id)).first()
            data["learner"]["team_name"] = team.name if team else None
            data["learner"]["location"] = place.name if place else None
        tags = metadata.tables.get("compliance_tags")
        if tags is not None:
            data["compliance_tags"] = _rows(conn, tags, tags.c.kind == "learner", tags.c.ref_id == learner.id)
        reminders = metadata.tables.get("compliance_reminders")  # e-mails sent to them, by address
        if reminders is not None and learner.email:
            data["compliance_reminders"] = _rows(conn, reminders, reminders.c.recipient == learner.email)
    for shared in data["shares"]:
        shared.pop("owner_key", None)
    return Export(data, files, stored_files)


def _with_files(table: str, rows: list[dict], stored_files: dict[str, bytes]) -> list[dict]:
    """Move binary columns (an uploaded certificate) into files of their own, named in the row."""
    for number, row in enumerate(rows, start=1):
        for column, value in list(row.items()):
            if isinstance(value, (bytes, memoryview)):
                name = str(row.get("filename") or column).replace("/", "_")
                path = f"bestanden/{table}/{row.get('id', number)}-{name}"
                stored_files[path] = bytes(value)
                row[column] = {"file": path}
    return rows


def summary_html(export: Export, made_at: str) -> str:
    """The readable Dutch summary (samenvatting.html)."""
    rows = []
    for item in export.data["statements"]:
        statement = item["statement"]
        verb = statement.get("verb", {})
        obj = statement.get("object", {})
        name = ((obj.get("definition") or {}).get("name") or {})
        result = statement.get("result") or {}
        rows.append({"when": statement.get("timestamp", ""), "verb": _label(verb.get("display")) or verb.get("id"),
                     "object": _label(name) or obj.get("id", ""), "response": result.get("response"),
                     "private": item["private"], "shared": item["shared"], "voided": item["voided"],
                     "mentioned": item["about_learner"] == "mentioned"})
    others = {name: value for name, value in export.data.items()
              if name not in ("learner", "statements", "documents", "shares", "tokens", "links",
                              "forwarded", "audit") and value}
    return _TEMPLATES.get_template("samenvatting.html").render(
        learner=export.data["learner"], statements=rows, data=export.data, others=others,
        files=export.files, made_at=made_at)


def _label(language_map) -> str | None:
    if not isinstance(language_map, dict) or not language_map:
        return None
    for tag in ("nl-NL", "nl", "en-US", "en"):
        if tag in language_map:
            return language_map[tag]
    return next(iter(language_map.values()))


def write_zip(export: Export, path: Path, made_at: str) -> None:
    """Write the ZIP readable by the owner only (it holds a person's data)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("samenvatting.html", summary_html(export, made_at))
        for name, value in export.data.items():
            archive.writestr(f"{name}.json", json.dumps(value, ensure_ascii=False, indent=2))
        for sha2, (content_type, content) in export.files.items():
            archive.writestr(f"bijlagen/{sha2}", content)
        for name, content in export.stored_files.items():
            archive.writestr(name, content)
        archive.writestr("bijlagen.json", json.dumps(
            {sha2: content_type for sha2, (content_type, _) in export.files.items()}, indent=2))
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "wb") as out:
        out.write(buffer.getvalue())
