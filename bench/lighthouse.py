#!/usr/bin/env python3
"""Lighthouse's mobile audit of the demo portal: the path overview and a module page.

Installs the npm package lighthouse@12.2.3 (exact; v13 needs Node 22) into a cache folder
outside the repository, serves the built site on 127.0.0.1 (gzip, like any static host),
runs Lighthouse headless on Debian's chromium and prints the category scores.

    .venv/bin/python build.py && .venv/bin/python bench/lighthouse.py [--role pm-starter]
"""

from __future__ import annotations

import argparse
import functools
import gzip
import io
import http.server
import json
import os
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = "lighthouse@12.2.3"
CACHE = Path(os.environ.get("LEERPAD_LIGHTHOUSE_CACHE", Path.home() / ".cache" / "leerpad" / "lighthouse"))
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt")


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
    """Serve files, gzip-compressed when the client accepts it (as nginx or any CDN would)."""

    compress = True

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
        if (not self.compress or "gzip" not in self.headers.get("Accept-Encoding", "") or directory_without_slash
                or not path.is_file() or path.suffix not in COMPRESSIBLE):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve(site: Path, compress: bool = True) -> http.server.ThreadingHTTPServer:
    handler = type("Handler", (StaticHandler,), {"compress": compress})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def audit(cli: Path, url: str) -> dict[str, int]:
    """Run one mobile Lighthouse audit; the category scores as 0-100."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        env = dict(os.environ, CHROME_PATH=CHROME)
        subprocess.run([str(cli), url, "--quiet", "--output=json", f"--output-path={report}",
                        f"--chrome-flags={CHROME_FLAGS}", "--only-categories=" + ",".join(CATEGORIES)],
                       env=env, check=True)
        data = json.loads(report.read_text())
    failing = [a["id"] for cid in ("accessibility",) for ref in data["categories"][cid]["auditRefs"]
               for a in [data["audits"][ref["id"]]] if ref["weight"] and a.get("score") not in (None, 1)]
    for audit_id in failing:
        print(f"  accessibility audit not passed: {audit_id}")
        for item in (data["audits"][audit_id].get("details") or {}).get("items", [])[:5]:
            node = item.get("node") or {}
            print(f"    {node.get('selector', '')}: {node.get('snippet', '')[:160]}")
    return {c: round(100 * (data["categories"][c]["score"] or 0)) for c in CATEGORIES}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site [site/]")
    parser.add_argument("--role", default="pm-starter")
    parser.add_argument("--module", default="zes-interactievaardigheden")
    parser.add_argument("--no-gzip", action="store_true", help="serve uncompressed (a bare static host)")
    args = parser.parse_args()
    if not (args.site / args.role / "index.html").exists():
        print(f"{args.site / args.role}: no portal; run `python build.py` first", file=sys.stderr)
        return 1
    cli = install()
    server = serve(args.site, compress=not args.no_gzip)
    base = f"http://127.0.0.1:{server.server_port}/{args.role}/"
    ok = True
    try:
        for name, url in (("overview", base), ("module", f"{base}modules/{args.module}/")):
            scores = audit(cli, url)
            print(f"{name:9} {url}\n          " + "  ".join(f"{c} {s}" for c, s in scores.items()), flush=True)
            ok &= scores["performance"] >= 95 and scores["accessibility"] == 100
    finally:
        server.shutdown()
    print("targets (performance >= 95, accessibility 100):", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
