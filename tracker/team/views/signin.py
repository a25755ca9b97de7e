"""Staff sign-in: a one-time link (from the CLI or by e-mail), OpenID Connect, and sign-out."""
from __future__ import annotations

from flask import abort, current_app, flash, g, redirect, render_template, request, url_for

from ..auth import COOKIE, clear_session_cookie, set_session_cookie
from ..forms import EmailLinkForm, PlainForm, translate_form
from datetime import datetime, timedelta, timezone

from ...services.clock import now_iso
from ..mail import MailError, send_sign_in_link
from ..state import team_state
from ..strings import translate as _
from . import team


# Nobody can flood a colleague's mailbox from the public form: at most this many links a quarter.
MAIL_LINKS_PER_15_MINUTES = 3


def _safe_next(target: str | None) -> str:
    """Only a path on the team view: never an open redirect."""
    if target and target.startswith("/team/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("team.home")


@team.route("/aanmelden", methods=["GET", "POST"])
def sign_in():
    form = translate_form(EmailLinkForm())
    config = current_app.config
    if form.validate_on_submit():
        member = team_state().staff.by_email(form.email.data)
        recent = now_iso(datetime.now(timezone.utc) - timedelta(minutes=15))
        if member is not None and config["TRACKER_SMTP_URL"] and \
                team_state().staff.links_since(member.id, recent) < MAIL_LINKS_PER_15_MINUTES:
            try:
                send_sign_in_link(member, request.url_root)
            except MailError as error:  # the same answer: the page must not tell whether the address exists
                current_app.logger.warning("%s", error)
        # The same answer whether or not the address is known: no account enumeration.
        flash(_("Als dit adres bij een account hoort, ontvang je binnen een paar minuten een "
                "e-mail met een aanmeldlink."), "success")
        return redirect(url_for("team.sign_in"))
    return render_template("team/sign_in.html", form=form, mail=bool(config["TRACKER_SMTP_URL"]),
                           oidc=bool(config["TRACKER_OIDC_ISSUER"]), oidc_label=config["TRACKER_OIDC_LABEL"],
                           next=request.args.get("next", ""))


@team.route("/aanmelden/<code>", methods=["GET", "POST"])
def sign_in_with_link(code: str):
    """GET shows a button; POST uses the code. Link scanners in mail clients only GET."""
    form = PlainForm()
    if request.method == "POST" and form.validate_on_submit():
        config = current_app.config
        session = team_state().staff.redeem(code[:100], via="link",
                                            idle_seconds=config["TRACKER_STAFF_IDLE_TIMEOUT"],
                                            lifetime_seconds=config["TRACKER_STAFF_SESSION_LIFETIME"])
        if session is None:
            flash(_("Deze aanmeldlink is al gebruikt, verlopen of onbekend. Vraag een nieuwe link aan."), "error")
            return redirect(url_for("team.sign_in"))
        response = redirect(_safe_next(request.args.get("next")))
        set_session_cookie(response, session.token)
        return response
    return render_template("team/sign_in_link.html", form=form)


@team.post("/afmelden")
def sign_out():
    if not PlainForm().validate_on_submit():
        abort(400, "Dit formulier is verlopen. Laad de pagina opnieuw en probeer het nog eens.")
    if g.get("staff") is not None:
        team_state().staff.end_session(request.cookies.get(COOKIE, ""))
    response = redirect(url_for("team.sign_in"))
    clear_session_cookie(response)
    flash(_("Je bent afgemeld."), "success")
    return response
