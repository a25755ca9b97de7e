"""E-mail from the tracker over SMTP (TRACKER_SMTP_URL): staff sign-in links, and reminders."""
from __future__ import annotations

import smtplib
import ssl
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from flask import current_app

from .staff import StaffMember
from .strings import translate as _


class MailError(RuntimeError):
    """The SMTP server could not be reached or refused the message."""


def send(to: str, subject: str, text: str, *, smtp_url: str | None = None, sender: str | None = None) -> None:
    """Send one plain-text message: smtp:// uses STARTTLS when offered, smtps:// TLS from the start."""
    config = current_app.config
    url = urlsplit(smtp_url or config["TRACKER_SMTP_URL"])
    message = EmailMessage()
    message["From"] = sender or config["TRACKER_MAIL_FROM"]
    message["To"] = to
    message["Subject"] = subject
    message.set_content(text)
    port = url.port or (465 if url.scheme == "smtps" else 25)
    try:
        if url.scheme == "smtps":
            client = smtplib.SMTP_SSL(url.hostname, port, timeout=20, context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(url.hostname, port, timeout=20)
        with client:
            client.ehlo()
            if url.scheme == "smtp" and client.has_extn("starttls"):
                client.starttls(context=ssl.create_default_context())
                client.ehlo()
            if url.username:
                client.login(unquote(url.username), unquote(url.password or ""))
            client.send_message(message)
    except (OSError, smtplib.SMTPException) as error:
        raise MailError(f"TRACKER_SMTP_URL: sending to {to} failed ({error})") from None


def team_url(url_root: str | None = None) -> str:
    """The tracker's public URL for links: TRACKER_TEAM_URL, else the request's, else loopback."""
    base = current_app.config.get("TRACKER_TEAM_URL") or url_root or "http://127.0.0.1:5000/"
    return base if base.endswith("/") else base + "/"


def sign_in_link(member: StaffMember, url_root: str | None = None) -> tuple[str, str]:
    """A new one-time sign-in link for a staff member; returns (url, expires_at)."""
    from .state import team_state

    code, expires_at = team_state().staff.issue_link(member.id, current_app.config["TRACKER_STAFF_LINK_TTL"])
    return f"{team_url(url_root)}team/aanmelden/{code}", expires_at


def send_sign_in_link(member: StaffMember, url_root: str | None = None) -> None:
    url, expires_at = sign_in_link(member, url_root)
    minutes = current_app.config["TRACKER_STAFF_LINK_TTL"] // 60
    text = _("Hallo {name},\n\nMet deze link meld je je aan bij Leerpad (team). De link werkt één keer "
             "en is {minutes} minuten geldig.\n\n{url}\n\nHeb je dit niet aangevraagd? Dan kun je deze "
             "e-mail negeren.\n", name=member.name, minutes=minutes, url=url)
    send(member.email, _("Je aanmeldlink voor Leerpad"), text)
