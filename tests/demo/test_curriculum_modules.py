"""Each demo module meets the curriculum's bar: complete fields, length, B1 sentences, practice, sources."""

from __future__ import annotations

import re

import pytest

from curriculum import ROOT, module, module_ids, section, sentence_length, sentences, words

MIN_WORDS, MAX_WORDS = 600, 1200
MAX_AVERAGE_SENTENCE, MAX_SENTENCE = 14, 25
NO_BSO_EXAMPLE = {"babyscholing-basis", "voorschoolse-educatie-basis"}   # topics without school-age children
ALLOWED_YEARS = {int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", (ROOT.parent / "shared" / "DOMAIN.md").read_text())
                 } if (ROOT.parent / "shared" / "DOMAIN.md").is_file() else set()
# The rules' dates as the reference DOMAIN.md gives them, kept here so a clone without ../shared checks too.
ALLOWED_YEARS |= {1964, 2013, 2018, 2019, 2022, 2023, 2025, 2028}

MODULES = module_ids()


@pytest.mark.parametrize("module_id", MODULES)
def test_front_matter_has_everything_a_learner_uses(module_id):
    meta = module(module_id).meta
    problems = []
    if not 1 <= len(meta.themes) <= 4:
        problems.append(f"themes: {len(meta.themes)} (1-4)")
    if not 2 <= len(meta.objectives) <= 4:
        problems.append(f"objectives: {len(meta.objectives)} (2-4)")
    if not 3 <= len(meta.reflection) <= 5:
        problems.append(f"reflection: {len(meta.reflection)} prompts (3-5)")
    if not 3 <= len(meta.check) <= 5:
        problems.append(f"check: {len(meta.check)} questions (3-5)")
    if not 10 <= meta.duration <= 60:
        problems.append(f"duration: {meta.duration} minutes (10-60)")
    if meta.review is None:
        problems.append("review: missing")
    for number, question in enumerate(meta.check, 1):
        if not question.explanation:
            problems.append(f"check q{number}: no explanation")
        for letter, option in zip("abcdefgh", question.options):
            if not option.feedback:
                problems.append(f"check q{number}{letter}: no feedback for '{option.text}'")
    assert not problems, f"{module(module_id).source.relative_to(ROOT)}: " + "; ".join(problems)


@pytest.mark.parametrize("module_id", MODULES)
def test_body_is_600_to_1200_words(module_id):
    count = words(module(module_id).body)
    assert MIN_WORDS <= count <= MAX_WORDS, f"{module_id}: {count} words"


@pytest.mark.parametrize("module_id", MODULES)
def test_sentences_are_short_enough_for_b1(module_id):
    found = sentences(module(module_id).body)
    lengths = [sentence_length(s) for s in found]
    too_long = [f"({n} words) {s}" for s, n in zip(found, lengths) if n > MAX_SENTENCE]
    average = sum(lengths) / len(lengths)
    assert not too_long, f"{module_id}: sentences over {MAX_SENTENCE} words:\n" + "\n".join(too_long)
    assert average <= MAX_AVERAGE_SENTENCE, f"{module_id}: average sentence {average:.1f} words"


@pytest.mark.parametrize("module_id", MODULES)
def test_practice_examples_from_the_group(module_id):
    body = module(module_id).body
    examples = re.findall(r'^!!! example "([^"]+)"', body, flags=re.M)
    assert len(examples) >= 2, f"{module_id}: {len(examples)} '!!! example' scenes (at least 2)"
    if module_id not in NO_BSO_EXAMPLE:
        assert "BSO" in body, f"{module_id}: no example from the BSO"


@pytest.mark.parametrize("module_id", MODULES)
def test_sources_are_cited(module_id):
    body = module(module_id).body
    assert re.match(r"\s*# \S", body), f"{module_id}: the body starts with '# <title>'"
    sources = section(body, "Bronnen")
    assert sources is not None, f"{module_id}: no '## Bronnen' section"
    assert body.rstrip().endswith(sources.rstrip()), f"{module_id}: '## Bronnen' is not the last section"
    items = re.findall(r"^[-*] .+", sources, flags=re.M)
    assert items, f"{module_id}: '## Bronnen' lists no source"
    assert re.search(r"\]\(https://", sources), f"{module_id}: no https link among the sources"
    insecure = re.findall(r"\]\((http://[^)]+)\)", body)
    assert not insecure, f"{module_id}: links over plain http: {insecure}"


@pytest.mark.parametrize("module_id", MODULES)
def test_years_are_the_rules_years(module_id):
    """A year in the text is one of the dates of the rules (a typo'd 'sinds 2031' fails) or a cited source's."""
    body = module(module_id).body
    cited = {int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", section(body, "Bronnen") or "")}
    stated = {int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", body)}
    assert stated <= ALLOWED_YEARS | cited, f"{module_id}: years not among the rules' dates: {sorted(stated - ALLOWED_YEARS - cited)}"
