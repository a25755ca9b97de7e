"""The team view in Debian's Chromium, phone (390 px) and laptop (1280 px): a coach confirms a training
and the learners' portals show it; a shared reflection gets an answer the learner reads; a coach of
another team and a manager see only what they may; the CSV export has the columns shown; the grid
works with the keyboard alone. The portal (built with --tracker) and the tracker run on loopback."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest

from tracking_stack import REFLECTED, ROLE, queue_empty, sign_in, wait_for

LAPTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
SIZES = {"phone": PHONE, "laptop": LAPTOP}


class Team:
    """The organisation inside the shared tracking stack: one location, two teams, staff by role."""

    def __init__(self, stack):
        self.stack = stack
        if "De Vlinder E2E" not in stack.cli("locations", "list"):
            stack.cli("locations", "add", "--name", "De Vlinder E2E")
            stack.cli("teams", "add", "--name", "Rupsen E2E", "--location", "De Vlinder E2E")
            stack.cli("teams", "add", "--name", "Vlinders E2E", "--location", "De Vlinder E2E")

    def learner(self, name: str, team: str = "rupsen-e2e"):
        learner, link = self.stack.link(name=name)
        self.stack.cli("learners", "team", learner.id, team)
        return learner, link

    def staff_link(self, name: str, role: str, *scope: str) -> str:
        import json

        made = json.loads(self.stack.cli("staff", "add", "--name", name, "--role", role, *scope, "--json"))
        return made["link"].replace("http://127.0.0.1:5000", self.stack.tracker)


@pytest.fixture
def team(stack):
    return Team(stack)


@pytest.fixture
def staff_page(browser):
    """new(size) -> a page in its own browser context at that size (staff use phones and laptops)."""
    opened, errors = [], []

    def new(size: str = "laptop"):
        context = browser.new_context(viewport=SIZES[size], accept_downloads=True)
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.on("pageerror", lambda e: errors.append(str(e)))
        opened.append(context)
        return page

    yield new
    for context in opened:
        context.close()
    assert errors == [], f"JavaScript errors: {errors}"


def share_a_reflection(stack, page, link: str, text: str) -> None:
    """Sign in with the personal link, write a reflection on a module page and share it with the coach."""
    session = sign_in(page, link)
    page.goto(f"{stack.portal}{ROLE}/modules/{stack.module_with_check_and_reflection()}/")
    area = page.locator('textarea[name="reflection:0"]')
    area.fill(text)
    area.blur()
    assert wait_for(lambda: [s for s in stack.statements(session) if s["verb"]["id"] == REFLECTED])
    page.goto(f"{stack.portal}{ROLE}/reflecties/")
    page.locator(".lp-reflection__share").first.click()
    queue_empty(page)


def staff_sign_in(page, link: str) -> None:
    page.goto(link)
    page.get_by_role("button", name="Aanmelden").click()
    page.wait_for_url("**/team/**")
    assert page.get_by_role("button", name="Afmelden").is_visible()


@pytest.mark.parametrize("size", ["phone", "laptop"])
def test_coach_confirms_a_training_for_three_and_their_portals_show_it(stack, team, contexts, staff_page, size):
    names = [f"{n} {size}" for n in ("Ada", "Bo", "Cas")]
    learners = [team.learner(name) for name in names]
    portals = []
    for _learner, link in learners:
        page = contexts()
        sign_in(page, link)
        portals.append(page)
    coach = staff_page(size)
    staff_sign_in(coach, team.staff_link(f"Coach {size}", "coach", "--team", "rupsen-e2e"))
    coach.goto(stack.tracker + "/team/bevestigen")
    coach.get_by_label("Wat vond er plaats?").select_option("training")
    coach.get_by_label("Welke stap uit het leerpad?").select_option("kinder-ehbo")
    coach.get_by_label("Datum").fill(dt.date.today().isoformat())
    coach.get_by_label("Duur in minuten").fill("480")
    for name in names:
        coach.get_by_label(f"{name} – Rupsen E2E").check()
    coach.get_by_role("button", name="Bevestigen").click()
    assert "Bevestigd voor 3 personen" in coach.locator(".notice").inner_text()
    coach.goto(stack.tracker + "/team/?team=rupsen-e2e")
    row = coach.locator("tr", has=coach.get_by_role("link", name=names[0]))
    assert f"bevestigd door Coach {size}" in row.inner_text()
    for page in portals:
        page.goto(f"{stack.portal}{ROLE}/")
        step = page.locator('li.lp-step[data-step-id="kinder-ehbo"]')
        step.locator(".lp-confirmed").wait_for()
        assert f"bevestigd door Coach {size}" in step.inner_text()
        page.wait_for_selector('li.lp-step[data-step-id="kinder-ehbo"].is-done')


def test_a_shared_reflection_gets_an_answer_the_learner_reads(stack, team, contexts, staff_page):
    learner, link = team.learner("Dewi Team")
    page = contexts()
    share_a_reflection(stack, page, link, "Ik laat de stille kinderen nu eerst kiezen.")

    coach = staff_page("phone")
    staff_sign_in(coach, team.staff_link("Coach Reflecties", "coach", "--team", "rupsen-e2e"))
    coach.goto(f"{stack.tracker}/team/persoon/{learner.id}")
    card = coach.locator(".card", has_text="Ik laat de stille kinderen nu eerst kiezen.")
    card.get_by_label("Jouw reactie").fill("Mooi! Wat zag je bij de kinderen gebeuren?")
    card.get_by_role("button", name="Reactie versturen").click()
    assert "Je reactie is opgeslagen" in coach.locator(".notice").inner_text()

    page.goto(f"{stack.portal}{ROLE}/reflecties/")
    feedback = page.locator(".lp-feedback")
    feedback.wait_for()
    assert "Mooi! Wat zag je bij de kinderen gebeuren?" in feedback.inner_text()
    assert "Coach Reflecties" in feedback.inner_text()


def test_coach_of_another_team_gets_403_and_manager_never_sees_reflection_text(stack, team, contexts, staff_page):
    learner, link = team.learner("Fenna Team")
    share_a_reflection(stack, contexts(), link, "Geheim voor de leidinggevende.")

    other = staff_page("laptop")
    staff_sign_in(other, team.staff_link("Coach Vlinders", "coach", "--team", "vlinders-e2e"))
    answer = other.goto(f"{stack.tracker}/team/persoon/{learner.id}")
    assert answer.status == 403
    assert other.get_by_role("heading", name="Geen toegang").is_visible()

    manager = staff_page("phone")
    staff_sign_in(manager, team.staff_link("Manager E2E", "manager", "--location", "De Vlinder E2E"))
    answer = manager.goto(f"{stack.tracker}/team/persoon/{learner.id}")
    assert answer.status == 200
    assert "Fenna Team" in manager.locator("h1").inner_text()
    assert "Geheim voor de leidinggevende." not in manager.content()


def test_the_csv_export_has_the_columns_shown(stack, team, staff_page):
    team.learner("Gert Export")
    coach = staff_page("laptop")
    staff_sign_in(coach, team.staff_link("Coach Export", "coach", "--team", "rupsen-e2e"))
    coach.goto(stack.tracker + "/team/?team=rupsen-e2e")
    table = coach.locator("table.grid").first
    shown = [h.strip() for h in table.locator("thead th").all_inner_texts()]
    with coach.expect_download() as download:
        coach.get_by_role("link", name="Exporteer als CSV").first.click()
    text = download.value.path().read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert [h.replace("\nkeuze", "").replace(" keuze", "") for h in shown] == rows[0]
    names = [r[0] for r in rows[1:]]
    assert "Gert Export" in names and len(rows) - 1 == table.locator("tbody tr").count()


def test_the_grid_works_with_the_keyboard_alone(stack, team, staff_page):
    learner, _link = team.learner("Hidde Toetsenbord")
    coach = staff_page("laptop")
    staff_sign_in(coach, team.staff_link("Coach Toetsenbord", "coach", "--team", "rupsen-e2e"))
    coach.goto(stack.tracker + "/team/?zoek=Hidde")
    coach.keyboard.press("Tab")
    assert coach.evaluate("document.activeElement.textContent") == "Naar de inhoud"
    for _ in range(60):
        coach.keyboard.press("Tab")
        focused = coach.evaluate("""() => { const e = document.activeElement, r = e.getBoundingClientRect();
            const s = getComputedStyle(e);
            return {text: e.textContent.trim(), visible: r.width > 0 && r.height > 0,
                    ring: s.outlineStyle !== 'none' || s.boxShadow !== 'none'}; }""")
        assert focused["visible"] and focused["ring"], focused
        if focused["text"] == "Hidde Toetsenbord":
            break
    else:
        pytest.fail("the person's link was never reached with Tab")
    coach.keyboard.press("Enter")
    coach.wait_for_url(f"**/team/persoon/{learner.id}")
    assert coach.locator("h1").inner_text() == "Hidde Toetsenbord"
