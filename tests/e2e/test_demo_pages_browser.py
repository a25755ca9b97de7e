"""Every page of the demo curriculum on a 390 px phone: nothing wider than the screen, no script errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

WIDTH = """() => {
  const too = [...document.querySelectorAll('.md-content *')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width && r.right > innerWidth + 1 && !e.closest('.md-typeset__scrollwrap, pre, .md-search');
  }).map(e => e.tagName + (e.className ? '.' + String(e.className).split(' ')[0] : '') + ': ' + (e.textContent || '').trim().slice(0, 40));
  return {scroll: document.documentElement.scrollWidth, too: too.slice(0, 5)};
}"""


def demo_pages(site: Path) -> list[str]:
    """Each role's overview and intake, each activity step page, and each module once (in the first role using it)."""
    pages, seen = [], set()
    for manifest in sorted(site.glob("*/xapi-manifest.json")):
        role = manifest.parent.name
        pages += [f"{role}/", f"{role}/intake/"]
        pages += [f"{role}/stappen/{p.parent.name}/" for p in sorted((site / role / "stappen").glob("*/index.html"))]
        for page in sorted((site / role / "modules").glob("*/index.html")):
            if page.parent.name not in seen:
                seen.add(page.parent.name)
                pages.append(f"{role}/modules/{page.parent.name}/")
    return pages


def test_the_demo_has_pages_to_check(demo_site):
    pages = demo_pages(demo_site)
    assert len([p for p in pages if "/modules/" in p]) >= 16 and len([p for p in pages if p.count("/") == 1]) >= 5


def test_every_demo_page_fits_a_phone_and_has_one_title(phone, site_url, demo_site):
    problems = {}
    for path in demo_pages(demo_site):
        phone.goto(site_url + path)
        found = phone.evaluate(WIDTH)
        titles = phone.locator("h1").count()
        if found["scroll"] > 390 or found["too"] or titles != 1:
            problems[path] = {**found, "h1": titles}
    assert not problems, json.dumps(problems, indent=1, ensure_ascii=False)
