"""Issue 13: an intake that personalises, in Debian's chromium at a 390 px phone viewport. The demo
paths' intakes hide steps (listed under "Verborgen door je intake", where the learner puts them back),
make babyscholing required for anyone with babies, and add steps for an ambition or for the BSO."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser

BABY, BSO = "babyscholing-basis", "bso-kinderen-van-4-tot-12"
SHOWN = "() => [...document.querySelectorAll('.lp-overview li.lp-step:not([hidden])')].map(li => li.dataset.stepId)"


def answer(page, site_url: str, role: str, *labels: str) -> None:
    """Answer the intake of `role` with these options, save, and open the overview."""
    page.goto(f"{site_url}{role}/intake/")
    for label in labels:
        page.get_by_label(label, exact=True).check()
    page.get_by_role("button", name="Bewaar mijn antwoorden").click()
    page.get_by_role("link", name="Naar mijn overzicht").click()
    page.wait_for_url(f"{site_url}{role}/")
    page.locator(".lp-overview").wait_for()


def step(page, step_id: str):
    return page.locator(f'.lp-overview li.lp-step[data-step-id="{step_id}"]')


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_hidden_step_is_listed_and_can_be_put_back(phone, site_url):
    phone.goto(f"{site_url}pm-starter/")
    assert step(phone, BABY).is_visible() and step(phone, BSO).is_hidden()       # BSO: only when the intake adds it
    assert phone.locator(".lp-hidden-steps").is_hidden()
    before = len(phone.evaluate(SHOWN))
    assert phone.locator(".lp-progress__text").inner_text() == f"0 van {before} stappen klaar"
    built = phone.context.request.get(f"{site_url}pm-starter/").text()
    for fact in ("total", "required", "count"):                              # the script writes what the build wrote
        written = re.search(rf'class="lp-facts__{fact}">([^<]*)<', built).group(1).replace("&nbsp;", "\u00a0")
        assert phone.locator(f".lp-facts__{fact}").text_content() == written, fact

    answer(phone, site_url, "pm-starter", "Op een peutergroep")
    assert step(phone, BABY).is_hidden()
    hidden = phone.locator(".lp-hidden-steps")
    assert hidden.get_by_role("heading", name="Verborgen door je intake").is_visible()
    link = hidden.get_by_role("link", name="Babyscholing", exact=False)
    assert link.is_visible() and link.get_attribute("href").endswith(f"modules/{BABY}/")
    assert phone.locator(".lp-progress__text").inner_text() == f"0 van {before - 1} stappen klaar"
    assert phone.locator(".lp-facts__count").inner_text() == str(before - 1)
    assert phone.locator(".lp-progress__bar").get_attribute("aria-valuemax") == str(before - 1)
    assert "1 verborgen" in phone.locator(".lp-intake-cta__text").inner_text()
    assert fits_the_phone(phone)

    phone.reload()                                                           # the answer is kept
    assert step(phone, BABY).is_hidden() and hidden.is_visible()
    hidden.get_by_role("button", name="Zet terug in mijn pad").click()
    assert step(phone, BABY).is_visible() and hidden.is_hidden()
    assert phone.locator(".lp-progress__text").inner_text() == f"0 van {before} stappen klaar"
    phone.reload()                                                           # put back stays back
    assert step(phone, BABY).is_visible() and hidden.is_hidden()

    link_page = f"{site_url}pm-starter/modules/{BABY}/"                      # a hidden step's page still opens
    phone.goto(link_page)
    assert phone.locator("h1").first.is_visible()


@pytest.mark.parametrize("group", ["Op een babygroep", "Op een verticale of gemengde groep met baby's"])
def test_babyscholing_becomes_required_for_anyone_with_babies(phone, site_url, group):
    for role in ("pm-starter", "pm-ervaren"):                                # whatever the role
        phone.goto(f"{site_url}{role}/")
        baby = step(phone, BABY)
        assert baby.locator(".lp-badge--optional").is_visible()
        assert baby.locator(".lp-badge--required").is_hidden()
        required_time = phone.locator(".lp-facts__required").inner_text()
        answer(phone, site_url, role, group)
        assert phone.locator(".lp-facts__required").inner_text() != required_time   # babyscholing's minutes added
        assert baby.is_visible()
        assert baby.locator(".lp-badge--required").inner_text() == "Verplicht voor jou"
        assert baby.locator(".lp-badge--optional").is_hidden()
        assert "1 verplicht voor jou" in phone.locator(".lp-intake-cta__text").inner_text()
        assert fits_the_phone(phone)


def test_bso_staff_get_the_bso_step_and_no_babyscholing(phone, site_url):
    answer(phone, site_url, "pm-starter", "In de BSO")
    bso = step(phone, BSO)
    assert bso.is_visible()
    assert bso.locator(".lp-badge--added").inner_text() == "Toegevoegd door je intake"
    assert step(phone, BABY).is_hidden()
    assert BSO in phone.evaluate(SHOWN) and BABY not in phone.evaluate(SHOWN)


def test_an_ambition_adds_optional_steps(phone, site_url):
    phone.goto(f"{site_url}pm-ervaren/")
    offered = ["coachgesprek-voeren", "coaching-meelopen", "training-werkbegeleider", "intervisie-werkbegeleiders", BSO]
    assert not set(offered) & set(phone.evaluate(SHOWN))
    answer(phone, site_url, "pm-ervaren", "Doorgroeien naar pedagogisch coach")
    shown = phone.evaluate(SHOWN)
    assert {"coachgesprek-voeren", "coaching-meelopen"} <= set(shown)
    assert not {"training-werkbegeleider", "intervisie-werkbegeleiders", BSO} & set(shown)
    for step_id in ("coachgesprek-voeren", "coaching-meelopen"):
        item = step(phone, step_id)
        assert item.locator(".lp-badge--added").is_visible() and item.locator(".lp-badge--optional").is_visible()
    assert "2 toegevoegd" in phone.locator(".lp-intake-cta__text").inner_text()

    answer(phone, site_url, "pm-ervaren", "Stagiairs en nieuwe collega's begeleiden")   # another ambition
    shown = phone.evaluate(SHOWN)
    assert {"training-werkbegeleider", "intervisie-werkbegeleiders"} <= set(shown)
    assert "coachgesprek-voeren" not in shown
    phone.goto(f"{site_url}pm-ervaren/stappen/coaching-meelopen/")              # an offered step has its page
    assert "meelopen" in phone.locator("h1").first.inner_text().lower()
    assert fits_the_phone(phone)


def test_without_a_tracker_the_intake_says_answers_stay_on_the_device(phone, site_url):
    phone.goto(f"{site_url}pm-starter/intake/")
    assert "Je antwoorden blijven op dit apparaat bewaard." in phone.locator(".lp-intake__privacy").inner_text()
    assert phone.locator(".lp-intake__consent").count() == 0                 # nothing to consent to


@pytest.mark.parametrize("role", ["leidinggevende", "pedagogisch-coach", "bso-medewerker"])
def test_other_roles_get_babyscholing_as_a_required_step_when_they_work_with_babies(phone, site_url, role):
    phone.goto(f"{site_url}{role}/")
    assert step(phone, BABY).is_hidden()                                     # offered: only when the intake says so
    phone.goto(f"{site_url}{role}/intake/")
    phone.locator('fieldset[data-question-id="babys"]').get_by_label("Ja", exact=True).check()
    phone.get_by_role("button", name="Bewaar mijn antwoorden").click()
    phone.goto(f"{site_url}{role}/")
    baby = step(phone, BABY)
    assert baby.is_visible() and baby.locator(".lp-badge--required").is_visible()
    assert BABY in phone.evaluate(SHOWN) and fits_the_phone(phone)
