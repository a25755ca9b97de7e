#!/usr/bin/env python3
"""Lighthouse's accessibility audit of the team pages, as a coach, a manager and a visitor see them.

Starts the tracker (gunicorn, bench/tracker_server.py) on a fresh SQLite database, builds the demo
portals against it, loads them and seeds Kinderopvang De Vlinder (scripts/demo_org.py: structure,
25 learners with progress through the real API, a coach's confirmations and feedback). Then signs in
the coach and the manager with one-time links through the real sign-in page, and runs Lighthouse
12.2.3 (installed by bench/lighthouse.py, Debian's chromium) with the staff session cookie on every
team page at mobile (Lighthouse's default) and desktop (--preset=desktop). Prints one row per page
and the audits that did not pass. Target (issue 9): accessibility 100 on every page.

    .venv/bin/python bench/team_a11y.py [--pages grid,person] [--presets mobile,desktop] [--language en]
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "bench"), str(ROOT / "scripts")]

from lighthouse import CHROME, CHROME_FLAGS, install  # noqa: E402
from tracker_server import RunningTracker  # noqa: E402

PRESETS = ("mobile", "desktop")
PERSON = "Sanne de Vries"  # in the demo: progress, a shared reflection, intake answers shared with her coach
COOKIE = "leerpad_staff"
# (page, who sees it, path; {person} is someone in the viewer's teams); error pages give 404 and 403
PAGES = [
    ("grid", "coach", "/team/"), ("person", "coach", "/team/persoon/{person}"),
    ("confirm", "coach", "/team/bevestigen"), ("needs", "coach", "/team/behoeften"),
    ("charts", "coach", "/team/grafieken"), ("error", "coach", "/team/bestaat-niet"),  # 404
    ("grid", "manager", "/team/"), ("person", "manager", "/team/persoon/{person}"),
    ("confirm", "manager", "/team/bevestigen"), ("needs", "manager", "/team/behoeften"),
    ("charts", "manager", "/team/grafieken"), ("beheer", "manager", "/team/beheer"),
    ("error", "coach", "/team/beheer"),  # 403
    ("beheer", "admin", "/team/beheer"),
    ("sign-in", "visitor", "/team/aanmelden"),
]


def in_process(env: dict[str, str]):
    """`flask --app tracker ...` run in this process (scripts/demo.py's way): no start-up per command."""
    os.environ.update(env)
    from tracker import create_app

    runner = create_app().test_cli_runner()

    def run(*args: str, quiet: bool = False) -> subprocess.CompletedProcess:
        result = runner.invoke(args=list(args))
        if result.exception is not None and not isinstance(result.exception, SystemExit):
            import traceback

            traceback.print_exception(result.exception)
        if not quiet:
            print(result.output, end="")
        return subprocess.CompletedProcess(args, result.exit_code, result.stdout, result.stderr)
    return run


def build_site(tracker: str, out: Path) -> None:
    built = subprocess.run([sys.executable, str(ROOT / "build.py"), "--tracker", tracker, "--out", str(out)],
                           cwd=ROOT, capture_output=True, text=True)
    if built.returncode:
        raise SystemExit(f"build.py failed:\n{built.stdout[-2000:]}{built.stderr[-4000:]}")


def staff_cookie(cli, base: str, role: str) -> str:
    """Sign in the demo's first staff member with `role` through the link page; their session token."""
    staff = json.loads(cli("staff", "list", "--json", quiet=True).stdout)
    member = next(m for m in staff if m["role"] == role)
    link = json.loads(cli("staff", "link", member["id"], "--json", quiet=True).stdout)["link"]
    path = link[link.index("/team/"):]
    browser = requests.Session()
    page = browser.get(base + path, timeout=30)
    token = re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', page.text).group(1)
    browser.post(base + path, data={"csrf_token": token}, allow_redirects=False, timeout=30).raise_for_status()
    return browser.cookies[COOKIE]


def someone_in_view(base: str, cookie: str) -> str:
    """PERSON's id (the fullest person page) from the grid; else the grid's first person."""
    grid = requests.get(base + "/team/", headers={"Cookie": f"{COOKIE}={cookie}"}, timeout=30).text
    found = re.search(r'href="/team/persoon/([^"]+)">' + re.escape(PERSON) + "<", grid)
    return (found or re.search(r'href="/team/persoon/([^"]+)"', grid)).group(1)


def answer_status(url: str, cookie: str | None) -> int:
    headers = {"Cookie": f"{COOKIE}={cookie}"} if cookie else {}
    return requests.get(url, headers=headers, allow_redirects=False, timeout=30).status_code


def audit(cli: Path, url: str, preset: str, cookie: str | None, status: int) -> tuple[int, list[str], list[str]]:
    """Lighthouse's accessibility score (0-100), the scored audits that did not pass (with their
    elements), and the unscored ones that did not pass (Lighthouse's advice, weight 0)."""
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        args = [str(cli), url, "--quiet", "--output=json", f"--output-path={report}",
                f"--chrome-flags={CHROME_FLAGS}", "--only-categories=accessibility"]
        if preset == "desktop":
            args.append("--preset=desktop")
        if status != 200:  # an error page: Lighthouse refuses a 4xx document unless told
            args.append("--ignore-status-code")
        if cookie:
            args.append("--extra-headers=" + json.dumps({"Cookie": f"{COOKIE}={cookie}"}))
        subprocess.run(args, env=dict(os.environ, CHROME_PATH=CHROME), check=True)
        data = json.loads(report.read_text())
    final = data.get("finalDisplayedUrl") or data.get("finalUrl", url)
    if "/team/aanmelden" in final and "/team/aanmelden" not in url:
        raise SystemExit(f"{url}: Lighthouse was sent to the sign-in page (the session cookie did not work)")
    audits, problems, advice = data["audits"], [], []
    for ref in data["categories"]["accessibility"]["auditRefs"]:
        if audits[ref["id"]].get("score") not in (None, 1):
            items = (audits[ref["id"]].get("details") or {}).get("items", [])
            nodes = "; ".join(f"{(i.get('node') or {}).get('selector', '')} "
                              f"{(i.get('node') or {}).get('snippet', '')[:120]}" for i in items[:3])
            (problems if ref["weight"] else advice).append(f"{ref['id']}: {nodes}")
    return round(100 * (data["categories"]["accessibility"]["score"] or 0)), problems, advice


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", help="comma-separated page names [all: "
                        + ",".join(dict.fromkeys(p for p, _w, _u in PAGES)) + "]")
    parser.add_argument("--presets", default=",".join(PRESETS), help="mobile,desktop [both]")
    parser.add_argument("--language", default="nl", choices=("nl", "en"), help="TRACKER_TEAM_LANGUAGE [nl]")
    args = parser.parse_args()
    wanted = set(args.pages.split(",")) if args.pages else None
    presets = args.presets.split(",")
    lighthouse = install()
    portal = "http://127.0.0.1:8000"
    env = {"TRACKER_CORS_ORIGINS": portal, "TRACKER_PORTAL_URL": portal + "/", "TRACKER_TEAM_LANGUAGE": "nl"}
    with RunningTracker("sqlite", workers=2, extra_env=env) as running:
        base = f"http://127.0.0.1:{running.server.port}"
        site = running.workdir / "site"
        started = time.monotonic()
        build_site(base, site)
        cli = in_process(env | {"TRACKER_DATABASE_URL": running.database.url})
        loaded = cli("portals", "load", str(site), quiet=True)
        if loaded.returncode:
            raise SystemExit(f"portals load failed: {loaded.stdout}{loaded.stderr}")
        from demo_org import seed

        seed(base, site, cli)  # reads the team pages' Dutch answers: seeded in Dutch
        if args.language != "nl":  # then the same server in the other language
            running.server.extra_env["TRACKER_TEAM_LANGUAGE"] = args.language
            running.server.stop()
            running.server.start()
        page = requests.get(base + "/team/aanmelden", timeout=30).text
        if f'<html lang="{args.language}">' not in page:
            raise SystemExit(f"the team pages are not in {args.language!r}")
        cookies = {role: staff_cookie(cli, base, role) for role in ("coach", "manager", "admin")}
        cookies["visitor"] = None
        person = {role: someone_in_view(base, cookies[role]) for role in ("coach", "manager")}
        print(f"demo organisation ready in {time.monotonic() - started:.0f} s; pages in {args.language}; "
              f"Lighthouse 12.2.3, "
              f"{time.strftime('%Y-%m-%d %H:%M')}, load average {os.getloadavg()[0]:.1f}\n")
        print(f"| {'page':9} | {'as':8} | {'path':34} | HTTP | " + " | ".join(f"{p:>7}" for p in presets) + " |")
        print("|" + "|".join("-" * (w + 2) for w in (9, 8, 34, 4, *[7] * len(presets))) + "|")
        misses, advice = [], []
        for name, who, path in PAGES:
            if wanted and name not in wanted:
                continue
            path = path.format(person=person.get(who, ""))
            status = answer_status(base + path, cookies[who])
            if not (status in (403, 404) if name == "error" else status == 200):
                raise SystemExit(f"{path} as {who}: HTTP {status}, not the page to audit")
            scores = []
            for preset in presets:
                score, problems, hints = audit(lighthouse, base + path, preset, cookies[who], status)
                advice += [f"{name} ({who}, {preset}) {h}" for h in hints]
                scores.append(score)
                misses += [f"{name} ({who}, {preset}) {p}" for p in problems]
                for problem in problems:  # at once, so a long run shows what to fix while it goes on
                    print(f"  ({name}, {who}, {preset}) {problem}", file=sys.stderr, flush=True)
            shown = path if len(path) <= 34 else path[:31] + "..."
            print(f"| {name:9} | {who:8} | {shown:34} | {status:>4} | " + " | ".join(f"{s:>7}" for s in scores) + " |",
                  flush=True)
    for miss in misses:
        print("  not passed:", miss)
    for hint in advice:
        print("  advice (unscored audit not passed):", hint)
    print("\ntarget: accessibility 100 on every page:", "met" if not misses else f"NOT met ({len(misses)} audits)")
    return 0 if not misses else 1


if __name__ == "__main__":
    sys.exit(main())
