"""The demo portal in Debian's chromium at a 390 px phone viewport (issue 2's browser test)."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

ROLE = "pm-starter"
MODULE = "zes-interactievaardigheden"


def open_overview(page, site_url):
    """From the role chooser, open the starter's path overview."""
    page.goto(site_url)
    page.get_by_role("link", name=re.compile("Pedagogisch medewerker – starter")).click()
    page.wait_for_url(f"{site_url}{ROLE}/")
    page.locator(".lp-overview").wait_for()


def step_item(page, step_id):
    return page.locator(f'.lp-overview li.lp-step[data-step-id="{step_id}"]')


def test_check_answered_and_module_done_shows_on_overview(phone, site_url):
    open_overview(phone, site_url)
    assert step_item(phone, MODULE).get_attribute("data-done") == "false"
    step_item(phone, MODULE).get_by_role("link").click()
    phone.wait_for_url(f"{site_url}{ROLE}/modules/{MODULE}/")
    # The body's "# De zes interactievaardigheden" is not shown under the template's title again.
    assert phone.locator("h1").all_inner_texts() == ["De zes interactievaardigheden"]
    assert "op dit apparaat" in phone.locator(".lp-answers").inner_text()   # no tracker: true here

    q1 = phone.locator('.lp-question[data-question-id="q1"]')
    q1.get_by_label("Structureren en grenzen stellen").check()
    q1.get_by_role("button", name="Controleer").click()
    assert "Nog niet helemaal goed" in q1.locator(".lp-question__result").inner_text()
    assert q1.locator(".lp-option.is-wrong .lp-option__feedback").is_visible()

    q1.get_by_label("Sensitieve responsiviteit").check()
    q1.get_by_role("button", name="Controleer").click()
    result = q1.locator(".lp-question__result")
    assert result.get_attribute("aria-live") == "polite"
    assert "Goed!" in result.inner_text()
    assert "Je ziet het signaal van het kind" in result.inner_text()
    assert q1.locator(".lp-question__explanation").is_visible()

    q2 = phone.locator('.lp-question[data-question-id="q2"]')
    assert q2.locator("input[type=checkbox]").count() == 4
    q2.get_by_label("Respect voor de autonomie").check()
    q2.get_by_label("Begeleiden van interacties tussen kinderen").check()
    q2.get_by_role("button", name="Controleer").click()
    assert "Goed!" in q2.locator(".lp-question__result").inner_text()
    questions = phone.locator(".lp-question").count()
    assert questions >= 2 and phone.locator(".lp-check__score").inner_text() == f"2 van {questions} vragen goed"

    done = phone.get_by_role("button", name="Markeer als klaar")
    done.click()
    assert phone.locator(".lp-done__button").get_attribute("aria-pressed") == "true"
    assert phone.locator(f'.lp-nav li[data-step-id="{MODULE}"] .lp-step__state').get_attribute("data-state") == "done"

    phone.goto(f"{site_url}{ROLE}/")       # a fresh load (go_back + reload raced Material's instant navigation)
    item = step_item(phone, MODULE)
    item.wait_for()
    assert item.get_attribute("data-done") == "true"
    assert "Klaar" in item.locator(".lp-step__done-text").inner_text()
    steps = phone.locator(".lp-overview li.lp-step:not([hidden])").count()   # steps offered by the intake: hidden
    assert steps > 1 and phone.locator(".lp-progress__text").inner_text() == f"1 van {steps} stappen klaar"
    assert step_item(phone, "welkom-op-de-groep").get_attribute("data-done") == "false"


def test_check_answers_are_kept_after_reload(phone, site_url):
    phone.goto(f"{site_url}{ROLE}/modules/{MODULE}/")
    q1 = phone.locator('.lp-question[data-question-id="q1"]')
    q1.get_by_label("Ontwikkelingsstimulering").check()
    q1.get_by_role("button", name="Controleer").click()
    phone.reload()
    q1 = phone.locator('.lp-question[data-question-id="q1"]')
    assert q1.get_by_label("Ontwikkelingsstimulering").is_checked()
    assert "Nog niet helemaal goed" in q1.locator(".lp-question__result").inner_text()


def test_intake_marks_steps_recommended_and_mastered_on_overview(phone, site_url):
    open_overview(phone, site_url)
    assert step_item(phone, "intervisie-starters").locator(".lp-badge--recommended").is_hidden()
    phone.get_by_role("link", name="Intake", exact=True).click()
    phone.wait_for_url(f"{site_url}{ROLE}/intake/")
    phone.get_by_label("Dit is mijn eerste baan in de kinderopvang").check()
    phone.get_by_label("Ja, het is nog minstens een half jaar geldig").check()
    phone.get_by_role("button", name="Bewaar mijn antwoorden").click()
    assert "Je antwoorden zijn bewaard" in phone.get_by_role("status").filter(has_text="bewaard").inner_text()
    phone.get_by_role("link", name="Naar mijn overzicht").click()
    phone.wait_for_url(f"{site_url}{ROLE}/")

    optional = step_item(phone, "intervisie-starters")
    assert optional.locator(".lp-badge--recommended").is_visible()
    assert "is-recommended" in optional.get_attribute("class")
    assert step_item(phone, "kinder-ehbo").locator(".lp-badge--mastered").is_visible()
    assert step_item(phone, "zes-interactievaardigheden").locator(".lp-badge--recommended").is_hidden()
    assert "3 aanbevolen, 1 al beheerst" in phone.locator(".lp-intake-cta__text").inner_text()

    phone.reload()
    assert step_item(phone, "intervisie-starters").locator(".lp-badge--recommended").is_visible()
    phone.goto(f"{site_url}{ROLE}/intake/")
    assert phone.get_by_label("Dit is mijn eerste baan in de kinderopvang").is_checked()


def test_reflection_text_survives_reload(phone, site_url):
    phone.goto(f"{site_url}{ROLE}/modules/{MODULE}/")
    box = phone.get_by_label(re.compile("Welke van de zes vaardigheden gaat je makkelijk af"))
    box.fill("Sensitieve responsiviteit: bij het wennen van Sem.")
    phone.locator(".lp-answers__status").filter(has_text="Opgeslagen").wait_for()
    phone.reload()
    box = phone.get_by_label(re.compile("Welke van de zes vaardigheden gaat je makkelijk af"))
    assert box.input_value() == "Sensitieve responsiviteit: bij het wennen van Sem."


def test_knowledge_check_works_with_the_keyboard_only(phone, site_url):
    phone.goto(f"{site_url}{ROLE}/modules/{MODULE}/")
    last_prompt = phone.locator(".lp-answers textarea").last
    last_prompt.focus()
    phone.keyboard.press("Tab")
    focused = phone.evaluate("document.activeElement.id")
    assert focused == "lp-q-q1-a"
    phone.keyboard.press("ArrowDown")           # radio group: moves to and selects option b
    phone.keyboard.press("ArrowDown")           # option c
    phone.keyboard.press("ArrowUp")             # back to b
    assert phone.evaluate("document.activeElement.id") == "lp-q-q1-b"
    phone.keyboard.press("Tab")
    assert phone.evaluate("document.activeElement.textContent.trim()") == "Controleer"
    phone.keyboard.press("Enter")
    q1 = phone.locator('.lp-question[data-question-id="q1"]')
    assert "Nog niet helemaal goed" in q1.locator(".lp-question__result").inner_text()
    phone.keyboard.press("Shift+Tab")
    phone.keyboard.press("ArrowUp")             # option a: the right one
    phone.keyboard.press("Tab")
    phone.keyboard.press("Space")
    assert "Goed!" in q1.locator(".lp-question__result").inner_text()
    phone.keyboard.press("Tab")                 # into question 2: checkboxes toggle with Space
    phone.keyboard.press("Space")
    assert phone.locator("#lp-q-q2-a").is_checked()


def test_search_in_dutch_finds_only_this_roles_pages(phone, site_url):
    phone.goto(f"{site_url}{ROLE}/")
    phone.locator('label[for="__search"]').first.click()
    query = phone.get_by_role("textbox", name="Zoeken")
    query.press_sequentially("gesprekken", delay=20)   # Dutch stemming: finds "gesprek" too
    results = phone.locator(".md-search-result__item")
    results.first.wait_for()
    assert "gesprek" in results.first.inner_text().lower()
    query.fill("")
    query.press_sequentially("trainingsacteur", delay=20)   # only in pm-ervaren's training step
    phone.locator(".md-search-result__meta").filter(has_text="Geen overeenkomende documenten").wait_for()
    assert results.count() == 0


def test_pages_ask_no_host_but_127_0_0_1(phone, site_url):
    for path in ("", f"{ROLE}/", f"{ROLE}/modules/observeren-welbevinden-betrokkenheid/",
                 f"{ROLE}/stappen/kinder-ehbo/", f"{ROLE}/intake/"):
        phone.goto(site_url + path, wait_until="networkidle")
        if "observeren" in path:
            image = phone.locator('.lp-body img[src$="schalen.svg"]')
            image.scroll_into_view_if_needed()              # loading="lazy": it loads when near the screen
            assert image.evaluate("img => img.decode().then(() => img.naturalWidth > 0)")
    assert set(phone.requested_hosts) == {"127.0.0.1"}
