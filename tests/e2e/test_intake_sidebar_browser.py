"""Issue 13: the sidebar and previous/next follow the intake as the overview does (hidden steps left out,
offered steps in once added), also after Material's instant navigation; "Zet terug in mijn pad" follows
the learner to another device through the tracker's intake State document. Chromium at 390 px."""

from __future__ import annotations

import pytest
from test_intake_rules_browser import BABY, BSO, answer
from test_intake_sync_browser import intake_state
from tracking_stack import ROLE, queue_empty, sign_in, wait_for

pytestmark = pytest.mark.browser

GROUP = "groepsprocessen-begeleiden"        # the phase "Verder kijken": groepsprocessen, autonomie, baby, BSO
AUTONOMY = "respect-voor-autonomie"
SIDEBAR = "() => [...document.querySelectorAll('.lp-nav li.lp-nav__step')].map(li => [li.dataset.stepId, li.hidden])"


def sidebar_steps(page) -> list[str]:
    """The steps the sidebar shows, in order, once it follows the intake (hidden ones left out)."""
    return [step for step, hidden in page.evaluate(SIDEBAR) if not hidden]


def wait_until_shown(page, step_id: str, shown: bool) -> None:
    page.wait_for_function("([id, shown]) => { const li = document.querySelector(`.lp-nav li[data-step-id='${id}']`);"
                           " return shown ? !!li && !li.hidden : !li || li.hidden; }", arg=[step_id, shown])


def footer_link(page, direction: str):
    return page.locator(f".md-footer__link--{direction}")


def open_drawer(page) -> None:
    page.locator('label.md-header__button[for="__drawer"]').first.click()


def focus_walk(page) -> list[str]:
    """Open the drawer and tab through the sidebar: the step ids that get keyboard focus."""
    open_drawer(page)
    page.locator(".lp-nav a.md-nav__link").first.focus()
    seen = []
    for _ in range(12):
        page.keyboard.press("Tab")
        step = page.evaluate("document.activeElement.closest('.lp-nav li.lp-nav__step')?.dataset.stepId || null")
        if step:
            seen.append(step)
    return seen


def test_a_hidden_step_leaves_the_sidebar_and_comes_back_when_put_back(phone, site_url):
    module = f"{site_url}pm-starter/modules/{GROUP}/"
    phone.goto(module)
    assert BABY in sidebar_steps(phone) and BSO not in sidebar_steps(phone)          # as built: no intake yet

    answer(phone, site_url, "pm-starter", "Op een peutergroep")
    phone.goto(module)
    wait_until_shown(phone, BABY, False)
    assert sidebar_steps(phone) == [GROUP, AUTONOMY]
    assert phone.locator(f'.lp-nav li[data-step-id="{BABY}"]').get_attribute("hidden") is not None
    walked = focus_walk(phone)                                                      # the keyboard skips it
    assert AUTONOMY in walked and BABY not in walked

    phone.goto(f"{site_url}pm-starter/modules/{BABY}/")                             # its page still opens
    after = footer_link(phone, "next")
    after_url, after_label = after.evaluate("a => a.href"), after.get_attribute("aria-label")
    phone.goto(f"{site_url}pm-starter/modules/{AUTONOMY}/")                         # next skips the hidden step
    phone.wait_for_function("(url) => document.querySelector('.md-footer__link--next').href === url", arg=after_url)
    assert footer_link(phone, "next").get_attribute("aria-label") == after_label
    phone.goto(after_url)
    phone.wait_for_function(f"() => document.querySelector('.md-footer__link--prev').href.endsWith('/{AUTONOMY}/')")

    phone.goto(f"{site_url}pm-starter/")
    phone.locator(".lp-hidden-steps").get_by_role("button", name="Zet terug in mijn pad").click()
    phone.locator(f'.lp-overview li.lp-step[data-step-id="{GROUP}"] .lp-step__link').click()
    phone.wait_for_url(module)                                                      # Material's instant navigation
    wait_until_shown(phone, BABY, True)
    assert sidebar_steps(phone) == [GROUP, AUTONOMY, BABY]
    phone.goto(f"{site_url}pm-starter/modules/{AUTONOMY}/")
    phone.wait_for_function(f"() => document.querySelector('.md-footer__link--next').href.endsWith('/{BABY}/')")


def test_an_added_step_joins_the_sidebar_and_previous_next(phone, site_url):
    answer(phone, site_url, "pm-starter", "In de BSO")
    phone.locator(f'.lp-overview li.lp-step[data-step-id="{AUTONOMY}"] .lp-step__link').click()
    phone.wait_for_url(f"{site_url}pm-starter/modules/{AUTONOMY}/")                  # instant navigation re-renders
    wait_until_shown(phone, BSO, True)
    assert sidebar_steps(phone) == [GROUP, AUTONOMY, BSO]
    item = phone.locator(f'.lp-nav li[data-step-id="{BSO}"] a')
    assert item.get_attribute("href").endswith(f"modules/{BSO}/") and item.get_attribute("aria-current") is None
    phone.wait_for_function(f"() => document.querySelector('.md-footer__link--next').href.endsWith('/{BSO}/')")
    assert "BSO" in footer_link(phone, "next").inner_text()
    open_drawer(phone)
    item.click()
    phone.wait_for_url(f"{site_url}pm-starter/modules/{BSO}/")
    phone.wait_for_function(f"() => document.querySelector('.md-footer__link--prev').href.endsWith('/{AUTONOMY}/')")
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_step_put_back_follows_the_learner_to_a_second_device(stack, contexts):
    first = contexts()
    learner, link = stack.link(name="Sanne")
    session = sign_in(first, link)
    first.goto(f"{stack.portal}{ROLE}/intake/")
    first.get_by_label("Op een peutergroep", exact=True).check()
    first.get_by_role("button", name="Bewaar mijn antwoorden").click()
    first.get_by_role("link", name="Naar mijn overzicht").click()                   # sends the intake at once
    first.locator(".lp-hidden-steps").get_by_role("button", name="Zet terug in mijn pad").wait_for()
    queue_empty(first)
    assert wait_for(lambda: intake_state(stack, session)[0] == 200)

    second = contexts()                                                              # the same learner's phone
    sign_in(second, stack.link(learner)[1])
    module = f"{stack.portal}{ROLE}/modules/{GROUP}/"
    second.goto(module)
    wait_until_shown(second, BABY, False)                                           # hidden there too, from the tracker

    first.locator(".lp-hidden-steps").get_by_role("button", name="Zet terug in mijn pad").click()
    queue_empty(first)
    status, state = wait_for(lambda: (lambda r: r if r[0] == 200 and "_shown" in (r[1] or {}) else None)(
        intake_state(stack, session))) or (None, None)
    assert status == 200 and state["_shown"] == [BABY] and state["werkplek"] == 2

    second.reload()
    wait_until_shown(second, BABY, True)
    assert BABY in sidebar_steps(second)
    second.goto(f"{stack.portal}{ROLE}/")
    second.locator(f'.lp-overview li.lp-step[data-step-id="{BABY}"]').wait_for()
    assert second.locator(".lp-hidden-steps").is_hidden()
