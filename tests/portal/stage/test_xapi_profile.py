"""docs/xapi.md and portal/stage/xapi_profile.py describe the same profile; the profile is well formed."""

from __future__ import annotations

import json
import re
from pathlib import Path

from portal.stage import xapi_profile

DOC = Path(__file__).resolve().parents[3] / "docs" / "xapi.md"
SECTIONS = {"Verbs": xapi_profile.VERBS, "Activity types": xapi_profile.ACTIVITY_TYPES,
            "Extensions": xapi_profile.EXTENSIONS}


def documented() -> dict[str, dict[str, dict]]:
    """Per section: entry key -> {"iri", "display", "examples"} as written in docs/xapi.md."""
    out: dict[str, dict[str, dict]] = {}
    for section in re.split(r"^## ", DOC.read_text(encoding="utf-8"), flags=re.M)[1:]:
        title, _, body = section.partition("\n")
        if title.strip() not in SECTIONS:
            continue
        entries = out[title.strip()] = {}
        for entry in re.split(r"^### ", body, flags=re.M)[1:]:
            key, _, text = entry.partition("\n")
            iri = re.search(r"^- IRI: `([^`]+)`", text, re.M)
            display = re.search(r'^- Display: nl-NL "([^"]+)", en-US "([^"]+)"', text, re.M)
            examples = [json.loads(b) for b in re.findall(r"```json\n(.*?)```", text, re.S)]
            entries[key.strip()] = {"iri": iri.group(1) if iri else None,
                                    "display": display.groups() if display else None, "examples": examples}
    return out


def test_every_profile_entry_is_documented_and_nothing_else():
    docs = documented()
    for section, entries in SECTIONS.items():
        assert section in docs, f"docs/xapi.md: missing section '## {section}'"
        assert {e.key: e.iri for e in entries} == {k: v["iri"] for k, v in docs[section].items()}, section


def test_verb_displays_match():
    docs = documented()["Verbs"]
    for verb in xapi_profile.VERBS:
        assert docs[verb.key]["display"] == (verb.nl, verb.en), verb.key


def test_every_entry_has_an_example_statement_that_uses_it():
    docs = documented()
    for section, entries in docs.items():
        for key, entry in entries.items():
            assert entry["examples"], f"docs/xapi.md: {section} / {key}: no example statement"
            text = json.dumps(entry["examples"])
            assert entry["iri"] in text, f"docs/xapi.md: {section} / {key}: the example does not use {entry['iri']}"
    for key, entry in docs["Verbs"].items():
        assert entry["examples"][0]["verb"]["id"] == entry["iri"]


def test_examples_follow_the_contract():
    for entries in documented().values():
        for entry in entries.values():
            for st in entry["examples"]:
                assert set(st["actor"]) == {"objectType", "account"}          # pseudonymous
                assert st["context"]["contextActivities"]["parent"][0]["id"].endswith("/pm-starter/")
                assert re.fullmatch(r"[0-9a-f-]{36}", st["context"]["registration"])


def test_profile_iris_are_unique_absolute_and_no_voiding():
    iris = [v.iri for v in xapi_profile.VERBS] + [t.iri for t in xapi_profile.ACTIVITY_TYPES] + \
           [e.iri for e in xapi_profile.EXTENSIONS]
    assert len(iris) == len(set(iris))
    assert all(re.match(r"https?://[^\s]+$", iri) for iri in iris)
    assert "http://adlnet.gov/expapi/verbs/voided" not in xapi_profile.verb_iris()
    assert set(xapi_profile.STEP_TYPES.values()) <= {t.key for t in xapi_profile.ACTIVITY_TYPES}


def test_browser_profile_has_the_chosen_language():
    nl, en = xapi_profile.browser_profile("nl"), xapi_profile.browser_profile("en")
    assert nl["verbs"]["completed"] == [xapi_profile.verb("completed").iri, "rondde af"]
    assert en["verbs"]["completed"][1] == "completed" and en["lang"] == "en-US"
    assert set(nl["types"]) == {t.key for t in xapi_profile.ACTIVITY_TYPES}
