"""E-mailed one-time sign-in links against a real local SMTP server (aiosmtpd on loopback): the mail
arrives with a link that works once, unknown addresses get the same answer and no mail, the admin's
"Nieuwe aanmeldlink" mails, STARTTLS and TLS, and an unreachable server never gives a 500."""
from __future__ import annotations

import datetime as dt
import ipaddress
import logging
import ssl

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from signin_fixtures import (Inbox, body_text, free_port, link_path, new_link_path, staff_cookie,  # noqa: F401
                             staff_org, use_link)
from team_samples import csrf_token
from tracker.team.audit import Actor
from tracker.team.state import team_state

MAIL_ANSWER = "Als dit adres bij een account hoort, ontvang je binnen een paar minuten een e-mail met een aanmeldlink."


@pytest.fixture(scope="module")
def certificate(tmp_path_factory):
    """A self-signed certificate for 127.0.0.1 (key, cert) that the client is told to trust."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=7))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .sign(key, hashes.SHA256()))
    folder = tmp_path_factory.mktemp("tls")
    (folder / "key.pem").write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                                       serialization.NoEncryption()))
    (folder / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return folder / "key.pem", folder / "cert.pem"


def _server_context(certificate) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(certificate[1], certificate[0])
    return context


@pytest.fixture(scope="module")
def smtp():
    """A plain SMTP server (no STARTTLS offered), shared by the module; (inbox, port)."""
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield inbox, controller.port
    controller.stop()


@pytest.fixture
def inbox(app, smtp):
    inbox, port = smtp
    inbox.clear()
    app.config["TRACKER_SMTP_URL"] = f"smtp://127.0.0.1:{port}"
    return inbox


@pytest.fixture
def mila(app, staff_org):
    """A coach with a real-looking address (e-mail fields refuse the reserved .test domain)."""
    with app.app_context():
        member = team_state().staff.add(name="Mila", role="coach", email="mila@kdv-devlinder.nl", scope=["rupsen"],
                                        learner_id=None, actor=Actor.cli())
    staff_org.staff["Mila"] = member
    return member


def _ask_for_link(client, email: str):
    token = csrf_token(client.get("/team/aanmelden").get_data(as_text=True))
    return client.post("/team/aanmelden", data={"csrf_token": token, "email": email}, follow_redirects=True)


def test_the_sign_in_page_mails_a_link_that_works_once(app, client, inbox, mila):
    page = client.get("/team/aanmelden").get_data(as_text=True)
    assert "Stuur mij een aanmeldlink" in page
    answer = _ask_for_link(client, "Mila@KDV-devlinder.nl")
    assert answer.status_code == 200 and MAIL_ANSWER in answer.get_data(as_text=True)
    [message] = inbox.wait(1)
    assert message["To"] == "mila@kdv-devlinder.nl" and message["Subject"] == "Je aanmeldlink voor Leerpad"
    assert message["From"] == app.config["TRACKER_MAIL_FROM"]
    text = body_text(message)
    assert "Hallo Mila" in text and "één keer" in text and "60 minuten" in text
    assert "http://localhost/team/aanmelden/" in text
    path = link_path(text)
    browser = app.test_client()
    first = use_link(browser, path)
    assert first.status_code == 302 and staff_cookie(first) is not None
    assert browser.get("/team/").status_code == 200
    second = use_link(app.test_client(), path)
    assert staff_cookie(second) is None and "/team/aanmelden" in second.headers["Location"]


def test_the_link_uses_the_public_url_when_set(app, client, inbox, mila):
    app.config["TRACKER_TEAM_URL"] = "https://tracker.kdv-devlinder.nl"
    _ask_for_link(client, "mila@kdv-devlinder.nl")
    assert "https://tracker.kdv-devlinder.nl/team/aanmelden/" in body_text(inbox.wait(1)[0])


def test_unknown_and_removed_addresses_get_the_same_answer_and_no_mail(app, client, inbox, mila):
    known = _ask_for_link(client, "mila@kdv-devlinder.nl").get_data(as_text=True)
    assert len(inbox.wait(1)) == 1
    inbox.clear()
    unknown = _ask_for_link(client, "niemand@kdv-devlinder.nl").get_data(as_text=True)
    with app.app_context():
        team_state().staff.remove(mila.id, actor=Actor.cli())
    removed = _ask_for_link(client, "mila@kdv-devlinder.nl").get_data(as_text=True)
    assert _main(unknown) == _main(known) == _main(removed)
    assert inbox.wait(1, timeout=0.5) == []  # the SMTP conversation ends before the page answers


def _main(html: str) -> str:
    return html[html.index("<main"):html.index("</main>")]


def test_an_invalid_address_gets_a_clear_message_and_no_mail(client, inbox, mila):
    html = _ask_for_link(client, "geen-adres").get_data(as_text=True)
    assert "Vul een geldig e-mailadres in" in html
    assert inbox.wait(1, timeout=0.2) == []


def test_the_admin_mails_a_new_link(app, inbox, staff_org, mila):
    admin = staff_org.sign_in("Admin")
    token = csrf_token(admin.get("/team/beheer").get_data(as_text=True))
    answer = admin.post(f"/team/beheer/medewerker/{mila.id}/link", data={"csrf_token": token}, follow_redirects=True)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200 and "Een aanmeldlink is gemaild naar mila@kdv-devlinder.nl" in html
    assert "/team/aanmelden/" not in html.split("<main", 1)[1]  # the link itself is only in the mail
    [message] = inbox.wait(1)
    assert message["To"] == "mila@kdv-devlinder.nl"
    assert staff_cookie(use_link(app.test_client(), link_path(body_text(message)))) is not None


def test_without_smtp_the_admin_gets_the_link_on_the_page(app, staff_org, mila, smtp):
    inbox, _port = smtp
    inbox.clear()
    app.config["TRACKER_SMTP_URL"] = ""
    admin = staff_org.sign_in("Admin")
    token = csrf_token(admin.get("/team/beheer").get_data(as_text=True))
    html = admin.post(f"/team/beheer/medewerker/{mila.id}/link", data={"csrf_token": token},
                      follow_redirects=True).get_data(as_text=True)
    assert "Nieuwe aanmeldlink voor Mila" in html and "/team/aanmelden/" in html
    assert "Stuur mij een aanmeldlink" not in app.test_client().get("/team/aanmelden").get_data(as_text=True)
    assert inbox.wait(1, timeout=0.2) == []


def _tls_server(certificate, **kwargs):
    inbox = Inbox()

    def authenticate(server, session, envelope, mechanism, auth_data):
        return AuthResult(success=(auth_data.login, auth_data.password) == (b"leerpad", b"geheim wachtwoord"),
                          handled=False)

    # aiosmtpd only counts STARTTLS as TLS for AUTH; an smtps:// connection is TLS from its first byte.
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), authenticator=authenticate,
                            auth_require_tls="tls_context" in kwargs, **kwargs)
    controller.start()
    return inbox, controller


@pytest.mark.parametrize("scheme", ["smtp", "smtps"])
def test_starttls_and_tls_with_a_login(app, client, mila, certificate, monkeypatch, scheme):
    """smtp:// upgrades with STARTTLS when offered (the server requires it here); smtps:// is TLS from the start."""
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate[1]))  # trust our self-signed certificate
    context = _server_context(certificate)
    options = {"tls_context": context, "require_starttls": True} if scheme == "smtp" else {"ssl_context": context}
    inbox, controller = _tls_server(certificate, **options)
    try:
        app.config["TRACKER_SMTP_URL"] = f"{scheme}://leerpad:geheim%20wachtwoord@127.0.0.1:{controller.port}"
        _ask_for_link(client, "mila@kdv-devlinder.nl")
        [message] = inbox.wait(1)
        assert message["To"] == "mila@kdv-devlinder.nl"
        if scheme == "smtp":
            assert inbox.sessions[0]["tls"] is True
        app.config["TRACKER_SMTP_URL"] = f"{scheme}://leerpad:fout@127.0.0.1:{controller.port}"
        assert _ask_for_link(client, "mila@kdv-devlinder.nl").status_code == 200  # a refused login: no 500
        assert len(inbox.wait(2, timeout=0.5)) == 1
    finally:
        controller.stop()


def test_a_certificate_the_client_cannot_verify_is_refused(app, client, mila, certificate, caplog):
    inbox, controller = _tls_server(certificate, tls_context=_server_context(certificate), require_starttls=True)
    try:
        app.config["TRACKER_SMTP_URL"] = f"smtp://127.0.0.1:{controller.port}"
        with caplog.at_level(logging.WARNING):
            assert _ask_for_link(client, "mila@kdv-devlinder.nl").status_code == 200
        assert inbox.wait(1, timeout=0.3) == []
        assert "TRACKER_SMTP_URL" in caplog.text and "CERTIFICATE_VERIFY_FAILED" in caplog.text
    finally:
        controller.stop()


def test_an_unreachable_smtp_server_gives_the_usual_answer_and_a_warning(app, client, mila, caplog):
    app.config["TRACKER_SMTP_URL"] = f"smtp://127.0.0.1:{free_port()}"
    with caplog.at_level(logging.WARNING):
        answer = _ask_for_link(client, "mila@kdv-devlinder.nl")
    assert answer.status_code == 200 and MAIL_ANSWER in answer.get_data(as_text=True)
    assert "TRACKER_SMTP_URL: sending to mila@kdv-devlinder.nl failed" in caplog.text


def test_an_unreachable_smtp_server_tells_the_admin(app, staff_org, mila):
    app.config["TRACKER_SMTP_URL"] = f"smtp://127.0.0.1:{free_port()}"
    admin = staff_org.sign_in("Admin")
    token = csrf_token(admin.get("/team/beheer").get_data(as_text=True))
    answer = admin.post(f"/team/beheer/medewerker/{mila.id}/link", data={"csrf_token": token}, follow_redirects=True)
    html = answer.get_data(as_text=True)
    assert answer.status_code == 200
    assert "De e-mail kon niet worden verstuurd." in html and "is gemaild naar" not in html
