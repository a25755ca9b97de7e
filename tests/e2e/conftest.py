"""Fixtures for the browser tests: the demo portals built once, served on 127.0.0.1, Debian's chromium."""

from __future__ import annotations

import functools
import http.server
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tracking_stack import contexts, stack  # noqa: F401  (fixtures of the tracking tests)

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
PHONE = {"width": 390, "height": 844}


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory) -> Path:
    """The demo (content/ and paths/) built with build.py into a temporary folder."""
    out = tmp_path_factory.mktemp("demo") / "site"
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--out", str(out), "--jobs", "1"],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return out


@pytest.fixture(scope="session")
def site_url(demo_site: Path):
    """The built site served by a threaded http.server on an ephemeral 127.0.0.1 port."""
    handler = functools.partial(QuietHandler, directory=str(demo_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: apt-get install chromium (Debian's package)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone(browser, site_url):
    """A fresh phone-sized page (empty localStorage); fails the test if it asked any host but 127.0.0.1."""
    # bypass_csp: wait_for_function's eval() is refused by the portal's Content-Security-Policy,
    # which test_portal_csp_browser.py tests on its own.
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                  bypass_csp=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    hosts: list[str] = []
    errors: list[str] = []
    page.on("request", lambda request: hosts.append(urlsplit(request.url).hostname or request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.requested_hosts = hosts
    yield page
    context.close()
    assert errors == [], f"JavaScript errors: {errors}"
    foreign = sorted({h for h in hosts if h not in ("127.0.0.1",) and not h.startswith("data:")})
    assert foreign == [], f"requests to other hosts: {foreign}"
