"""Every Dutch text of the compliance pages has its English version (strings/en.yml)."""
from __future__ import annotations

import re

import yaml

from compliance_samples import ROOT

FOLDER = ROOT / "tracker" / "compliance"
CALL = re.compile(r"""\b_\(\s*(['"])((?:(?!\1).)*[A-Za-z](?:(?!\1).)*)\1""")


def texts() -> set[str]:
    found = set()
    for file in sorted(FOLDER.rglob("*")):
        if file.suffix in (".html", ".py"):
            found.update(m.group(2) for m in CALL.finditer(file.read_text(encoding="utf-8")))
    return found


def test_every_text_has_english():
    english = yaml.safe_load((FOLDER / "strings" / "en.yml").read_text(encoding="utf-8"))
    missing = sorted(texts() - set(english))
    assert missing == []
    placeholders = {t: set(re.findall(r"\{(\w+)\}", t)) for t in english}
    assert all(set(re.findall(r"\{(\w+)\}", english[t])) == p for t, p in placeholders.items())


def test_pages_in_english(app, runner):
    import pytest

    from compliance_samples import Org, load_requirements, staff_client

    if not (ROOT / "tracker" / "team" / "strings" / "en.yml").exists():
        pytest.skip("the team view's English strings (its page layout) are not there yet")

    org = Org(app)
    org.location("de-vlinder")
    org.team("rupsen", "de-vlinder")
    org.learner("anna", team="rupsen")
    load_requirements(runner)
    app.config["TRACKER_TEAM_LANGUAGE"] = "en"
    page = staff_client(app, "Carla", "coach", ["rupsen"]).get("/team/verplichtingen/").get_data(as_text=True)
    assert "Obligations and certificates" in page and "Status per person and obligation" in page
