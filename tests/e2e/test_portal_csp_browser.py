"""The portal pages' Content-Security-Policy (issue 11), enforced by real Chromium: Material and the
tracking scripts work under it, and a request to any origin but the portal and its tracker is refused.
(The other browser tests run with bypass_csp, as Playwright's wait_for_function needs eval().)"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Error as PlaywrightError

from tracking_stack import PHONE, REFLECTED, ROLE, answer_module, wait_for

WATCH = """window.__violations = [];
document.addEventListener("securitypolicyviolation", e => window.__violations.push(e.effectiveDirective + " " + (e.blockedURI || "inline")));"""
SESSION = f"JSON.parse(localStorage.getItem('leerpad:session:{ROLE}'))"


@pytest.fixture
def strict(browser):
    """A phone-sized page that enforces the page's policy; collects every violation report."""
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    context.add_init_script(WATCH)
    page = context.new_page()
    errors: list[str] = []
    refused: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    page.violations = lambda: page.evaluate("window.__violations")
    page.refused = refused
    yield page
    context.close()
    assert errors == [], f"JavaScript errors: {errors}"


def policy(page) -> dict[str, list[str]]:
    content = page.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    return {part.split()[0]: part.split()[1:] for part in content.split(";") if part.strip()}


def poll(page, expression: str, seconds: float = 15.0):
    """page.evaluate(expression) until it is truthy (wait_for_function would need eval())."""
    def value():
        try:
            return page.evaluate(expression)
        except PlaywrightError:                    # between two pages
            return None
    result = wait_for(value, seconds)
    assert result, f"never true: {expression}"
    return result


def material_runs(page) -> None:
    """Material's bundle ran (it marks <html> "js"; its globals come from material-globals.js), its
    search worker answers, and a link opens the next page with the scripts working there."""
    assert page.evaluate("document.documentElement.classList.contains('js') && __md_get('__nothing') === null")
    page.locator('label[for="__search"]').first.click()
    page.get_by_role("textbox", name="Zoeken").press_sequentially("gesprekken", delay=20)
    page.locator(".md-search-result__item").first.wait_for()
    page.keyboard.press("Escape")
    page.locator(".lp-overview a[href*='modules/']").first.click()
    page.locator("[data-lp-page=module] .lp-done__button").wait_for()


def test_a_tracked_portal_works_under_its_policy_and_talks_only_to_its_tracker(stack, strict):
    page = strict
    page.goto(f"{stack.portal}{ROLE}/")
    rules = policy(page)
    assert rules["connect-src"] == ["'self'", stack.tracker]          # the portal and its tracker, nothing else
    assert rules["default-src"] == ["'self'"] and rules["object-src"] == ["'none'"]
    assert all(re.fullmatch(r"'self'|'sha256-[A-Za-z0-9+/=]+'", s) for s in rules["script-src"]), rules["script-src"]

    material_runs(page)

    learner, link = stack.link(name="Fleur")
    page.goto(link)
    session = poll(page, f"({SESSION} || {{}}).token && {SESSION}")
    poll(page, "document.querySelector('.lp-signout') && !document.querySelector('.lp-signout').hidden")
    module = stack.module_with_check_and_reflection()
    page.goto(f"{stack.portal}{ROLE}/modules/{module}/")
    answer_module(page, module, "Onder de policy geschreven.")
    assert wait_for(lambda: [s for s in stack.statements(session) if s["verb"]["id"] == REFLECTED])
    assert page.violations() == [] and page.refused == []

    outcome = page.evaluate("fetch('http://127.0.0.1:9/leak').then(() => 'sent', () => 'refused')")
    assert outcome == "refused" and page.violations() == ["connect-src http://127.0.0.1:9/leak"]
    page.locator(".lp-signout").click()                               # sign-out under the policy too
    page.locator(".lp-signedout").wait_for()
    assert stack.xapi(session["token"], "statements")[0] == 401
    assert page.violations() == []
    assert [m for m in page.refused if "127.0.0.1:9" not in m] == []


def test_a_portal_without_tracker_connects_to_itself_only(site_url, strict):
    page = strict
    page.goto(f"{site_url}{ROLE}/")
    rules = policy(page)
    assert rules["connect-src"] == ["'self'"]
    material_runs(page)
    assert page.violations() == [] and page.refused == []
