"""Each demo module meets the curriculum's bar: complete fields, length, B1 sentences, practice, sources.

The house writing rules (length, sentences, reflection, check, practice scenes, `## Bronnen`) are
`portal.checks.readability`'s, the same that `python build.py report` shows editors; the demo's own extras
(themes, objectives, duration, review, a BSO scene, the title, https only) are here; the rules' years are
checked in `test_curriculum_dates.py`."""

from __future__ import annotations

import re

import pytest

from curriculum import ROOT, broken_rules, module, module_ids
from portal.checks import readability

NO_BSO_EXAMPLE = {"babyscholing-basis", "voorschoolse-educatie-basis"}   # topics without school-age children
# B1 allows sentences of 10-15 words with variety: below 10 on average the text reads as a choppy list.
MIN_AVERAGE_SENTENCE = 10

MODULES = module_ids()


@pytest.mark.parametrize("module_id", MODULES)
def test_front_matter_has_everything_a_learner_uses(module_id):
    meta = module(module_id).meta
    problems = []
    if not 1 <= len(meta.themes) <= 4:
        problems.append(f"themes: {len(meta.themes)} (1-4)")
    if not 2 <= len(meta.objectives) <= 4:
        problems.append(f"objectives: {len(meta.objectives)} (2-4)")
    if not 10 <= meta.duration <= 60:
        problems.append(f"duration: {meta.duration} minutes (10-60)")
    if meta.review is None:
        problems.append("review: missing")
    assert not problems, f"{module(module_id).source.relative_to(ROOT)}: " + "; ".join(problems)


RULE_GROUPS = {
    "reflection and a check with feedback": (readability.REFLECTION, readability.CHECK),
    "600 to 1200 words": (readability.WORDS,),
    "B1 sentences": (readability.SENTENCE, readability.AVERAGE),
}


@pytest.mark.parametrize("rules", sorted(RULE_GROUPS))
@pytest.mark.parametrize("module_id", MODULES)
def test_house_writing_rules(module_id, rules):
    broken = broken_rules(module_id, *RULE_GROUPS[rules])
    assert not broken, "\n".join(broken)


@pytest.mark.parametrize("module_id", MODULES)
def test_sentences_have_variety_not_a_choppy_list(module_id):
    average = readability.measure(module(module_id)).average
    assert average >= MIN_AVERAGE_SENTENCE, f"{module_id}: {average:.1f} words per sentence (at least {MIN_AVERAGE_SENTENCE})"


def _all_text(module_id: str) -> str:
    """The body and every text of the front matter, one string."""
    meta = module(module_id).meta
    texts = [meta.title, meta.summary, *meta.objectives, *meta.reflection, module(module_id).body]
    for q in meta.check:
        texts += [q.question, q.explanation or "", *(o.text for o in q.options), *(o.feedback or "" for o in q.options)]
    if meta.renewal:
        texts.append(meta.renewal.reason or "")
    return "\n".join(texts)


@pytest.mark.parametrize("module_id", MODULES)
def test_one_voice_for_the_organisation(module_id):
    """'jouw organisatie' for what any organisation decides; the name for De Vlinder's own policies; never 'onze'."""
    found = re.findall(r"[^.\n]*\bonze (?:organisatie|locaties?)\b[^.\n]*", _all_text(module_id), flags=re.I)
    assert not found, f"{module_id}: {found}"


@pytest.mark.parametrize("module_id", MODULES)
def test_the_four_goals_are_attributed_to_the_besluit(module_id):
    """The four pedagogical goals are those of the Besluit kwaliteit kinderopvang (under the Wet kinderopvang)."""
    text = _all_text(module_id)
    if not re.search(r"pedagogisch(?:e)? doel", text, flags=re.I):
        return
    wrong = re.findall(r"[^.\n]*doel(?:en)? (?:van|uit) de Wet kinderopvang[^.\n]*", text, flags=re.I)
    assert not wrong, f"{module_id}: goals attributed to the Wet kinderopvang: {wrong}"
    sources = readability.section(module(module_id).body, readability.SOURCES_HEADING) or ""
    assert "Besluit kwaliteit kinderopvang" in sources, f"{module_id}: the goals' Besluit is not in ## Bronnen"


@pytest.mark.parametrize("module_id", MODULES)
def test_practice_examples_from_the_group(module_id):
    broken = broken_rules(module_id, readability.PRACTICE)
    assert not broken, "\n".join(broken)
    body = module(module_id).body
    if module_id not in NO_BSO_EXAMPLE:
        assert "BSO" in body, f"{module_id}: no example from the BSO"


@pytest.mark.parametrize("module_id", MODULES)
def test_sources_are_cited(module_id):
    broken = broken_rules(module_id, readability.SOURCES)
    assert not broken, "\n".join(broken)
    body = module(module_id).body
    assert re.match(r"\s*# \S", body), f"{module_id}: the body starts with '# <title>'"
    insecure = re.findall(r"\]\((http://[^)]+)\)", body)
    assert not insecure, f"{module_id}: links over plain http: {insecure}"
