"""Confirming a training, coaching conversation or intervisie: statements with the staff member as
authority and instructor, the step done for every participant, refusals that say why."""
from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select

from team_samples import csrf_token
from tracker.storage.schema import statements
from tracker.team.tables import confirmations

TODAY = dt.date.today().isoformat()


def confirm(client, **fields):
    token = csrf_token(client.get("/team/bevestigen").get_data(as_text=True))
    return client.post("/team/bevestigen", data={"csrf_token": token, **fields})


def stored(app, verb_suffix="attended"):
    with app.app_context():
        with app.extensions["tracker"].engine.connect() as conn:
            return [json.loads(b) for b in conn.execute(select(statements.c.body)).scalars()
                    if json.loads(b)["verb"]["id"].endswith(verb_suffix)]


def test_a_training_for_three_people(org):
    coach = org.sign_in("Coach")
    people = [org.learners[n] for n in ("Anna", "Bram", "Cem")]
    answer = confirm(coach, kind="training", step="kinder-ehbo", held_on=TODAY, minutes="480",
                     participants=[p.id for p in people])
    assert answer.status_code == 302, answer.get_data(as_text=True)
    made = stored(org.app)
    assert sorted(s["actor"]["account"]["name"] for s in made) == sorted(p.id for p in people)
    coach_agent = {"objectType": "Agent", "name": "Coach",
                   "account": {"homePage": org.app.config["TRACKER_HOME_PAGE"], "name": "staff-" + org.staff["Coach"].id}}
    for statement in made:
        assert statement["authority"] == coach_agent and statement["context"]["instructor"] == coach_agent
        assert statement["object"]["id"].endswith("/pm/stappen/kinder-ehbo/")
        assert statement["result"] == {"completion": True, "duration": "PT480M"}
    assert len({s["context"]["extensions"]["https://leerpad.example.org/xapi/profile/extensions/session"]
                for s in made}) == 1
    grid = coach.get("/team/").get_data(as_text=True)
    assert grid.count("bevestigd door Coach") == 3
    for person in people:  # and each learner reads it with their own token
        mine = org.client.get("/portal/me/team", headers=person.headers).get_json()
        assert mine["confirmed"] == [{"step": "kinder-ehbo", "by": "Coach", "on": TODAY, "kind": "training",
                                      "minutes": 480}]


def test_a_coaching_conversation_outside_the_path_counts_minutes(org):
    coach = org.sign_in("Coach")
    anna = org.learners["Anna"]
    answer = confirm(coach, kind="coaching", step="", held_on=TODAY, minutes="45", participants=[anna.id])
    assert answer.status_code == 302
    with org.app.app_context():
        with org.app.extensions["tracker"].engine.connect() as conn:
            rows = conn.execute(select(confirmations)).all()
    assert [(r.learner_id, r.kind, r.step_id, r.minutes, r.staff_name) for r in rows] == \
        [(anna.id, "coaching", None, 45, "Coach")]


def test_refusals_name_the_problem(org):
    coach = org.sign_in("Coach")
    anna = org.learners["Anna"]
    cases = [
        ({"kind": "coaching", "step": "", "held_on": TODAY, "participants": [anna.id]}, "Vul de duur"),
        ({"kind": "training", "step": "", "held_on": TODAY, "participants": [anna.id]}, "Kies de stap"),
        ({"kind": "coaching", "step": "kinder-ehbo", "held_on": TODAY, "minutes": "30",
          "participants": [anna.id]}, "is een training"),
        ({"kind": "training", "step": "kinder-ehbo", "held_on": "2999-01-01", "participants": [anna.id]},
         "in de toekomst"),
        ({"kind": "training", "step": "kinder-ehbo", "held_on": TODAY, "participants": []}, "ten minste één"),
        ({"kind": "training", "step": "kinder-ehbo", "held_on": "morgen", "participants": [anna.id]},
         "Vul de datum in als jjjj-mm-dd"),
    ]
    for fields, message in cases:
        answer = confirm(coach, **fields)
        html = answer.get_data(as_text=True)
        assert answer.status_code == 400 and message in html and "Er is een probleem" in html, (fields, message)
    assert stored(org.app) == []


def test_someone_outside_the_coachs_teams_cannot_be_confirmed(org):
    coach = org.sign_in("Coach")
    answer = confirm(coach, kind="training", step="kinder-ehbo", held_on=TODAY,
                     participants=[org.learners["Gijs"].id])
    assert answer.status_code == 400 and "hoort niet (meer) bij jouw teams" in answer.get_data(as_text=True)
    assert stored(org.app) == []


def test_portal_me_team_needs_the_learners_own_token(org):
    assert org.client.get("/portal/me/team").status_code == 401
    assert org.client.get("/portal/me/team", headers={"Authorization": "Bearer nonsense"}).status_code == 401
    coach = org.sign_in("Coach")
    confirm(coach, kind="training", step="kinder-ehbo", held_on=TODAY, participants=[org.learners["Anna"].id])
    assert org.client.get("/portal/me/team", headers=org.learners["Bram"].headers).get_json() == \
        {"feedback": [], "confirmed": []}
