"""The demo organisation for `make demo`: Kinderopvang De Vlinder with 2 locations, 4 teams, 25
learners with realistic progress, and a coach, a manager and an admin.

Structure and accounts come from the tracker's CLI, as an operator would make them. Progress is made
through the real API: each learner signs in with their personal link (POST /portal/session) and
sends statements with their own token; the coach signs in with a one-time link and confirms
trainings, coaching and intervisie and answers shared reflections through the team pages.
Deterministic (a fixed random seed), and done once: a tracker that already has the locations is left
as it is.
"""
from __future__ import annotations

import datetime as dt
import json
import random
import re
import uuid
from pathlib import Path
from typing import Callable

import requests

ROOT = Path(__file__).resolve().parent.parent
LOCATIONS = [("De Vlinder Centrum", "dagopvang", "204736811", 6), ("De Vlinder Het Bolwerk", "bso", "318552907", None)]
TEAMS = [("Rupsen", "De Vlinder Centrum"), ("Vlinders", "De Vlinder Centrum"),
         ("BSO Onderbouw", "De Vlinder Het Bolwerk"), ("BSO Bovenbouw", "De Vlinder Het Bolwerk")]
# name, role, team, hours, started (days ago), progress 0..1, shares, consents to coach
PEOPLE = [
    ("Sanne de Vries", "pm-starter", "Rupsen", 32, 40, 0.7, True, True),
    ("Youssef El Amrani", "pm-starter", "Rupsen", 24, 75, 0.3, False, True),
    ("Lotte Jansen", "pm-ervaren", "Rupsen", 36, 900, 0.9, True, True),
    ("Fatima Yilmaz", "pm-ervaren", "Rupsen", 28, 1500, 0.5, True, False),
    ("Emma Bakker", "pm-starter", "Rupsen", 20, 20, 0.1, False, False),
    ("Kevin Smit", "invalkracht", "Rupsen", 0, 200, 0.4, False, True),
    ("Noor Visser", "pm-ervaren", "Rupsen", 32, 700, 0.6, False, True),
    ("Mila de Boer", "pm-starter", "Vlinders", 30, 110, 0.8, True, True),
    ("Daan Mulder", "pm-ervaren", "Vlinders", 36, 1200, 0.95, False, True),
    ("Sophie Meijer", "pm-ervaren", "Vlinders", 24, 2000, 0.2, False, False),
    ("Ayşe Kaya", "pm-starter", "Vlinders", 32, 55, 0.5, True, True),
    ("Jesse de Groot", "invalkracht", "Vlinders", 0, 300, 0.15, False, False),
    ("Iris Bos", "pm-ervaren", "Vlinders", 28, 800, 0.7, True, True),
    ("Tim Vos", "bso-medewerker", "BSO Onderbouw", 18, 400, 0.6, True, True),
    ("Julia Peters", "bso-medewerker", "BSO Onderbouw", 22, 90, 0.35, False, True),
    ("Ravi Hendriks", "bso-medewerker", "BSO Onderbouw", 16, 35, 0.05, False, False),
    ("Eva van Dijk", "bso-medewerker", "BSO Onderbouw", 20, 600, 0.85, True, True),
    ("Bram van Leeuwen", "pm-starter", "BSO Onderbouw", 24, 60, 0.45, False, True),
    ("Lisa Dekker", "invalkracht", "BSO Onderbouw", 0, 150, 0.3, False, False),
    ("Milan Brouwer", "bso-medewerker", "BSO Bovenbouw", 18, 1000, 0.75, True, True),
    ("Sara de Wit", "bso-medewerker", "BSO Bovenbouw", 20, 45, 0.2, False, True),
    ("Thijs Dijkstra", "bso-medewerker", "BSO Bovenbouw", 14, 250, 0.55, False, False),
    ("Zoë Smits", "bso-medewerker", "BSO Bovenbouw", 22, 500, 0.65, True, True),
    ("Luuk de Graaf", "pm-starter", "BSO Bovenbouw", 16, 25, 0.15, False, True),
    ("Anouk Kok", "invalkracht", "BSO Bovenbouw", 0, 350, 0.5, False, False),
]
STAFF = [("Ilse Vermeulen", "coach", ["--team", "Rupsen", "--team", "Vlinders"], "ilse@devlinder.test"),
         ("Mo Haddou", "coach", ["--team", "BSO Onderbouw", "--team", "BSO Bovenbouw"], "mo@devlinder.test"),
         ("Sandra Koster", "manager", ["--location", "De Vlinder Centrum", "--location", "De Vlinder Het Bolwerk"],
          "sandra@devlinder.test"),
         ("Peter Beheer", "admin", [], "beheer@devlinder.test")]
REFLECTIONS = ["Ik merk dat ik sneller zie wanneer een kind zich terugtrekt. Ik ga vaker naast het kind zitten.",
               "Bij het ophalen vind ik het lastig om een zorg te delen. Ik wil daar in de coaching op oefenen.",
               "Ik benoem nu vaker wat een kind doet in plaats van te zeggen dat het goed is.",
               "In de kring laat ik de stille kinderen eerst kiezen. Dat werkt beter dan ik dacht."]
FEEDBACK = "Mooi dat je dit zo concreet maakt. Zullen we in ons volgende gesprek een filmpje bekijken?"
V = {"open": "http://activitystrea.ms/schema/1.0/open", "completed": "http://adlnet.gov/expapi/verbs/completed",
     "answered": "http://adlnet.gov/expapi/verbs/answered", "passed": "http://adlnet.gov/expapi/verbs/passed",
     "failed": "http://adlnet.gov/expapi/verbs/failed", "reflected": "https://w3id.org/xapi/catch/verbs/reflected",
     "shared": "http://adlnet.gov/expapi/verbs/shared", "responded": "http://adlnet.gov/expapi/verbs/responded"}
EXT = "https://leerpad.example.org/xapi/profile/extensions/"


def seed(tracker: str, site: Path, flask: Callable[..., object], today: dt.date | None = None,
         people: list | None = None) -> dict | None:
    """Create the organisation and its progress once; return the staff sign-in links (None if it existed).

    `people` (default: all 25 of PEOPLE) lets a test seed fewer.
    """
    today = today or dt.date.today()
    existing = json.loads(flask("locations", "list", "--json", quiet=True).stdout or "[]")
    if existing:
        return None
    rng = random.Random(2026)
    for name, kind, lrk, ve in LOCATIONS:
        _ok(flask("locations", "add", "--name", name, "--kind", kind, "--lrk", lrk,
                  *(["--ve-children", str(ve)] if ve else []), "--json", quiet=True))
    for name, location in TEAMS:
        _ok(flask("teams", "add", "--name", name, "--location", location, "--json", quiet=True))
    links = {}
    for name, role, scope, email in STAFF:
        made = json.loads(_ok(flask("staff", "add", "--name", name, "--role", role, *scope, "--email", email,
                                    "--json", quiet=True)).stdout)
        links[role if role not in links else role + "2"] = (name, made["link"])
    # The compliance requirements first, so module completions sent below count as evidence.
    _ok(flask("compliance", "load", str(ROOT / "paths" / "compliance" / "requirements.yml"), quiet=True))
    learners = []
    for name, role, team, hours, days, level, shares, consent in PEOPLE if people is None else people:
        started = (today - dt.timedelta(days=days)).isoformat()
        args = ["learners", "add", "--name", name, "--role", role, "--team", team, "--started", started,
                "--no-terminal-qr", "--json"]
        if hours:
            args += ["--hours", str(hours), "--hours-from", f"{today.year}-01-01" if days > 365 else started]
        made = json.loads(_ok(flask(*args, quiet=True)).stdout)
        learners.append((made, role, level, shares, consent, min(days, 70)))
    http = requests.Session()
    for made, role, level, shares, consent, span in learners:
        _learner_progress(http, tracker, site, made, role, level, shares, consent, span, today, rng)
    _coach_work(tracker, links["coach"][1], today)
    _coach_work(tracker, links["coach2"][1], today)
    # A year of compliance: baby group, early renewals, some late, one expired kinder-EHBO, the IKK split.
    _ok(flask("compliance", "demo", quiet=True))
    return links


def _ok(result):
    if result.returncode != 0:
        raise SystemExit(f"demo organisation: {result.stdout}{result.stderr}")
    return result


def _learner_progress(http, tracker, site, made, role, level, shares, consent, span, today, rng) -> None:
    """Sign in with the personal link and send this learner's statements through the xAPI API."""
    code = made["link"].split("#code=")[1]
    session = http.post(f"{tracker}/portal/session", json={"code": code}, timeout=10).json()
    headers = {"Authorization": f"Bearer {session['token']}", "X-Experience-API-Version": "1.0.3"}
    manifest = json.loads((site / role / "xapi-manifest.json").read_text(encoding="utf-8"))
    root, actor, registration = manifest["root"], session["actor"], session["registration"]
    questions = {a["id"] for a in manifest["activities"]}
    start = today - dt.timedelta(days=span)
    modules = [s for s in manifest["steps"] if s["kind"] == "module"]
    todo = modules[:max(0, round(level * len(modules)))]
    batch: list[dict] = []

    def add(verb, activity, at, result=None, grouping=None, extra_context=None):
        context = {"registration": registration, "contextActivities": {"parent": [{"id": root}]}}
        if grouping:
            context["contextActivities"]["grouping"] = [{"id": grouping}]
        context.update(extra_context or {})
        body = {"id": str(uuid.uuid4()), "actor": actor, "verb": {"id": V[verb], "display": {"nl-NL": verb}},
                "object": {"objectType": "Activity", "id": activity}, "context": context,
                "timestamp": at.isoformat() + "Z"}
        if result:
            body["result"] = result
        batch.append(body)
        return body["id"]

    if manifest.get("intake"):
        answers = {q["id"]: rng.randrange(len(q["options"])) for q in manifest["intake"]["questions"]}
        at = dt.datetime.combine(start, dt.time(9))
        add("responded", root + "intake/", at, {"completion": True, "extensions": {
            EXT + "intake-answers": answers, EXT + "coach-consent": consent, EXT + "visibility": "private"}})
    for index, step in enumerate(todo + modules[len(todo):len(todo) + 1]):
        day = start + dt.timedelta(days=round(span * (index + 1) / (len(todo) + 2)))
        at = dt.datetime.combine(min(day, today), dt.time(10 + index % 8, 15))
        module = f"{root}modules/{step['id']}/"
        add("open", module, at)
        if step not in todo:
            continue  # started, not finished
        right = 0
        numbers = [n for n in range(1, 7) if f"{module}#toets-q{n}" in questions]
        for n in numbers:
            good = rng.random() > (0.45 if n == 2 else 0.15)
            right += good
            add("answered", f"{module}#toets-q{n}", at + dt.timedelta(minutes=5 + n),
                {"response": "a" if good else "b", "success": good}, grouping=module)
        if numbers:
            add("passed" if right == len(numbers) else "failed", module + "#toets", at + dt.timedelta(minutes=12),
                {"score": {"raw": right, "min": 0, "max": len(numbers), "scaled": right / len(numbers)},
                 "success": right == len(numbers), "completion": True}, grouping=module)
        if f"{module}#reflectie-1" in questions and rng.random() < 0.6:
            text = REFLECTIONS[rng.randrange(len(REFLECTIONS))]
            reflection = add("reflected", f"{module}#reflectie-1", at + dt.timedelta(minutes=15),
                             {"response": text, "extensions": {EXT + "visibility": "private"}}, grouping=module)
            if shares and rng.random() < 0.7:
                add("shared", f"{module}#reflectie-1", at + dt.timedelta(minutes=16),
                    {"extensions": {EXT + "visibility": "shared"}}, grouping=module,
                    extra_context={"statement": {"objectType": "StatementRef", "id": reflection}})
        add("completed", module, at + dt.timedelta(minutes=20), {"completion": True})
    for start_at in range(0, len(batch), 50):
        answer = http.post(f"{tracker}/xapi/statements", json=batch[start_at:start_at + 50], headers=headers,
                           timeout=30)
        if answer.status_code != 200:
            raise SystemExit(f"demo organisation: statements of {made['name']} refused: {answer.text}")


def _token(html: str) -> str:
    return re.search(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"', html).group(1)


def _coach_work(tracker: str, link: str, today: dt.date) -> None:
    """A coach signs in with the link, confirms meetings and answers a shared reflection."""
    coach = requests.Session()
    path = link[link.index("/team/"):]
    page = coach.get(tracker + path, timeout=10)
    answer = coach.post(tracker + path, data={"csrf_token": _token(page.text)}, timeout=10)
    if "/team/aanmelden" in answer.url:
        raise SystemExit("demo organisation: the coach could not sign in")
    form = coach.get(f"{tracker}/team/bevestigen", timeout=10).text
    people = [re.search(r'value="([0-9a-f]+)"', tag).group(1)
              for tag in re.findall(r'<input[^>]*name="participants"[^>]*>', form)]
    if not people:
        raise SystemExit("demo organisation: the coach's confirm page lists nobody")
    steps = dict(re.findall(r'<option value="([a-z0-9-]+)">([^<]+)</option>', form))
    plans = [("training", "kinder-ehbo", 40, 480), ("coaching", "coaching-start", 25, 45),
             ("coaching", "", 12, 60), ("intervisie", "intervisie-starters", 10, 90),
             ("training", "training-buitenspel", 30, 180), ("intervisie", "intervisie-bso", 8, 90)]
    for kind, step, days_ago, minutes in plans:
        if step and step not in steps:
            continue
        chosen = _who_has(coach, tracker, people, step)[:4]
        if not chosen:
            continue
        token = _token(coach.get(f"{tracker}/team/bevestigen", timeout=10).text)
        done = coach.post(f"{tracker}/team/bevestigen", data={
            "csrf_token": token, "kind": kind, "step": step, "minutes": str(minutes),
            "held_on": (today - dt.timedelta(days=days_ago)).isoformat(), "participants": chosen}, timeout=30)
        if "Bevestigd voor" not in done.text:
            found = re.findall(r'class="field-error"[^>]*>([^<]+)<', done.text)
            raise SystemExit(f"demo organisation: confirming {kind} {step or '(los)'} failed: {found}")
    for learner_id in people:
        page = coach.get(f"{tracker}/team/persoon/{learner_id}", timeout=10).text
        shared = re.search(r'name="reactie-statement" value="([0-9a-f-]{36})"', page)
        if shared:
            answer = coach.post(f"{tracker}/team/persoon/{learner_id}/reactie", data={
                "reactie-csrf_token": _token(page), "reactie-statement": shared.group(1), "reactie-text": FEEDBACK},
                timeout=10)
            if "Je reactie is opgeslagen" not in answer.text:
                raise SystemExit("demo organisation: the coach's answer to a reflection was not saved")
            break


def _who_has(coach, tracker: str, people: list[str], step: str) -> list[str]:
    """The coach's people whose path has this step (all of them for a loose coaching conversation)."""
    if not step:
        return people[:6]
    found = []
    for learner_id in people:
        page = coach.get(f"{tracker}/team/persoon/{learner_id}", timeout=10).text
        if f">{step}<" in page or re.search(rf'data-step="{re.escape(step)}"', page):
            found.append(learner_id)
    return found
