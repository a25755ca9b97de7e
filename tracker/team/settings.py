"""Team view settings: staff sign-in (links, sessions, OpenID Connect) and e-mail."""
from __future__ import annotations

from urllib.parse import urlsplit

from flask import Flask

from ..config import ConfigError, Setting, _boolean, _text, duration, load_settings


def _smtp_url(name: str, raw: str) -> str:
    value = raw.strip()
    if not value.startswith(("smtp://", "smtps://")):
        raise ConfigError(f"{name}: expected a URL like smtp://user:password@mail.example:587 "
                          f"but received {raw!r}")
    return value


def _issuer(name: str, raw: str) -> str:
    """An OpenID Connect issuer pinned to one tenant: https (http only on loopback), no multi-tenant alias."""
    value = raw.strip()
    host = (urlsplit(value).hostname or "") if value else ""
    if value and not (value.startswith("https://") or host in ("127.0.0.1", "localhost", "::1")):
        raise ConfigError(f"{name}: expected an https:// issuer URL, e.g. "
                          f"https://login.microsoftonline.com/<tenant id>/v2.0, but received {raw!r}")
    if any(alias in value.lower() for alias in ("/common/", "/organizations/", "/consumers/", "{tenantid}")):
        raise ConfigError(f"{name}: pin one tenant: https://login.microsoftonline.com/<tenant id>/v2.0 "
                          f"(Entra ID: Overview, Tenant ID), not the multi-tenant {raw!r}")
    return value


def _language(name: str, raw: str) -> str:
    if raw.strip() not in ("nl", "en"):
        raise ConfigError(f"{name}: expected nl or en but received {raw!r}")
    return raw.strip()


TEAM_SETTINGS = (
    Setting("TRACKER_TEAM_LANGUAGE", _language, "nl", "language of the team pages and e-mails: nl or en"),
    Setting("TRACKER_TEAM_URL", _text, "",
            "public URL of the tracker for links in e-mails, e.g. https://tracker.example/ "
            "(default: the URL the request came in on; the CLI uses http://127.0.0.1:5000/)"),
    Setting("TRACKER_STAFF_LINK_TTL", duration, 3600,
            "how long a staff sign-in link stays valid (seconds, or 90m, 12h, 14d)"),
    Setting("TRACKER_STAFF_IDLE_TIMEOUT", duration, 2 * 3600,
            "a staff session ends after this long without a request"),
    Setting("TRACKER_STAFF_SESSION_LIFETIME", duration, 12 * 3600,
            "a staff session ends this long after sign-in, however active"),
    Setting("TRACKER_STAFF_COOKIE_SECURE", _boolean, False,
            "always mark the staff cookies Secure (they are Secure anyway when served over HTTPS)"),
    Setting("TRACKER_SMTP_URL", _smtp_url, "",
            "SMTP server for sign-in links and reminders: smtp://[user:password@]host[:port] "
            "(STARTTLS when the server offers it) or smtps://... (TLS); empty: no e-mail"),
    Setting("TRACKER_MAIL_FROM", _text, "Leerpad <leerpad@localhost>",
            "the From address of the tracker's e-mail"),
    Setting("TRACKER_OIDC_ISSUER", _issuer, "",
            "OpenID Connect issuer for staff sign-in (Microsoft 365, Google Workspace); empty: off"),
    Setting("TRACKER_OIDC_CLIENT_ID", _text, "", "the client id registered at the issuer (the audience)"),
    Setting("TRACKER_OIDC_CLIENT_SECRET", _text, "", "the client secret registered at the issuer"),
    Setting("TRACKER_OIDC_LABEL", _text, "Microsoft 365",
            "the name on the sign-in button, e.g. Microsoft 365 or Google Workspace"),
    Setting("TRACKER_OIDC_TRUST_EMAIL_CLAIM", _boolean, False,
            "Microsoft 365: accept the ID token's email (else preferred_username) claim when it has no "
            "email_verified; safe only because the issuer is pinned to your own tenant"),
    Setting("TRACKER_OIDC_HOSTED_DOMAIN", _text, "",
            "Google Workspace: the ID token's hd claim must be this domain (e.g. vlinder.nl); empty: not checked"),
)


def load_team_settings(app: Flask, environ: dict[str, str] | None = None) -> None:
    """Fill app.config with every team setting not already given (test config wins)."""
    missing = tuple(s for s in TEAM_SETTINGS if s.key not in app.config)
    app.config.update(load_settings(environ, missing))
