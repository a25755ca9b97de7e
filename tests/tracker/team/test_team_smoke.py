from team_samples import COMPLETED, ROOT


def test_smoke(org):
    anna = org.learners["Anna"]
    org.send(anna, COMPLETED, ROOT + "modules/veiligheid/")
    coach = org.sign_in("Coach")
    page = coach.get("/team/")
    assert page.status_code == 200, page.get_data(as_text=True)
    html = page.get_data(as_text=True)
    assert "Anna" in html and "Gijs" not in html
    person = coach.get(f"/team/persoon/{anna.id}")
    assert person.status_code == 200, person.get_data(as_text=True)
