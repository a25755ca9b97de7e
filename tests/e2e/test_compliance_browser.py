"""Compliance in Chromium: the grid and a dossier (1280 px), a certificate upload from a phone (390 px),
and the printable inspectiemap (print media, saved as PDF)."""
from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tracker" / "compliance"))
from compliance_samples import PNG, Org, load_requirements  # noqa: E402

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    """The tracker on a loopback port with De Vlinder's people, the demo requirements and a coach."""
    serving = pytest.importorskip("werkzeug.serving")
    from tracker import create_app

    folder = tmp_path_factory.mktemp("compliance")
    app = create_app({"TRACKER_DATABASE_URL": f"sqlite:///{folder / 'tracker.sqlite3'}",
                      "TRACKER_HOME_PAGE": "https://tracker.leerpad.test"})
    server = serving.make_server("127.0.0.1", 0, app, threaded=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_port}/"
    app.config["TRACKER_TEAM_URL"] = url
    org = Org(app)
    org.location("de-vlinder", "dagopvang")
    org.team("rupsen", "de-vlinder")
    for name in ("anna", "bram", "cem"):
        org.learner(name, role="pm-ervaren", team="rupsen", created="2025-01-06")
        org.hours(name, 32, "2025-01-06")
    org.confirmation("anna", "coaching", "2026-01-10", minutes=60)
    runner = app.test_cli_runner()
    load_requirements(runner)
    runner.invoke(args=["compliance", "record", "anna", "vog-personenregister", "--date", "2025-01-06"])
    yield app, url
    server.shutdown()


def signed_in(browser, live, viewport, role="coach", scope=("rupsen",)):
    from tracker.team.audit import Actor
    from tracker.team.mail import sign_in_link
    from tracker.team.state import team_state

    app, url = live
    with app.app_context():
        member = team_state().staff.add(name=f"{role.title()} {len(scope)}", role=role, email=None,
                                        scope=list(scope), learner_id=None, actor=Actor.cli())
    with app.test_request_context():
        link, _expires = sign_in_link(member)
    context = browser.new_context(viewport=viewport, is_mobile=viewport["width"] < 500,
                                  has_touch=viewport["width"] < 500)
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(link)
    page.locator("form button[type=submit]").first.click()
    page.wait_for_url("**/team/**")
    page.errors = errors
    return page


def test_grid_and_dossier_on_a_laptop(browser, live):
    page = signed_in(browser, live, DESKTOP)
    page.goto(live[1] + "team/verplichtingen/")
    table = page.get_by_role("table", name="Status per persoon en verplichting")
    assert table.is_visible()
    assert table.get_by_role("columnheader", name="Kinder-EHBO").is_visible()
    anna_row = table.get_by_role("row").filter(has=page.get_by_role("link", name="Anna"))
    assert "geldig" in anna_row.inner_text()  # VOG checked; text, not colour alone
    page.get_by_role("link", name="Anna").click()
    page.get_by_role("heading", name="Dossier van Anna", level=1).wait_for()
    history = page.get_by_role("table", name="Geschiedenis: VOG en Personenregister")
    assert "2025-01-06" in history.inner_text()
    assert page.get_by_text("gecontroleerd").first.is_visible()
    assert page.errors == []
    page.context.close()


def test_a_certificate_upload_from_a_phone(browser, live):
    page = signed_in(browser, live, PHONE)
    page.goto(live[1] + "team/verplichtingen/persoon/bram")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_label("Voor welke verplichting?").first.select_option("kinder-ehbo")
    page.get_by_label("Datum van het certificaat").fill("2026-01-15")
    page.get_by_label("Bestand (PDF, JPEG of PNG)").set_input_files(
        files=[{"name": "ehbo.png", "mimeType": "image/png", "buffer": PNG}])
    page.get_by_role("button", name="Opslaan").first.click()
    page.get_by_text("Het certificaat is opgeslagen.").wait_for()
    standing = page.get_by_role("table", name="Verplichtingen op").first
    row = standing.get_by_role("row").filter(has_text="Kinder-EHBO")
    assert "geldig" in row.inner_text() and "2028-01-15" in row.inner_text()
    assert page.get_by_role("link", name="ehbo.png").is_visible()
    page.context.close()


def test_the_printable_inspection_page(browser, live, tmp_path):
    page = signed_in(browser, live, DESKTOP, role="manager", scope=("de-vlinder",))
    page.goto(live[1] + "team/verplichtingen/inspectiemap/de-vlinder?jaar=2026")
    page.get_by_role("heading", name="Wet IKK: berekening en verdeling").wait_for()
    page.emulate_media(media="print")
    assert page.locator("header.top").is_hidden()
    assert page.get_by_role("heading", name="Certificaten per medewerker").is_visible()
    assert "50 × 1 + 10 × " in page.locator("main").inner_text()
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF") and len(pdf) > 5000
    (tmp_path / "inspectiemap.pdf").write_bytes(pdf)
    page.context.close()


def test_my_obligations_on_the_portal_and_an_upload_from_a_phone(stack, contexts):
    """A learner's overview shows "Mijn verplichtingen" from the tracker; they add a certificate from a phone."""
    from tracking_stack import ROLE, sign_in

    from compliance_samples import REQUIREMENTS

    stack.cli("compliance", "load", str(REQUIREMENTS))
    page = contexts()
    _, link = stack.link(name="Olga")
    sign_in(page, link)
    page.goto(f"{stack.portal}{ROLE}/")
    assert page.evaluate("leerpad.session.tracking().then(() => !!leerpad.obligations)")  # the signed-in script
    section = page.locator("section.lp-obligations")
    section.get_by_role("heading", name="Mijn verplichtingen").wait_for()
    item = section.locator('[data-requirement="kinder-ehbo"]')
    assert "Kinder-EHBO" in item.inner_text() and "open" in item.inner_text()
    item.locator("summary").click()
    item.get_by_label("Foto of scan (PDF, JPEG of PNG)").set_input_files(
        files=[{"name": "ehbo.png", "mimeType": "image/png", "buffer": PNG}])
    item.get_by_label("Datum van het certificaat").fill("2026-01-20")
    item.get_by_role("button", name="Opslaan").click()
    page.wait_for_function("""() => { const li = document.querySelector('[data-requirement="kinder-ehbo"]');
        return li && li.classList.contains('lp-obligation--geldig'); }""")
    # The list came again with the new status, and the learner still reads that it was saved.
    assert section.locator(".lp-obligations__status").inner_text() == "Je certificaat is opgeslagen."
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
