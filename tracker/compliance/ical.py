"""A person's due dates as an iCalendar feed (RFC 5545): one all-day event per requirement with a date."""
from __future__ import annotations

from .dossier import Dossier
from .store import today


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets are folded (RFC 5545 3.1)."""
    raw = line.encode("utf-8")
    if len(raw) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        encoded = char.encode("utf-8")
        if len(current) + len(encoded) > 74:
            parts.append(current.decode("utf-8"))
            current = b""
        current += encoded
    parts.append(current.decode("utf-8"))
    return "\r\n ".join(parts)


def calendar(dossier: Dossier, host: str) -> str:
    stamp = today().strftime("%Y%m%dT000000Z")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Leerpad//Verplichtingen//NL", "CALSCALE:GREGORIAN",
             "X-WR-CALNAME:Mijn verplichtingen"]
    for item in dossier.items:
        due = item.standing.due
        if not due:
            continue
        compact = due.replace("-", "")
        lines += ["BEGIN:VEVENT", f"UID:{dossier.person.id}-{item.requirement.id}-{compact}@{host}",
                  f"DTSTAMP:{stamp}", f"DTSTART;VALUE=DATE:{compact}",
                  _fold(f"SUMMARY:{_escape(item.requirement.title)}: uiterlijk vandaag"),
                  _fold(f"DESCRIPTION:{_escape(item.requirement.description or item.requirement.title)}"),
                  "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return "\r\n".join(lines) + "\r\n"
