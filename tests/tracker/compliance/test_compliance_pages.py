"""The team pages of compliance: who sees what (a test per role and route), dossier, uploads, IKK, exports."""
from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from tracker.team.tables import audit_log

from compliance_samples import PDF, PNG, Org, csrf, load_requirements, staff_client

ROUTES = ["/team/verplichtingen/", "/team/verplichtingen/lijsten", "/team/verplichtingen/ikk",
          "/team/verplichtingen/exports", "/team/verplichtingen/persoon/anna",
          "/team/verplichtingen/inspectiemap/de-vlinder", "/team/verplichtingen/opleidingsplan-2026.csv"]


@pytest.fixture
def org(app, runner):
    org = Org(app)
    org.location("de-vlinder", "dagopvang")
    org.location("het-bolwerk", "bso")
    org.team("rupsen", "de-vlinder")
    org.team("bso-groep", "het-bolwerk")
    org.learner("anna", role="pm-ervaren", team="rupsen")
    org.hours("anna", 36, "2024-01-01")
    org.learner("bram", role="bso-medewerker", team="bso-groep")
    load_requirements(runner)
    return org


@pytest.fixture
def coach(app, org):
    return staff_client(app, "Carla", "coach", ["rupsen"])


@pytest.fixture
def manager(app, org):
    return staff_client(app, "Maaike", "manager", ["de-vlinder"])


@pytest.mark.parametrize("route", ROUTES)
def test_every_route_by_role(app, org, route):
    """Signed out: to the sign-in page; admin: 403; coach and manager of the place: 200; others: 403."""
    assert app.test_client().get(route).status_code == 302
    assert staff_client(app, "Ad", "admin", []).get(route).status_code == 403
    assert staff_client(app, "Cas", "coach", ["rupsen"]).get(route).status_code == 200
    assert staff_client(app, "Mo", "manager", ["de-vlinder"]).get(route).status_code == 200
    other = staff_client(app, "Bo", "coach", ["bso-groep"]).get(route)
    assert other.status_code == (403 if "anna" in route or "inspectiemap" in route else 200)


def test_the_grid_shows_only_the_viewers_people_with_status_text(app, coach):
    page = coach.get("/team/verplichtingen/").get_data(as_text=True)
    assert "Anna" in page and "Bram" not in page
    assert "Meldcode opfrissen" in page and 'class="c c-' in page
    assert "3F" in page  # the taaleis level of a dagopvang


def test_a_dossier_view_is_audited(app, coach):
    assert coach.get("/team/verplichtingen/persoon/anna").status_code == 200
    with app.extensions["tracker"].engine.connect() as conn:
        rows = conn.execute(select(audit_log.c.action, audit_log.c.actor).where(audit_log.c.subject == "anna")).all()
    assert ("compliance.dossier_viewed", f"staff:{coach.member.id}") in rows


def upload(client, learner="anna", requirement="kinder-ehbo", content=PNG, name="ehbo.png", date="2025-05-01"):
    page = f"/team/verplichtingen/persoon/{learner}"
    return client.post(f"{page}/certificaat", data={
        "cert-csrf_token": csrf(client, page, "cert-csrf_token"), "cert-requirement": requirement,
        "cert-done_on": date, "cert-file": (io.BytesIO(content), name)}, content_type="multipart/form-data")


def test_a_coach_uploads_a_certificate_and_only_the_persons_staff_see_the_file(app, org, coach):
    answer = upload(coach)
    assert answer.status_code == 302
    page = coach.get("/team/verplichtingen/persoon/anna").get_data(as_text=True)
    assert "certificaat" in page and "2027-05-01" in page  # 24 months
    file_url = re.search(r'href="(/team/verplichtingen/persoon/anna/bestand/\d+)"', page).group(1)
    got = coach.get(file_url)
    assert got.status_code == 200 and got.data == PNG and got.mimetype == "image/png"
    assert "attachment" in got.headers["Content-Disposition"]
    assert staff_client(app, "Bo", "coach", ["bso-groep"]).get(file_url).status_code == 403
    assert staff_client(app, "Ad", "admin", []).get(file_url).status_code == 403


def test_a_file_that_is_not_pdf_jpeg_or_png_is_refused_by_its_content(app, coach):
    answer = upload(coach, content=b"<html><script>alert(1)</script>", name="certificaat.pdf")
    assert answer.status_code == 400
    assert "geen PDF, JPEG of PNG" in answer.get_data(as_text=True)
    assert upload(coach, content=PDF, name="x.pdf", date="2099-01-01").status_code == 400  # future date
    big = app.config["TRACKER_COMPLIANCE_MAX_FILE_BYTES"]
    assert "te groot" in upload(coach, content=PDF + b"0" * big).get_data(as_text=True)


def test_only_a_manager_records_a_check_and_revokes(app, org, coach, manager):
    page = "/team/verplichtingen/persoon/anna"
    data = {"man-requirement": "vog-personenregister", "man-done_on": "2024-01-02", "man-note": "VOG gezien"}
    assert coach.post(f"{page}/handmatig", data=data).status_code == 403
    answer = manager.post(f"{page}/handmatig", data={"man-csrf_token": csrf(manager, page, "man-csrf_token"), **data})
    assert answer.status_code == 302
    assert "VOG gezien" in manager.get(page).get_data(as_text=True)
    no_csrf = manager.post(f"{page}/handmatig", data=data)
    assert no_csrf.status_code == 400
    evidence = re.search(r'action="(/team/verplichtingen/persoon/anna/intrekken/\d+)"',
                         manager.get(page).get_data(as_text=True)).group(1)
    revoke = manager.post(evidence, data={"rev-csrf_token": csrf(manager, page, "rev-csrf_token"),
                                                       "rev-reason": "VOG hoorde bij iemand anders"})
    assert revoke.status_code == 302
    with app.extensions["tracker"].engine.connect() as conn:
        actions = conn.execute(select(audit_log.c.action).where(audit_log.c.subject == "anna")).scalars().all()
    assert {"compliance.evidence_recorded", "compliance.evidence_revoked"} <= set(actions)


def test_ikk_split_by_the_manager_policy_hours_by_the_coach_and_the_public_page(app, org, coach, manager):
    page = "/team/verplichtingen/ikk?jaar=2026"
    answer = manager.post(page, data={"ikk-csrf_token": csrf(manager, page, "ikk-csrf_token"),
                                      "ikk-location": "de-vlinder", "ikk-hours": "70"})
    assert answer.status_code == 302
    coach.post(page, data={"ikk-csrf_token": csrf(coach, page, "ikk-csrf_token"), "ikk-location": "de-vlinder",
                           "ikk-hours": "6", "ikk-note": "Beleidsplan herzien"})
    sheet = coach.get(page).get_data(as_text=True)
    assert "50 × 1 + 10 × 1 FTE" in sheet and "70" in sheet and "Anna" in sheet
    public = app.test_client().get("/team/verplichtingen/openbaar/ikk/de-vlinder/2026")
    text = public.get_data(as_text=True)
    assert public.status_code == 200 and "60 uur" in text and "70" in text
    assert "Anna" not in text  # no names in public
    assert app.test_client().get("/team/verplichtingen/openbaar/ikk/nergens/2026").status_code == 404


def test_the_training_plan_exports_open(app, org, coach):
    csv_answer = coach.get("/team/verplichtingen/opleidingsplan-2026.csv")
    lines = csv_answer.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0].startswith("Naam;Team;Locatie") and any("Meldcode opfrissen" in line for line in lines)
    xlsx = coach.get("/team/verplichtingen/opleidingsplan-2026.xlsx")
    book = load_workbook(io.BytesIO(xlsx.data))
    rows = list(book.active.values)
    assert rows[0][0] == "Naam" and any(r[5] == "Kinder-EHBO" for r in rows[1:])


def test_the_inspection_page_warns_when_too_few_have_kinder_ehbo(app, org, manager):
    page = manager.get("/team/verplichtingen/inspectiemap/de-vlinder?jaar=2026").get_data(as_text=True)
    assert "Kinder-EHBO op deze locatie" in page and "0 medewerkers" in page
    assert 'class="warning"' in page or "minimum" in page
