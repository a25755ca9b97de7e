"""The projector keeps the team view's rows in the statement transaction: what the API stored is
what the pages show, in any arrival order, and voiding takes it back."""
from __future__ import annotations

import json
import uuid

from sqlalchemy import select

from team_samples import (ANSWERED, COMPLETED, FAILED, OPENED, PASSED, PROFILE, REFLECTED, RESPONDED,
                          RETRACTED, ROOT, VISIBILITY, VOIDED)
from tracker.team.tables import check_answers, check_results, learner_intakes, learner_steps, reflections
from tracker_samples import make_headers

MODULE = ROOT + "modules/veiligheid/"


def rows(app, table, learner_id):
    with app.app_context():
        engine = app.extensions["tracker"].engine
        with engine.connect() as conn:
            return [r._asdict() for r in conn.execute(select(table).where(table.c.learner_id == learner_id))]


def test_open_and_complete_make_one_step_row(org):
    anna = org.learners["Anna"]
    org.send(anna, OPENED, MODULE, timestamp="2026-03-01T09:00:00Z")
    org.send(anna, COMPLETED, MODULE, timestamp="2026-03-02T09:00:00Z")
    [row] = rows(org.app, learner_steps, anna.id)
    assert (row["step_id"], row["first_at"][:10], row["completed_at"][:10]) == ("veiligheid", "2026-03-01", "2026-03-02")


def test_a_later_retract_undoes_and_an_earlier_one_arriving_late_does_not(org):
    anna, bram = org.learners["Anna"], org.learners["Bram"]
    org.send(anna, COMPLETED, MODULE, timestamp="2026-03-02T09:00:00Z")
    org.send(anna, RETRACTED, MODULE, timestamp="2026-03-03T09:00:00Z")
    org.send(bram, COMPLETED, MODULE, timestamp="2026-03-04T09:00:00Z")
    org.send(bram, RETRACTED, MODULE, timestamp="2026-03-03T09:00:00Z")  # older, arrives later (offline queue)
    coach = org.sign_in("Coach")
    html = coach.get(f"/team/persoon/{anna.id}").get_data(as_text=True)
    assert 'data-step="veiligheid"' in html
    assert _status(html, "veiligheid") != "klaar"
    assert _status(coach.get(f"/team/persoon/{bram.id}").get_data(as_text=True), "veiligheid") == "klaar"


def _status(html: str, step: str) -> str:
    part = html.split(f'data-step="{step}"', 1)[1]
    return part.split('class="tag s-', 1)[1].split('"', 1)[0]


def test_latest_answer_per_question_with_attempts_and_check_result(org):
    anna = org.learners["Anna"]
    org.send(anna, ANSWERED, MODULE + "#toets-q1", timestamp="2026-03-02T10:00:00Z",
             result={"response": "a", "success": True})
    org.send(anna, ANSWERED, MODULE + "#toets-q1", timestamp="2026-03-01T10:00:00Z",
             result={"response": "b", "success": False})  # older, arrives later
    org.send(anna, FAILED, MODULE + "#toets", timestamp="2026-03-01T10:05:00Z",
             result={"score": {"raw": 1, "min": 0, "max": 2}, "success": False})
    org.send(anna, PASSED, MODULE + "#toets", timestamp="2026-03-02T10:05:00Z",
             result={"score": {"raw": 2, "min": 0, "max": 2}, "success": True})
    [answer] = rows(org.app, check_answers, anna.id)
    assert (answer["response"], answer["success"], answer["attempts"]) == ("a", True, 2)
    [result] = rows(org.app, check_results, anna.id)
    assert (result["passed"], result["score"], result["max_score"]) == (True, 2, 2)


def test_intake_answers_and_consent_latest_wins(org):
    anna = org.learners["Anna"]
    for when, consent, answer in (("2026-03-02", True, 1), ("2026-03-01", False, 0)):
        org.send(anna, RESPONDED, ROOT + "intake/", timestamp=f"{when}T09:00:00Z", result={
            "completion": True, "extensions": {PROFILE + "intake-answers": {"ervaring": answer},
                                               PROFILE + "coach-consent": consent, VISIBILITY: "private"}})
    [row] = rows(org.app, learner_intakes, anna.id)
    assert json.loads(row["answers"]) == {"ervaring": 1} and row["consent"] is True


def test_voiding_a_completion_takes_it_back(org):
    anna = org.learners["Anna"]
    org.send(anna, OPENED, MODULE)
    done = org.send(anna, COMPLETED, MODULE)
    reflection = org.send(anna, REFLECTED, MODULE + "#reflectie-1",
                          result={"response": "x", "extensions": {VISIBILITY: "private"}})
    assert rows(org.app, learner_steps, anna.id)[0]["completed_at"]
    headers = make_headers(org.app, "all")
    for target in (done, reflection):
        answer = org.client.post("/xapi/statements", headers=headers, json={
            "actor": {"mbox": "mailto:beheer@vlinder.test"}, "verb": {"id": VOIDED, "display": {"en-US": "voided"}},
            "object": {"objectType": "StatementRef", "id": target}})
        assert answer.status_code == 200, answer.get_json()
    assert rows(org.app, learner_steps, anna.id)[0]["completed_at"] is None
    assert rows(org.app, reflections, anna.id) == []


def test_statements_of_strangers_and_other_activities_project_nothing(org):
    headers = make_headers(org.app, "all")
    stranger = {"objectType": "Agent", "account": {"homePage": "https://elders.test", "name": "x"}}
    anna = org.learners["Anna"]
    for actor, activity in ((stranger, MODULE), (anna.actor, "https://elders.test/modules/veiligheid/")):
        answer = org.client.post("/xapi/statements", headers=headers, json={
            "id": str(uuid.uuid4()), "actor": actor, "verb": {"id": COMPLETED, "display": {"en-US": "done"}},
            "object": {"objectType": "Activity", "id": activity}})
        assert answer.status_code == 200
    assert rows(org.app, learner_steps, anna.id) == []


def test_only_tracker_staff_authority_confirms(org):
    """An `attended` statement written by an ordinary credential is not a confirmation."""
    headers = make_headers(org.app, "all")
    anna = org.learners["Anna"]
    answer = org.client.post("/xapi/statements", headers=headers, json={
        "actor": anna.actor, "verb": {"id": "http://adlnet.gov/expapi/verbs/attended", "display": {"en-US": "x"}},
        "object": {"objectType": "Activity", "id": ROOT + "stappen/kinder-ehbo/"}})
    assert answer.status_code == 200
    html = org.sign_in("Coach").get(f"/team/persoon/{anna.id}").get_data(as_text=True)
    assert _status(html, "kinder-ehbo") != "bevestigd"


def test_rebuild_gives_the_same_rows(org, runner):
    anna = org.learners["Anna"]
    org.send(anna, COMPLETED, MODULE, timestamp="2026-03-02T09:00:00Z")
    org.send(anna, ANSWERED, MODULE + "#toets-q1", result={"response": "a", "success": True})
    before = (rows(org.app, learner_steps, anna.id), rows(org.app, check_answers, anna.id))
    result = runner.invoke(args=["team", "rebuild", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["learners"] == 8
    assert (rows(org.app, learner_steps, anna.id), rows(org.app, check_answers, anna.id)) == before


def test_a_step_put_back_after_the_intake_hid_it_is_not_hidden(org):
    """'Zet terug in mijn pad' is kept in the intake State document (`_shown`); the grid follows it."""
    anna = org.learners["Anna"]
    org.send(anna, RESPONDED, ROOT + "intake/", result={"completion": True, "extensions": {
        PROFILE + "intake-answers": {"ervaring": 1}, PROFILE + "coach-consent": False}})
    coach = org.sign_in("Coach")
    assert _status(coach.get(f"/team/persoon/{anna.id}").get_data(as_text=True), "intervisie") == "verborgen"
    query = {"activityId": ROOT, "agent": json.dumps(anna.actor), "stateId": "intake"}
    answer = org.client.put("/xapi/activities/state", query_string=query, headers=anna.headers,
                            json={"ervaring": 1, "_shown": ["intervisie"]})
    assert answer.status_code == 204, answer.get_data(as_text=True)
    assert _status(coach.get(f"/team/persoon/{anna.id}").get_data(as_text=True), "intervisie") == "niet_begonnen"
