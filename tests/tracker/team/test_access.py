"""Every team route for every role (issue 9's table, enforced by the tracker): who gets the page,
who is sent to sign in, who gets 403/404, and what each role's pages never contain."""
from __future__ import annotations

import pytest

from team_samples import (ANSWERED, COMPLETED, REFLECTED, RESPONDED, ROOT, SHARED, VISIBILITY, PROFILE,
                          csrf_token)

REFLECTION_TEXT = "Ik zie nu eerder wanneer een kind zich terugtrekt."
PRIVATE_TEXT = "Dit is alleen voor mij bedoeld."


@pytest.fixture
def stage(org):
    """Anna (team Rupsen) has progress, a shared and a private reflection, an intake with consent."""
    anna = org.learners["Anna"]
    module = ROOT + "modules/veiligheid/"
    org.send(anna, COMPLETED, module)
    org.send(anna, ANSWERED, module + "#toets-q1", result={"response": "b", "success": False})
    shared = org.send(anna, REFLECTED, module + "#reflectie-1",
                      result={"response": REFLECTION_TEXT, "extensions": {VISIBILITY: "private"}})
    org.send(anna, SHARED, module + "#reflectie-1",
             context={"registration": anna.registration, "statement": {"objectType": "StatementRef", "id": shared}})
    org.send(org.learners["Bram"], REFLECTED, module + "#reflectie-1",
             result={"response": PRIVATE_TEXT, "extensions": {VISIBILITY: "private"}})
    org.send(anna, RESPONDED, ROOT + "intake/", result={"completion": True, "extensions": {
        PROFILE + "intake-answers": {"ervaring": 1, "ehbo": 0}, PROFILE + "coach-consent": True}})
    return {"shared": shared}


def routes(org):
    anna, gijs, hanna = (org.learners[n].id for n in ("Anna", "Gijs", "Hanna"))
    coach2 = org.staff["Coach2"].id
    return {
        ("GET", "/team/"): None, ("GET", f"/team/persoon/{anna}"): None,
        ("GET", f"/team/persoon/{gijs}"): None, ("GET", f"/team/persoon/{hanna}"): None,
        ("GET", "/team/bevestigen"): None, ("GET", "/team/behoeften"): None,
        ("GET", "/team/grafieken"): None, ("GET", "/team/beheer"): None,
        ("GET", "/team/export.csv?rol=pm"): None, ("GET", "/team/export.xlsx?rol=pm"): None,
        ("POST", f"/team/persoon/{anna}/notitie"): {"notitie-text": "Goed gesprek gehad."},
        ("POST", f"/team/persoon/{gijs}/notitie"): {"notitie-text": "Niet mijn team."},
        ("POST", "/team/beheer/locatie"): {"loc-name": "Nieuwe plek", "loc-kind": "bso"},
        ("POST", "/team/beheer/team"): {"team-name": "Nieuw team", "team-location": "de-vlinder"},
        ("POST", f"/team/beheer/medewerker/{coach2}/intrekken"): {},
    }


# What each role gets: 200 page, 302 redirect (done, or sent to sign in), 403 refused.
EXPECTED = {
    "anonymous": dict.fromkeys(range(15), 302),
    "Coach": [200, 200, 403, 403, 200, 200, 200, 403, 200, 200, 302, 403, 403, 403, 403],
    "Coach2": [200, 403, 200, 403, 200, 200, 200, 403, 200, 200, 403, 302, 403, 403, 403],
    "Manager": [200, 200, 200, 403, 200, 200, 200, 200, 200, 200, 403, 403, 403, 302, 302],
    "Admin": [302, 403, 403, 403, 403, 403, 403, 200, 403, 403, 403, 403, 302, 302, 302],
}


@pytest.mark.parametrize("who", list(EXPECTED))
def test_every_route_for_every_role(org, stage, who):
    client = org.app.test_client() if who == "anonymous" else org.sign_in(who)
    token = csrf_token(client.get("/team/aanmelden/not-a-code").get_data(as_text=True))
    got = []
    for (method, path), data in routes(org).items():
        if method == "GET":
            answer = client.get(path)
        else:
            tokens = {f"{prefix}csrf_token": token for prefix in ("", "loc-", "team-", "staff-", "notitie-")}
            answer = client.post(path, data={**tokens, **data})
        got.append(answer.status_code)
        if who == "anonymous":
            assert "/team/aanmelden" in answer.headers.get("Location", ""), path
    expected = EXPECTED[who]
    assert got == [expected[i] for i in range(len(got))], list(zip(routes(org), got))


def test_a_learner_token_opens_no_team_page(org, stage):
    """A learner's Bearer token is no staff session: every page sends to sign-in, nothing leaks."""
    anna = org.learners["Anna"]
    client = org.app.test_client()
    for path in ("/team/", f"/team/persoon/{anna.id}", "/team/export.csv?rol=pm"):
        answer = client.get(path, headers=anna.headers)
        assert answer.status_code == 302 and "/team/aanmelden" in answer.headers["Location"]


def test_coach_sees_shared_reflection_consented_intake_and_answers(org, stage):
    coach = org.sign_in("Coach")
    html = coach.get(f"/team/persoon/{org.learners['Anna'].id}").get_data(as_text=True)
    assert REFLECTION_TEXT in html
    assert "Hoeveel ervaring heb je?" in html and "Veel" in html  # the intake, with consent
    assert "Veiligheid vraag 1" in html  # per-question answers
    bram = coach.get(f"/team/persoon/{org.learners['Bram'].id}").get_data(as_text=True)
    assert PRIVATE_TEXT not in bram and "nog geen reflecties met je gedeeld" in bram


def test_coach_without_consent_sees_no_intake_answers(org, stage):
    anna = org.learners["Anna"]
    org.send(anna, RESPONDED, ROOT + "intake/", timestamp="2099-01-01T00:00:00Z", result={
        "completion": True, "extensions": {PROFILE + "intake-answers": {"ervaring": 1, "ehbo": 0},
                                           PROFILE + "coach-consent": False}})
    html = org.sign_in("Coach").get(f"/team/persoon/{anna.id}").get_data(as_text=True)
    assert "deelt de antwoorden niet" in html and "Hoeveel ervaring heb je?" not in html


def test_manager_never_sees_reflections_answers_or_intake(org, stage):
    html = org.sign_in("Manager").get(f"/team/persoon/{org.learners['Anna'].id}").get_data(as_text=True)
    assert REFLECTION_TEXT not in html and PRIVATE_TEXT not in html
    assert "Veiligheid vraag 1" not in html  # totals only: no per-question answers
    assert "Hoeveel ervaring heb je?" not in html
    assert "Veiligheid" in html  # but the progress and the check's result


def test_every_person_view_is_audited(org, stage):
    from tracker.team.state import team_state

    anna = org.learners["Anna"]
    org.sign_in("Manager").get(f"/team/persoon/{anna.id}")
    org.sign_in("Coach").get(f"/team/persoon/{anna.id}")
    with org.app.app_context():
        entries = [e for e in team_state().audit.about(anna.id) if e["action"] == "view.person"]
    assert [(e["actor_name"], e["subject"]) for e in entries] == [("Manager", anna.id), ("Coach", anna.id)]
    assert "reflections" in entries[1]["detail"]["shown"] and "reflections" not in entries[0]["detail"]["shown"]


def test_unknown_person_is_404_page_not_json(org, stage):
    answer = org.sign_in("Coach").get("/team/persoon/doesnotexist")
    assert answer.status_code == 404 and answer.mimetype == "text/html"
    assert "Niet gevonden" in answer.get_data(as_text=True)
