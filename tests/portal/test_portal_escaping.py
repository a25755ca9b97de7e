"""Editor-written plain text is shown as text on the built pages, never parsed as HTML.

MkDocs renders the theme's templates with autoescape off, so each `{{ ... }}` that outputs
text from front matter or `paths/*.yml` has to escape it. Every such field below holds
`<b>x</b> & "q" 'a'` after a label that says which field it is; the pages must show that
text (escaped in the source) and contain no `<b>x</b>` element.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from portal_helpers import module, write
from sample_portal import copy_sample

from portal import pipeline
from portal.settings import Settings

TRICKY = "<b>x</b> & \"q\" 'a'"
ESCAPED = "&lt;b&gt;x&lt;/b&gt;"
ROLE = "tekens"

# The label of each field, and the pages of the `tekens` portal that show it.
OVERVIEW, MODULE, STEP, INTAKE = "index.html", "modules/tekens/index.html", "stappen/oefenen/index.html", "intake/index.html"
SHOWN = {
    "Padtitel": [OVERVIEW, MODULE, STEP, INTAKE],       # the overview's h1; the site name on every page
    "Padomschrijving": [OVERVIEW, MODULE, STEP, INTAKE],  # the hero text; every page's meta description
    "Doelgroep": [OVERVIEW],
    "Fasetitel": [OVERVIEW, MODULE, STEP],               # phase heading, sidebar, eyebrow
    "Faseomschrijving": [OVERVIEW],
    "Modulenotitie": [OVERVIEW],
    "Modultitel": [OVERVIEW, MODULE, STEP],             # step list; h1 and header; the step's "previous"
    "Samenvatting": [OVERVIEW, MODULE],
    "Thema": [MODULE],
    "Leerdoel": [MODULE],
    "Reflectievraag": [MODULE],
    "Kennisvraag": [MODULE],
    "Antwoordoptie": [MODULE],
    "Terugkoppeling": [MODULE],
    "Uitleg": [MODULE],
    "Opfrisreden": [MODULE],
    "Beheerder": [MODULE],
    "Trainingstitel": [OVERVIEW, MODULE, STEP],         # step list; the module's "next"; h1 and sidebar
    "Trainingsnotitie": [OVERVIEW, STEP],
    "Voorbereidingsvraag": [STEP],
    "Intakeintro": [INTAKE],
    "Intakevraag": [INTAKE],
    "Intakeantwoord": [INTAKE],
}

# The body repeats this title as `# ...`: Markdown escapes & and < there but leaves quotes.
HEADING_TITLE = "Kinderen <4 jaar & 'baby's' \"eerst\""


def text(label: str) -> str:
    return f"{label} {TRICKY}"


def y(label: str) -> str:
    """The field as a YAML scalar (JSON strings are YAML)."""
    return json.dumps(text(label), ensure_ascii=False)


class Page(HTMLParser):
    """Text chunks and attribute values of a page (entities decoded) and its `<b>x</b>` elements."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self.bold_x = 0
        self.h1s: list[dict] = []
        self._in_b = False
        self._in_h1: dict | None = None

    def handle_starttag(self, tag, attrs):
        self.texts.extend(value for _, value in attrs if value)
        self._in_b = tag == "b"
        if tag == "h1":
            self._in_h1 = dict(attrs) | {"text": ""}
            self.h1s.append(self._in_h1)

    def handle_endtag(self, tag):
        self._in_b = False
        if tag == "h1":
            self._in_h1 = None

    def handle_data(self, data):
        self.texts.append(data)
        if self._in_b and data.strip() == "x":
            self.bold_x += 1
        if self._in_h1 is not None:
            self._in_h1["text"] += data


def parse(file: Path) -> Page:
    page = Page()
    page.feed(file.read_text(encoding="utf-8"))
    page.close()
    return page


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = copy_sample(tmp_path_factory.mktemp("escaping") / "project")
    module(project, "tekens", front=f"""
        title: {y('Modultitel')}
        summary: {y('Samenvatting')}
        themes: [{y('Thema')}]
        objectives:
          - {y('Leerdoel')}
        reflection:
          - {y('Reflectievraag')}
        check:
          - question: {y('Kennisvraag')}
            options:
              - text: {y('Antwoordoptie')}
                correct: true
                feedback: {y('Terugkoppeling')}
              - text: Nee
            explanation: {y('Uitleg')}
        renewal:
          every_months: 12
          reason: {y('Opfrisreden')}
        review:
          owner: {y('Beheerder')}
          next: 2027-01-01
        """, body="## Inhoud\n\nTekst.\n")
    module(project, "kleintjes", front=f"title: {json.dumps(HEADING_TITLE)}",
           body=f"# {HEADING_TITLE}\n\n## Inhoud\n\nTekst.\n")
    write(project / "paths" / f"{ROLE}.yml", f"""
        title: {y('Padtitel')}
        description: {y('Padomschrijving')}
        audience: {y('Doelgroep')}
        phases:
          - id: fase
            title: {y('Fasetitel')}
            description: {y('Faseomschrijving')}
            steps:
              - module: tekens
                note: {y('Modulenotitie')}
              - training: {y('Trainingstitel')}
                id: oefenen
                duration: 60
                description: Samen oefenen.
                note: {y('Trainingsnotitie')}
                preparation:
                  - {y('Voorbereidingsvraag')}
              - module: kleintjes
        intake:
          intro: {y('Intakeintro')}
          questions:
            - id: ervaring
              question: {y('Intakevraag')}
              options:
                - text: {y('Intakeantwoord')}
                  recommend: [oefenen]
                - text: Nee
        """)
    settings = Settings.at(project)
    report = pipeline.build(settings)
    assert not report.failed, [(o.role, o.error) for o in report.outcomes] + [report.landing_error]
    return settings.out


def html_files(out: Path) -> list[Path]:
    return sorted(f for f in out.rglob("*.html") if not any(p.startswith(".") for p in f.relative_to(out).parts))


def test_no_page_turns_editor_text_into_html(built):
    pages = html_files(built)
    assert len(pages) > 10 and (built / ROLE / OVERVIEW).is_file()
    offending = []
    for file in pages:
        source = file.read_text(encoding="utf-8")
        if "<b>x</b>" in source or parse(file).bold_x:
            offending.append(str(file.relative_to(built)))
    assert offending == []


@pytest.mark.parametrize("label", sorted(SHOWN))
def test_every_field_is_shown_as_text_where_it_belongs(built, label):
    for name in SHOWN[label]:
        file = built / ROLE / name
        source = file.read_text(encoding="utf-8")
        assert f"{label} {ESCAPED}" in source, f"{label}: not escaped on {name}"
        # Quotes and ampersands survive too: the whole text is one text node or attribute value.
        assert any(text(label) in chunk for chunk in parse(file).texts), f"{label}: not shown whole on {name}"


def test_a_body_heading_that_repeats_a_title_with_quotes_ampersand_and_lt_is_not_shown_twice(built):
    page = parse(built / ROLE / "modules/kleintjes/index.html")
    assert [h["text"].strip() for h in page.h1s] == [HEADING_TITLE]
    assert page.h1s[0].get("id", "").startswith("kinderen-4-jaar")     # the body's heading id, for the skip link
    source = (built / ROLE / "modules/kleintjes/index.html").read_text(encoding="utf-8")
    assert re.search(r'<a href="#kinderen-4-jaar[^"]*" class="md-skip"', source)


def test_the_search_index_holds_editor_text_as_text(built):
    index = (built / ROLE / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Padomschrijving" in index
    assert "<b>x</b>" not in index
