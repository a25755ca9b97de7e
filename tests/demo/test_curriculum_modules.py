"""Each demo module meets the curriculum's bar: complete fields, length, B1 sentences, practice, sources.

The house writing rules (length, sentences, reflection, check, practice scenes, `## Bronnen`) are
`portal.readability`'s, the same that `python build.py report` shows editors; the demo's own extras
(themes, objectives, duration, review, a BSO scene, the title, https only) are here; the rules' years are
checked in `test_curriculum_dates.py`."""

from __future__ import annotations

import re

import pytest

from curriculum import ROOT, broken_rules, module, module_ids
from portal import readability

NO_BSO_EXAMPLE = {"babyscholing-basis", "voorschoolse-educatie-basis"}   # topics without school-age children

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
