#!/usr/bin/env python3
"""Lighthouse's mobile audit of the demo portals: every role's overview and its three heaviest
module pages, served with compression and without.

Installs the npm package lighthouse@12.2.3 (exact; v13 needs Node 22) into a cache folder
outside the repository, builds the demo with tracking configured (the heaviest pages: the
tracking scripts, service worker and web app manifest are in) into a temporary folder, serves it
on 127.0.0.1 and runs Lighthouse headless on Debian's chromium. Two servers: one like a host
that compresses (it serves the build's pre-compressed `.br`/`.gz` files, as nginx `gzip_static`
or Caddy `precompressed` do, else gzips), one like a bare bucket (`python -m http.server`: no
compression at all). Prints one row per page and mode and checks the targets of issue 14:

    performance >= 95 compressed and >= 90 uncompressed, accessibility 100,
    <= 250 KB transferred uncompressed on first load, <= 12 requests

    .venv/bin/python bench/lighthouse.py [--roles pm-starter,pm-ervaren] [--modules 3] [--modes gzip,plain]
    .venv/bin/python bench/lighthouse.py --site site/     # an existing build instead
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = "lighthouse@12.2.3"
CACHE = Path(os.environ.get("LEERPAD_LIGHTHOUSE_CACHE", Path.home() / ".cache" / "leerpad" / "lighthouse"))
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".webmanifest")
TRACKER = "http://127.0.0.1:9/"          # configured, never running: a visitor who has not signed in
TARGETS = {"gzip": 95, "plain": 90}
MAX_KB, MAX_REQUESTS = 250, 12


def install() -> Path:
    """The lighthouse CLI, installed once into CACHE with npm."""
    cli = CACHE / "node_modules" / ".bin" / "lighthouse"
    if cli.exists():
        return cli
    CACHE.mkdir(parents=True, exist_ok=True)
    if not (CACHE / "package.json").exists():
        (CACHE / "package.json").write_text('{"name": "leerpad-lighthouse", "private": true}\n')
    print(f"installing {LIGHTHOUSE} into {CACHE} ...", flush=True)
    subprocess.run(["npm", "i", "-E", LIGHTHOUSE, "--no-audit", "--no-fund"], cwd=CACHE, check=True)
    return cli


class StaticHandler(http.server.SimpleHTTPRequestHandler):
    """A static host: with `compress`, the build's `.br`/`.gz` beside a file if the client accepts
    them, else gzip on the fly; without, every file as it is."""

    compress = True
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, ".webmanifest": "application/manifest+json"}

    def log_message(self, *args) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=3600")
        super().end_headers()

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        directory_without_slash = Path(self.translate_path(self.path)).is_dir() and not self.path.split("?")[0].endswith("/")
        accepted = self.headers.get("Accept-Encoding", "")
        if (not self.compress or directory_without_slash or not path.is_file() or path.suffix not in COMPRESSIBLE):
            return super().send_head()
        for encoding, suffix in (("br", ".br"), ("gzip", ".gz")):
            if encoding in accepted and path.with_name(path.name + suffix).is_file():
                body = path.with_name(path.name + suffix).read_bytes()
                break
        else:
            if "gzip" not in accepted:
                return super().send_head()
            encoding, body = "gzip", gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", encoding)
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve(site: Path, compress: bool = True) -> http.server.ThreadingHTTPServer:
    handler = type("Handler", (StaticHandler,), {"compress": compress})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def audit(cli: Path, url: str, verbose: bool = False) -> dict:
    """One mobile Lighthouse audit: category scores 0-100, bytes transferred, requests, LCP."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        env = dict(os.environ, CHROME_PATH=CHROME)
        subprocess.run([str(cli), url, "--quiet", "--output=json", f"--output-path={report}",
                        f"--chrome-flags={CHROME_FLAGS}", "--only-categories=" + ",".join(CATEGORIES)],
                       env=env, check=True)
        data = json.loads(report.read_text())
    audits = data["audits"]
    failing = [(category, ref["id"]) for category in ("accessibility", "best-practices")
               for ref in data["categories"][category]["auditRefs"]
               if ref["weight"] and audits[ref["id"]].get("score") not in (None, 1)]
    for category, audit_id in failing:
        print(f"  {category} audit not passed: {audit_id}")
        for item in (audits[audit_id].get("details") or {}).get("items", [])[:5]:
            node = item.get("node") or {}
            print(f"    {node.get('selector', '')}: {node.get('snippet', '')[:160]}"
                  + (f" {item.get('description') or item.get('url') or ''}"[:200] if not node else ""))
    requests = [item for item in (audits["network-requests"].get("details") or {}).get("items", [])
                if not item["url"].startswith("data:")]      # images inside the CSS: no request
    if verbose:
        for item in requests:
            print(f"    {item.get('transferSize', 0):>8} {item.get('resourceType', ''):10} {item['url']}")
    scores = {c: round(100 * (data["categories"][c]["score"] or 0)) for c in CATEGORIES}
    return scores | {
        "bytes": sum(item.get("transferSize", 0) for item in requests),
        "requests": len(requests),
        "lcp": audits["largest-contentful-paint"]["numericValue"] / 1000,
        "tbt": audits["total-blocking-time"]["numericValue"],
    }


def portals(site: Path) -> list[str]:
    return sorted(p.name for p in site.iterdir() if (p / ".leerpad-build.json").is_file())


def heaviest_modules(portal: Path, count: int) -> list[str]:
    """The module pages with the most bytes of their own (HTML and the files in their folder)."""
    weights = {}
    for page in (portal / "modules").glob("*/index.html"):
        weights[page.parent.name] = sum(f.stat().st_size for f in page.parent.rglob("*")
                                        if f.is_file() and f.suffix not in (".gz", ".br"))
    return sorted(weights, key=lambda name: (-weights[name], name))[:count]


def build_demo(out: Path, tracker: str) -> None:
    subprocess.run([sys.executable, str(ROOT / "build.py"), "--out", str(out), "--tracker", tracker],
                   cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def verdict(mode: str, row: dict) -> list[str]:
    misses = []
    if row["performance"] < TARGETS[mode]:
        misses.append(f"performance < {TARGETS[mode]}")
    if row["accessibility"] != 100:
        misses.append("accessibility < 100")
    if mode == "plain" and row["bytes"] > MAX_KB * 1024:
        misses.append(f"> {MAX_KB} KB")
    if row["requests"] > MAX_REQUESTS:
        misses.append(f"> {MAX_REQUESTS} requests")
    return misses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="an existing build (default: build the demo with tracking)")
    parser.add_argument("--roles", help="comma-separated roles [every portal]")
    parser.add_argument("--modules", type=int, default=3, help="heaviest module pages per role [3]")
    parser.add_argument("--modes", default="gzip,plain", help="gzip (compressing host), plain (bare bucket)")
    parser.add_argument("--verbose", action="store_true", help="list every request")
    parser.add_argument("--no-tracker", action="store_true",
                        help="build the demo without a tracker (no tracking scripts), as mkdocs.yml has it")
    args = parser.parse_args()
    cli = install()
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            build_demo(site, "" if args.no_tracker else TRACKER)
        roles = args.roles.split(",") if args.roles else portals(site)
        modes = args.modes.split(",")
        servers = {mode: serve(site, compress=mode == "gzip") for mode in modes}
        rows, misses = [], 0
        print(f"Lighthouse 12.2.3 mobile, {time.strftime('%Y-%m-%d %H:%M')}, load average "
              f"{os.getloadavg()[0]:.1f}, site {site}"
              + ("" if args.site else f" (the demo, tracker {'none' if args.no_tracker else TRACKER})") + "\n")
        print(f"{'page':58} {'mode':5} {'perf':>4} {'a11y':>4} {'bp':>4} {'seo':>4} {'KB':>6} {'req':>4} {'LCP s':>6} {'TBT':>5}")
        try:
            for role in roles:
                pages = [("overview", "")] + [(m, f"modules/{m}/") for m in heaviest_modules(site / role, args.modules)]
                for name, rel in pages:
                    for mode in modes:
                        url = f"http://127.0.0.1:{servers[mode].server_port}/{role}/{rel}"
                        row = audit(cli, url, args.verbose)
                        miss = verdict(mode, row)
                        misses += bool(miss)
                        rows.append((f"{role} {name}", mode, row))
                        print(f"{role + ' ' + name:58} {mode:5} {row['performance']:>4} {row['accessibility']:>4} "
                              f"{row['best-practices']:>4} {row['seo']:>4} {row['bytes'] / 1024:>6.0f} "
                              f"{row['requests']:>4} {row['lcp']:>6.1f} {row['tbt']:>5.0f}"
                              + ("  MISSED: " + ", ".join(miss) if miss else ""), flush=True)
        finally:
            for server in servers.values():
                server.shutdown()
    print(f"\nload average at the end {os.getloadavg()[0]:.1f}; targets: performance >= {TARGETS['gzip']} "
          f"compressed, >= {TARGETS['plain']} uncompressed, accessibility 100, <= {MAX_KB} KB uncompressed, "
          f"<= {MAX_REQUESTS} requests:", "met" if not misses else f"NOT met on {misses} of {len(rows)}")
    return 0 if not misses else 1


if __name__ == "__main__":
    sys.exit(main())
