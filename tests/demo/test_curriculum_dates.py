"""Every year the demo states belongs to the rule it is stated with (the team's fact sheet, DOMAIN.md).

A sentence that names a rule and states a year must state one of that rule's years: "babyscholing
sinds 2023" fails (the rule is in force since 2025), and so does any year stated with a rule that has
no date at all ("het vierogenprincipe sinds 2013"); a full date stated with a rule whose entry has a
day must be that day ("de meldcode sinds 1 januari 2013" fails: 1 juli). A year in a sentence that names no rule must still
be one of the rules' years or a year of a source cited under `## Bronnen`. The checks read the module
text and its front matter (summary, objectives, reflection, every question, option, feedback and
explanation; an option is read with its question's rules) and every text of the paths."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from pydantic import BaseModel

from curriculum import module, module_ids, sources
from portal.checks import readability

# Each rule of DOMAIN.md: the words that name it, and the years that belong to it (an empty set: the
# rule has no date, so no year may be stated with it). Fixed here, the same on every machine.
DATED_RULES: dict[str, tuple[str, frozenset[int]]] = {
    "Wet IKK (the law)": (r"\bWet IKK\b|\bIKK\b", frozenset({2018, 2019})),
    "coaching duty": (r"\bcoach", frozenset({2019})),
    "voorschoolse educatie": (r"\bVE\b|voorschoolse educatie", frozenset({2022})),
    "taaleis": (r"taaleis|taalniveau|\b[234]F\b|overgangsregeling", frozenset({2025, 1964, 2028})),
    "kinder-EHBO": (r"EHBO", frozenset({2018})),
    "meldcode": (r"meldcode", frozenset({2013})),
    "afwegingskader": (r"afwegingskader", frozenset({2019})),
    "babyscholing": (r"babyscholing|babygroep|met baby's|kinderen onder 1 jaar", frozenset({2025})),
    "vierogenprincipe": (r"vierogenprincipe", frozenset()),
    "achterwacht": (r"achterwacht", frozenset()),
    "beroepskracht-kindratio": (r"ratio\b|drie-uursregeling", frozenset()),
    "colleague route": (r"vertrouwensinspecteur|aangifte", frozenset()),
    "VOG and Personenregister": (r"\bVOG\b|Personenregister|continue screening", frozenset()),
    "BHV": (r"\bBHV\b|bedrijfshulpverlen", frozenset()),
}
ALL_YEARS = frozenset().union(*(years for _, years in DATED_RULES.values()))
# The rules whose fact sheet entry has a day: a full date stated with them must be one of these.
FULL_DATES: dict[str, frozenset[str]] = {
    "Wet IKK (the law)": frozenset({"1 januari 2018", "1 januari 2019"}),
    "coaching duty": frozenset({"1 januari 2019"}),
    "voorschoolse educatie": frozenset({"1 januari 2022"}),
    "taaleis": frozenset({"1 januari 2025", "31 december 1964", "1 januari 2028"}),
    "meldcode": frozenset({"1 juli 2013"}),
    "afwegingskader": frozenset({"1 januari 2019"}),
    "babyscholing": frozenset({"1 januari 2025"}),
}
MONTHS = "januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
FULL_DATE = re.compile(rf"\b(\d{{1,2}}) ({MONTHS}) ((?:19|20)\d\d)\b", flags=re.I)
YEAR = re.compile(r"\b(?:19|20)\d\d\b")
CITATION_YEAR = re.compile(r"\((?:19|20)\d\d\)")          # "Tuckman (1965)": a source's year, in Bronnen
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'“(*A-Z0-9])")


def rules_named(text: str) -> set[str]:
    return {rule for rule, (words, _) in DATED_RULES.items() if re.search(words, text, flags=re.I)}


def wrong_years(text: str, context: set[str] = frozenset(), cited: set[int] = frozenset()) -> list[str]:
    """The sentences of `text` that state a year not belonging to the rules they name (or, naming
    none, to the rules of `context`); a sentence naming no rule at all may also state a cited year."""
    found = []
    for sentence in SENTENCE_END.split(text):
        years = {int(y) for y in YEAR.findall(sentence)}
        if not years:
            continue
        named = rules_named(sentence) or set(context)
        allowed = set().union(*(DATED_RULES[r][1] for r in named)) if named else ALL_YEARS | cited
        if years - allowed:
            found.append(f"{sorted(years - allowed)} with {sorted(named) or 'no rule'}: {sentence.strip()[:120]!r}")
        dated = [r for r in named if r in FULL_DATES]
        dates = {" ".join(m.groups()).lower() for m in FULL_DATE.finditer(sentence)}
        if dated and dates - set().union(*(FULL_DATES[r] for r in dated)):
            found.append(f"{sorted(dates)} with {sorted(dated)}: {sentence.strip()[:120]!r}")
    return found


def _body_statements(body: str) -> Iterator[tuple[str, bool]]:
    """The body as statements, each with whether it stands under `## Bronnen`: a table row, a list
    item, a heading and a paragraph are each one statement; code is left out."""
    body = re.sub(r"```.*?```", "", body, flags=re.S)
    in_sources, paragraph = False, []
    for raw in [*body.split("\n"), ""]:
        line = raw.strip()
        starts_new = not line or line.startswith(("|", "#", "- ", "* ", "!!!", "???")) or re.match(r"\d+\. ", line)
        if starts_new and paragraph:
            yield " ".join(paragraph), in_sources
            paragraph = []
        if line.startswith("#"):
            in_sources = line.startswith("## ") and line[3:].strip() == readability.SOURCES_HEADING
        if line:
            paragraph.append(line)


def module_findings(module_id: str) -> list[str]:
    found_module = module(module_id)
    body, meta = found_module.body, found_module.meta
    sources_text = readability.section(body, readability.SOURCES_HEADING) or ""
    cited = {int(y) for y in YEAR.findall(sources_text)}
    found = []
    for statement, under_sources in _body_statements(body):
        if under_sources:
            statement = CITATION_YEAR.sub("", statement)
        found += wrong_years(statement, cited=cited)
    for text in [meta.title, meta.summary, *meta.objectives, *meta.reflection]:
        found += wrong_years(text)
    for question in meta.check:
        context = rules_named(question.question)
        found += wrong_years(question.question)
        for option in question.options:
            for text in [option.text, option.feedback or ""]:
                found += wrong_years(text, context)
        found += wrong_years(question.explanation or "", context)
    return found


def _texts(model: BaseModel) -> Iterator[str]:
    """Every text in a loaded path: titles, descriptions, notes, preparation, intake."""
    for name in model.model_fields_set:
        value = getattr(model, name)
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, BaseModel):
                yield from _texts(item)
            elif isinstance(item, str):
                yield item


@pytest.mark.parametrize("module_id", module_ids())
def test_years_are_the_years_of_the_rules_they_are_stated_with(module_id):
    found = module_findings(module_id)
    assert not found, f"{module_id}:\n" + "\n".join(found)


@pytest.mark.parametrize("role", sorted(sources().paths))
def test_the_paths_state_the_rules_years(role):
    found = [f for text in _texts(sources().paths[role].path) for f in wrong_years(text)]
    assert not found, f"paths/{role}.yml:\n" + "\n".join(found)


# One sentence per rule, to show that the check catches a wrong year for every rule of DOMAIN.md.
SAMPLES = {
    "Wet IKK (the law)": "De Wet IKK geldt sinds 1 januari {year}.",
    "coaching duty": "Sinds {year} krijgt iedere pedagogisch medewerker elk jaar coaching.",
    "voorschoolse educatie": "Sinds {year} komt er 10 uur beleidsmedewerker bij per kind met een VE-indicatie.",
    "taaleis": "De taaleis en zijn overgangsregeling noemen het jaar {year}.",
    "kinder-EHBO": "Sinds {year} is er altijd iemand met een certificaat kinder-EHBO.",
    "meldcode": "Sinds 1 juli {year} moet elke organisatie een meldcode hebben.",
    "afwegingskader": "Sinds {year} hoort er een afwegingskader bij.",
    "babyscholing": "Sinds 1 januari {year} geldt de babyscholing voor iedereen op een babygroep.",
    "vierogenprincipe": "Sinds {year} geldt het vierogenprincipe.",
    "achterwacht": "Sinds {year} moet de achterwacht binnen 15 minuten er zijn.",
    "beroepskracht-kindratio": "Sinds {year} geldt de drie-uursregeling.",
    "colleague route": "Sinds {year} overlegt de houder met de vertrouwensinspecteur.",
    "VOG and Personenregister": "Sinds {year} staat iedereen in het Personenregister kinderopvang.",
    "BHV": "Sinds {year} wijst de werkgever bedrijfshulpverleners aan.",
}


def test_every_rule_has_a_sample():
    assert set(SAMPLES) == set(DATED_RULES)


@pytest.mark.parametrize("rule", sorted(DATED_RULES))
def test_a_wrong_year_for_any_rule_fails(rule):
    years = DATED_RULES[rule][1]
    wrong = sorted({y + d for y in years or {2020} for d in (-1, 1)} - years) + [2023] * (2023 not in years)
    for year in wrong:
        sentence = SAMPLES[rule].format(year=year)
        assert wrong_years(sentence), f"{rule}: {sentence!r} passed"
        assert wrong_years(f"- question: Wat klopt?\n{sentence}"), f"{rule}: {sentence!r} passed"
    for year in years:
        sentence = SAMPLES[rule].format(year=year)
        assert not wrong_years(sentence), f"{rule}: {sentence!r} failed"


@pytest.mark.parametrize("sentence", [
    "Sinds 1 januari 2013 moet elke organisatie een meldcode hebben.",
    "Sinds 1 juli 2025 geldt de babyscholing.",
    "Medewerkers geboren op of vóór 31 december 2025 vallen onder de overgangsregeling van de taaleis.",
    "Sinds 1 juli 2019 krijgt iedere pedagogisch medewerker coaching.",
])
def test_a_wrong_day_for_a_dated_rule_fails(sentence):
    assert wrong_years(sentence)


def test_the_right_days_pass():
    assert not wrong_years("Sinds 1 juli 2013 moet elke organisatie een meldcode hebben.")
    assert not wrong_years("Wie geboren is op of vóór 31 december 1964, heeft voor de taaleis tot 1 januari 2028.")


def test_an_option_is_read_with_its_questions_rules():
    assert wrong_years("Tot 1 januari 2027", context={"taaleis"})
    assert not wrong_years("Tot 1 januari 2028", context={"taaleis"})


def test_a_source_year_counts_only_in_bronnen_and_only_without_a_rule():
    assert not wrong_years("Tuckman beschreef de fasen van een groep.", cited={1965})
    assert not wrong_years("Tuckman beschreef in 1965 de fasen van een groep.", cited={1965})
    assert wrong_years("De babyscholing geldt sinds 1965.", cited={1965})
    assert wrong_years("Dit gebeurde in 2031.")
