"""The demo portals as a host serves them from a subfolder (`/site/...`), in Chromium at 390 px:
404 pages that work at any address, the offline page for pages not on the device, a closed
side menu that takes no keyboard focus, and search that loads its index only when opened."""

from __future__ import annotations

import functools
import http.server
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from conftest import CHROMIUM_ARGS, PHONE  # noqa: F401

pytestmark = pytest.mark.browser
ROLE = "pm-starter"
TEAL = "rgb(0, 105, 92)"


class SubfolderHost(http.server.SimpleHTTPRequestHandler):
    """A static host with the built site in `/site/`: a missing page gets the nearest 404 page
    (the portal's, or the role chooser's when `only_root_404`, as GitHub Pages and Netlify do)."""

    only_root_404 = False

    def log_message(self, *args) -> None:
        pass

    def send_error(self, code, message=None, explain=None):
        if code != 404:
            return super().send_error(code, message, explain)
        parts = urlsplit(self.path).path.split("/")           # ['', 'site', role, ...]
        candidates = [] if self.only_root_404 or len(parts) < 4 else [Path(self.directory, parts[1], parts[2], "404.html")]
        candidates.append(Path(self.directory, "site", "404.html"))
        page = next((p for p in candidates if p.is_file()), None)
        if page is None:
            return super().send_error(code, message, explain)
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def start(directory: Path, only_root_404: bool) -> http.server.ThreadingHTTPServer:
    handler = type("Host", (SubfolderHost,), {"only_root_404": only_root_404})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture(scope="module")
def hosts(demo_site):
    """Two hosts of the demo under /site/: one with per-portal 404 pages, one with only the root's."""
    servers = [start(demo_site.parent, False), start(demo_site.parent, True)]
    assert demo_site.name == "site"
    yield [f"http://127.0.0.1:{s.server_port}/site/" for s in servers]
    for server in servers:
        server.shutdown()
        server.server_close()


def wait_until(page, expression: str, seconds: float = 30) -> None:
    """Poll a JavaScript expression (wait_for_function needs eval(), which the portal's CSP refuses)."""
    deadline = time.monotonic() + seconds
    while not page.evaluate(expression):
        assert time.monotonic() < deadline, f"timed out waiting for {expression}"
        page.wait_for_timeout(100)


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.failed = []
    page.errors = []
    page.requests = []
    page.on("requestfailed", lambda r: page.failed.append(r.url))
    page.on("response", lambda r: page.failed.append(f"{r.status} {r.url}") if r.status >= 400 and r.request.resource_type != "document" else None)
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    yield page
    context.close()
    assert page.errors == []


@pytest.mark.parametrize("which", [0, 1], ids=["portal-404", "root-404-only"])
def test_a_missing_page_in_a_subfolder_gets_a_working_404_page(phone_page, hosts, which):
    base = hosts[which]
    response = phone_page.goto(f"{base}{ROLE}/modules/bestaat-niet/")
    assert response.status == 404
    assert phone_page.locator("h1").inner_text() == "Pagina niet gevonden"
    assert phone_page.evaluate("getComputedStyle(document.querySelector('header')).backgroundColor") == TEAL
    assert phone_page.failed == []
    links = phone_page.locator("main a")
    hrefs = [links.nth(i).evaluate("a => a.href") for i in range(links.count())]
    expected = [f"{base}{ROLE}/", base] if which == 0 else [base]
    assert hrefs == expected
    links.first.click()
    phone_page.wait_for_load_state()
    assert phone_page.url == expected[0]
    assert phone_page.locator("h1").count() >= 1 and phone_page.failed == []


def test_an_uncached_page_offline_gets_the_offline_page_with_working_links(phone_page, hosts):
    base = hosts[0]
    phone_page.goto(f"{base}{ROLE}/")
    wait_until(phone_page, "navigator.serviceWorker.controller !== null")
    phone_page.context.set_offline(True)
    response = phone_page.goto(f"{base}{ROLE}/modules/nog-nooit-geopend/")
    assert response.status == 503
    assert phone_page.locator("h1").inner_text() == "Niet beschikbaar zonder internet"
    link = phone_page.locator("main a")
    assert link.evaluate("a => a.href") == f"{base}{ROLE}/"
    phone_page.failed.clear()
    link.click()
    phone_page.wait_for_load_state()
    assert phone_page.url == f"{base}{ROLE}/"
    assert phone_page.locator("[data-lp-page=overview]").count() == 1
    assert phone_page.evaluate("getComputedStyle(document.querySelector('.md-header')).backgroundColor") == TEAL
    assert phone_page.failed == []
    phone_page.context.set_offline(False)


def visible_focus(page) -> dict:
    return page.evaluate("""() => {
      const el = document.activeElement;
      if (!el || el === document.body) return {body: true};
      const r = el.getBoundingClientRect(), s = getComputedStyle(el);
      let hidden = s.visibility === 'hidden' || r.width === 0 || r.height === 0;
      for (let n = el; n; n = n.parentElement) {
        const t = getComputedStyle(n);
        if (t.display === 'none' || parseFloat(t.opacity) === 0) hidden = true;
      }
      const inView = r.bottom > 0 && r.right > 0 && r.top < innerHeight && r.left < innerWidth;
      return {tag: el.tagName, text: (el.innerText || el.getAttribute('aria-label') || el.id || '').slice(0, 40),
              visible: inView && !hidden, width: innerWidth};
    }""")


def test_every_tab_stop_on_a_module_page_is_visible_at_390_px(phone_page, hosts):
    phone_page.goto(f"{hosts[0]}{ROLE}/modules/zes-interactievaardigheden/")
    wait_until(phone_page, "document.querySelector('.md-sidebar--primary[inert]') !== null")
    stops, hidden, widths = 0, [], set()
    for _ in range(150):
        phone_page.keyboard.press("Tab")
        focus = visible_focus(phone_page)
        if focus.get("body"):
            break
        stops += 1
        widths.add(focus["width"])
        for _ in range(10):                          # a transition or smooth scroll into view
            if focus["visible"]:
                break
            phone_page.wait_for_timeout(200)
            focus = visible_focus(phone_page)
        if not focus["visible"]:
            hidden.append(focus)
    assert stops > 10, "the page has links and form controls to tab through"
    assert hidden == []
    assert widths == {PHONE["width"]}, "the page never grew wider than the phone (it would zoom out and jump)"
    phone_page.locator(".md-header label[for=__drawer]").click()
    wait_until(phone_page, "document.querySelector('.md-sidebar--primary[inert]') === null")


def test_search_loads_its_index_only_when_opened(phone_page, hosts):
    phone_page.goto(f"{hosts[0]}{ROLE}/modules/zes-interactievaardigheden/")
    phone_page.wait_for_load_state("networkidle")
    assert not [u for u in phone_page.requests if "search_index.json" in u or "/workers/search" in u]
    phone_page.locator("label[for=__search]").first.click()
    phone_page.locator("input.md-search__input").fill("kinderen")
    phone_page.wait_for_selector(".md-search-result__item", timeout=45_000)   # index, worker and Lunr on a busy CI
    assert [u for u in phone_page.requests if "search_index.json" in u]


def test_search_opens_and_closes_on_a_phone_without_widening_the_page(phone_page, hosts):
    """Material's phone search slid in from the side and grew its backdrop from the icon: while that
    moved, the page was wider than the phone, which then zoomed out (leerpad.css fades them instead)."""
    phone_page.goto(f"{hosts[0]}{ROLE}/modules/zes-interactievaardigheden/")
    widths = "[innerWidth, document.documentElement.scrollWidth]"
    phone_page.evaluate(f"() => {{ window.__widths = []; const t = setInterval(() => window.__widths.push(...{widths}), 16); }}")
    phone_page.locator('label[for="__search"]').first.click()
    phone_page.get_by_role("textbox", name="Zoeken").press_sequentially("ouder", delay=20)
    phone_page.locator(".md-search-result__item").first.wait_for()
    phone_page.keyboard.press("Escape")
    phone_page.wait_for_timeout(800)                  # the closing transition, and then some
    seen = phone_page.evaluate("window.__widths")
    assert len(seen) > 20 and max(seen) == PHONE["width"], sorted(set(seen))


def test_tab_out_of_an_open_search_on_a_phone_keeps_focus_on_screen(phone_page, hosts):
    """Tab into search opens it; Material locks the page after 400 ms and, when search closes, puts it
    back where it was: the next Tab stop in the page must still be on screen (panels.js)."""
    phone_page.goto(f"{hosts[0]}{ROLE}/modules/zes-interactievaardigheden/")
    wait_until(phone_page, "document.querySelector('.md-sidebar--primary[inert]') !== null")
    phone_page.evaluate("window.scrollTo(0, 0)")
    for _ in range(5):
        phone_page.keyboard.press("Tab")
        if phone_page.evaluate("document.activeElement.classList.contains('md-search__input')"):
            break
    else:
        raise AssertionError("Tab never reached the search field")
    wait_until(phone_page, "document.body.hasAttribute('data-md-scrolllock')")   # search open, page locked
    phone_page.keyboard.press("Tab")
    phone_page.keyboard.press("Tab")      # out of the search form into the page
    wait_until(phone_page, "!document.body.hasAttribute('data-md-scrolllock') && !document.activeElement.closest('.md-search')")
    wait_until(phone_page, "(() => { const r = document.activeElement.getBoundingClientRect(); "
                           "return r.bottom > 0 && r.top < innerHeight; })()", seconds=3)
