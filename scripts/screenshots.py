"""Phone screenshots of the demo for the README and docs/: the role chooser, a portal's overview and a module.

    .venv/bin/python scripts/screenshots.py            # builds the demo, writes docs/img/*.png

Debian's chromium, driven by Playwright, at 390 × 844 CSS pixels (an ordinary phone), device scale 1,
so each PNG is 390 pixels wide.
"""

from __future__ import annotations

import functools
import http.server
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "img"
CHROMIUM = "/usr/bin/chromium"
PHONE = {"width": 390, "height": 844}
MODULE = "pm-starter/modules/sensitieve-responsiviteit/"
SHOTS = {                                   # file: (page, element scrolled to the top or None)
    "phone-roles.png": ("", None),
    "phone-overview.png": ("pm-starter/", None),
    "phone-module.png": (MODULE, None),
    "phone-module-example.png": (MODULE, ".lp-body .admonition.example"),
}


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def build(site: Path) -> None:
    result = subprocess.run([sys.executable, "build.py", "--strict", "--tracker", "", "--out", str(site)], cwd=ROOT)
    if result.returncode:
        raise SystemExit("the demo did not build")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        site = Path(tmp) / "site"
        build(site)
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site)))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        base = f"http://127.0.0.1:{server.server_port}/"
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_context(viewport=PHONE, device_scale_factor=1, is_mobile=True, has_touch=True).new_page()
            for name, (path, element) in SHOTS.items():
                page.goto(base + path, wait_until="networkidle")
                if element:
                    page.locator(element).first.evaluate("e => window.scrollTo(0, e.getBoundingClientRect().top + scrollY - 72)")
                    page.wait_for_timeout(500)          # Material's header switches to the page title
                page.screenshot(path=OUT / name)
                print(f"{OUT.relative_to(ROOT) / name}: {base + path}")
            browser.close()
        server.shutdown()


if __name__ == "__main__":
    main()
