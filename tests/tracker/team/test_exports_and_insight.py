"""The grid's CSV and XLSX exports, and the totals of 'Wat heeft het team nodig?' (never below 5)."""
from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

from team_samples import ANSWERED, COMPLETED, OPENED, PROFILE, RESPONDED, ROOT

MODULE = ROOT + "modules/veiligheid/"


def test_csv_and_xlsx_have_the_grid_columns_and_rows(org):
    org.send(org.learners["Anna"], COMPLETED, MODULE)
    coach = org.sign_in("Coach")
    answer = coach.get("/team/export.csv?rol=pm&team=rupsen")
    assert answer.status_code == 200 and answer.mimetype == "text/csv"
    assert 'filename="leerpad-pm.csv"' in answer.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(answer.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    assert rows[0] == ["Naam", "Team", "Verplicht klaar", "Veiligheid", "Kinder-EHBO", "Startgesprek",
                       "Observeren", "Intervisie"]
    assert [r[0] for r in rows[1:]] == ["Anna", "Bram", "Cem", "Daan", "Eva", "Fleur"]
    anna = rows[1]
    assert anna[2] == "1/3" and anna[3].startswith("klaar ")
    book = load_workbook(io.BytesIO(coach.get("/team/export.xlsx?rol=pm&team=rupsen").data))
    sheet = [[c.value for c in row] for row in book.active.iter_rows()]
    assert sheet[0] == rows[0] and [r[0] for r in sheet[1:]] == [r[0] for r in rows[1:]]


def test_an_export_needs_a_role_and_is_audited(org):
    from tracker.team.state import team_state

    coach = org.sign_in("Coach")
    answer = coach.get("/team/export.csv")
    assert answer.status_code == 400 and "Kies eerst een rol" in answer.get_data(as_text=True)
    coach.get("/team/export.xlsx?rol=pm")
    with org.app.app_context():
        entries = [e for e in team_state().audit.entries() if e["action"] == "export.grid"]
    assert [(e["actor_name"], e["detail"]["format"], e["detail"]["people"]) for e in entries] == [("Coach", "xlsx", 6)]


def test_names_that_look_like_formulas_are_not_formulas(org):
    org.learner("=HYPERLINK(\"http://evil\")", "rupsen")
    rows = org.sign_in("Coach").get("/team/export.csv?rol=pm").get_data(as_text=True)
    assert "'=HYPERLINK" in rows and "\n=HYPERLINK" not in rows


def _intake(org, name, answer):
    org.send(org.learners[name], RESPONDED, ROOT + "intake/", result={"completion": True, "extensions": {
        PROFILE + "intake-answers": {"ervaring": answer, "ehbo": 1}, PROFILE + "coach-consent": False}})


def test_intake_totals_appear_only_for_five_or_more(org):
    coach = org.sign_in("Coach")
    for name in ("Anna", "Bram", "Cem", "Daan"):
        _intake(org, name, 0)
    html = coach.get("/team/behoeften").get_data(as_text=True)
    assert "Te weinig antwoorden" in html and "Hoeveel ervaring heb je?" not in html
    _intake(org, "Eva", 1)
    html = coach.get("/team/behoeften").get_data(as_text=True)
    assert "Hoeveel ervaring heb je?" in html
    weinig = html.split("Weinig</th>", 1)[1].split("</td>", 1)[0]
    assert weinig.endswith(">4")


def test_questions_most_often_wrong_and_unfinished_modules(org):
    coach = org.sign_in("Coach")
    for index, name in enumerate(("Anna", "Bram", "Cem", "Daan", "Eva")):
        org.send(org.learners[name], ANSWERED, MODULE + "#toets-q2",
                 result={"response": "b", "success": index == 0})
        org.send(org.learners[name], OPENED, ROOT + "modules/observeren/")
    html = coach.get("/team/behoeften").get_data(as_text=True)
    row = html.split("Veiligheid vraag 2</th>", 1)[1].split("</tr>", 1)[0]
    assert ">4<" in row and ">5<" in row and "80%" in row
    assert "Observeren</th><td class=\"num\">5" in html


def test_the_manager_sees_totals_for_the_location(org):
    manager = org.sign_in("Manager")
    html = manager.get("/team/behoeften?locatie=de-vlinder").get_data(as_text=True)
    assert "7 personen in deze groep" in html
    charts = manager.get("/team/grafieken").get_data(as_text=True)
    assert "<svg" in charts and 'aria-labelledby="chart-completion-title"' in charts
