"""/portal/verplichtingen: a learner's own obligations with their Bearer token, uploads, files, calendar."""
from __future__ import annotations

import io

import pytest

from compliance_samples import PDF, PNG, Org, learner_headers, load_requirements


@pytest.fixture
def org(app, runner):
    org = Org(app)
    org.location("de-vlinder")
    org.team("rupsen", "de-vlinder")
    org.learner("anna", role="pm-ervaren", team="rupsen")
    org.learner("bram", role="pm-ervaren", team="rupsen")
    load_requirements(runner)
    return org


def test_a_learner_reads_their_obligations(app, client, org):
    headers = learner_headers(app, client, "anna")
    answer = client.get("/portal/verplichtingen", headers={**headers, "Origin": "https://portal.test"})
    assert answer.status_code == 200
    assert answer.headers["Access-Control-Allow-Origin"] == "https://portal.test"
    assert answer.headers["Cache-Control"] == "no-store"
    items = {i["id"]: i for i in answer.get_json()["items"]}
    assert items["taaleis"]["level"] == "3F" and items["taaleis"]["once"] is True
    assert items["kinder-ehbo"]["upload"] is True and items["vog-personenregister"]["upload"] is False
    assert items["meldcode"]["label"]


def test_preflight_is_answered_for_the_portal(client):
    answer = client.options("/portal/verplichtingen", headers={
        "Origin": "https://portal.test", "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "Authorization"})
    assert answer.status_code == 200
    assert "Authorization" in answer.headers["Access-Control-Allow-Headers"]


def test_no_token_or_a_basic_credential_is_refused(client, headers, org):
    assert client.get("/portal/verplichtingen").status_code == 401
    refused = client.get("/portal/verplichtingen", headers=headers)
    assert refused.status_code == 403 and refused.get_json()["error"]["message"]


def test_a_learner_uploads_a_certificate_from_their_portal(app, client, org):
    anna = learner_headers(app, client, "anna")
    answer = client.post("/portal/verplichtingen/kinder-ehbo/certificaat", headers=anna,
                         data={"file": (io.BytesIO(PNG), "foto.png"), "date": "2025-09-01"},
                         content_type="multipart/form-data")
    assert answer.status_code == 201, answer.get_json()
    file_id = answer.get_json()["file"]
    items = {i["id"]: i for i in client.get("/portal/verplichtingen", headers=anna).get_json()["items"]}
    assert items["kinder-ehbo"]["status"] == "geldig" and items["kinder-ehbo"]["valid_until"] == "2027-09-01"
    own = client.get(f"/portal/verplichtingen/bestand/{file_id}", headers=anna)
    assert own.status_code == 200 and own.data == PNG
    bram = learner_headers(app, client, "bram")
    assert client.get(f"/portal/verplichtingen/bestand/{file_id}", headers=bram).status_code == 404


@pytest.mark.parametrize("form, status", [
    (lambda: {"file": (io.BytesIO(b"GIF89a...."), "x.gif"), "date": "2025-09-01"}, 415),
    (lambda: {"file": (io.BytesIO(PDF), "x.pdf"), "date": "morgen"}, 400),
    (lambda: {"date": "2025-09-01"}, 400),
])
def test_bad_uploads_get_a_clear_4xx(app, client, org, form, status):
    form = form()
    anna = learner_headers(app, client, "anna")
    answer = client.post("/portal/verplichtingen/kinder-ehbo/certificaat", headers=anna, data=form,
                         content_type="multipart/form-data")
    assert answer.status_code == status and answer.get_json()["error"]["message"]


def test_upload_for_a_requirement_without_certificates_is_refused(app, client, org):
    anna = learner_headers(app, client, "anna")
    answer = client.post("/portal/verplichtingen/vog-personenregister/certificaat", headers=anna,
                         data={"file": (io.BytesIO(PDF), "x.pdf"), "date": "2025-09-01"},
                         content_type="multipart/form-data")
    assert answer.status_code == 400


def test_a_private_calendar_feed(app, client, org):
    anna = learner_headers(app, client, "anna")
    url = client.post("/portal/verplichtingen/agenda", headers=anna).get_json()["url"]
    path = url[url.index("/portal/"):]
    feed = client.get(path)
    assert feed.status_code == 200 and feed.mimetype == "text/calendar"
    text = feed.get_data(as_text=True)
    assert text.startswith("BEGIN:VCALENDAR\r\n") and "SUMMARY:Meldcode opfrissen" in text
    client.post("/portal/verplichtingen/agenda", headers=anna)  # a new link: the old one stops
    assert client.get(path).status_code == 404
