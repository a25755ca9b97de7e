"""Every editor message in Dutch and in English, chosen by `extra.leerpad.language` in mkdocs.yml.

Each case writes a mistake into the sample project, runs `build.py --check` (or `report`) and
finds the message, with its file and line, in the language of the project's mkdocs.yml. The
cases together must cover every key of portal.messages.CATALOGUE.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
from click.testing import CliRunner
from pydantic import BaseModel, Field, ValidationError
from portal_helpers import module, write
from test_portal_readability import LONG_30, keep_the_rules

from portal.model import messages
from portal.cli import main
from portal.model.load import read_text
from portal.model.problems import Problems
from portal.model.schema_errors import report
from portal.model.yamlsource import parse

ROLE = "title: Rol\ndescription: Een rol.\naudience: Iedereen\n"


def path(project: Path, text: str, name: str = "rol.yml") -> None:
    write(project / "paths" / name, ROLE + textwrap.dedent(text).lstrip("\n"))


def intake(project: Path, *options: str, step: str | None = None) -> None:
    """A path `rol` (lines 4-9, `step` on line 10) and one intake question whose `options` start on line 15."""
    lines = ["extends: basis", "phases:", "  - id: verdieping", "    title: Verdieping", "    steps:",
             "      - {module: oudergesprekken, required: false}", *([f"      - {step}"] if step else []),
             "intake:", "  questions:", "    - id: vraag", "      question: Waar werk je?", "      options:",
             *(f"        - {option}" for option in options)]
    path(project, "\n".join(lines) + "\n")


@dataclass
class Case:
    keys: tuple[str, ...]                    # the catalogue keys this case shows
    setup: Callable[[Path], None]
    nl: str | tuple[str, ...]
    en: str | tuple[str, ...]
    args: tuple[str, ...] = ("--check",)


CASES = [
    Case(("unknown_key", "did_you_mean"), lambda p: module(p, "nieuw", "sumary: x"),
         "content/nieuw.md:6: sumary: onbekend veld; bedoel je 'summary'?",
         "content/nieuw.md:6: sumary: unknown key; did you mean 'summary'?"),
    Case(("allowed",), lambda p: module(p, "nieuw", "kleur: rood"),
         "content/nieuw.md:6: kleur: onbekend veld; toegestaan: title, summary, duration",
         "content/nieuw.md:6: kleur: unknown key; allowed: title, summary, duration"),
    Case(("missing", "example"), lambda p: write(p / "content/leeg.md", "---\ntitle: L\nduration: 5\nlevel: starter\n---\n"),
         "content/leeg.md:2: summary: ontbreekt; voeg het toe, bijvoorbeeld `summary: Kijken zonder meteen te oordelen.`",
         "content/leeg.md:2: summary: required but missing; add it, for example `summary: Kijken zonder meteen te oordelen.`"),
    Case(("expected", "type_choice", "got"), lambda p: module(p, "nieuw", "level: expert"),
         "content/nieuw.md:5: level: verwacht een van: starter, ervaren, iedereen, bijvoorbeeld `level: starter` (nu: 'expert')",
         "content/nieuw.md:5: level: expected one of: starter, ervaren, iedereen, for example `level: starter` (got 'expert')"),
    Case(("yes_no",), lambda p: path(p, """
        phases:
          - id: start
            title: Start
            steps:
              - module: veiligheid
                required: ja
        """),
         "paths/rol.yml:9: phases[0].steps[0].required: schrijf true (ja) of false (nee), bijvoorbeeld `required: true` (nu: 'ja')",
         "paths/rol.yml:9: phases[0].steps[0].required: write true (yes) or false (no), for example `required: true` (got 'ja')"),
    Case(("type_int",), lambda p: module(p, "nieuw", "duration: twintig"),
         "content/nieuw.md:5: duration: verwacht een heel getal, bijvoorbeeld `duration: 20` (nu: 'twintig')",
         "content/nieuw.md:5: duration: expected a whole number, for example `duration: 20` (got 'twintig')"),
    Case(("type_text",), lambda p: module(p, "nieuw", "title: [een, twee]"),
         "content/nieuw.md:5: title: verwacht tekst, bijvoorbeeld `title: Observeren`",
         "content/nieuw.md:5: title: expected text, for example `title: Observeren`"),
    Case(("type_date",), lambda p: module(p, "nieuw", "review: {owner: Team, next: morgen}"),
         "content/nieuw.md:6: review.next: verwacht een datum als JJJJ-MM-DD, bijvoorbeeld `next: 2027-03-01` (nu: 'morgen')",
         "content/nieuw.md:6: review.next: expected a date as YYYY-MM-DD, for example `next: 2027-03-01` (got 'morgen')"),
    Case(("type_list",), lambda p: module(p, "nieuw", "themes: gedrag"),
         "content/nieuw.md:6: themes: verwacht een lijst, bijvoorbeeld `themes: [gedrag, ouders]` (nu: 'gedrag')",
         "content/nieuw.md:6: themes: expected a list, for example `themes: [gedrag, ouders]` (got 'gedrag')"),
    Case(("type_mapping",), lambda p: module(p, "nieuw", "renewal: 12"),
         "content/nieuw.md:6: renewal: verwacht een groep velden, bijvoorbeeld `renewal: {every_months: 12}` (nu: 12)",
         "content/nieuw.md:6: renewal: expected a group of fields, for example `renewal: {every_months: 12}` (got 12)"),
    Case(("type_slug",), lambda p: path(p, "phases:\n  - id: Start\n    title: Start\n"),
         "paths/rol.yml:5: phases[0].id: verwacht kleine letters, cijfers en streepjes, bijvoorbeeld `id: start` (nu: 'Start')",
         "paths/rol.yml:5: phases[0].id: expected lowercase letters, digits and hyphens, for example `id: start` (got 'Start')"),
    Case(("type_above",), lambda p: module(p, "nieuw", "duration: 0"),
         "content/nieuw.md:5: duration: verwacht een getal groter dan 0, bijvoorbeeld `duration: 20` (nu: 0)",
         "content/nieuw.md:5: duration: expected a number above 0, for example `duration: 20` (got 0)"),
    Case(("type_at_most",), lambda p: module(p, "nieuw", "duration: 601"),
         "content/nieuw.md:5: duration: verwacht een getal van hoogstens 600, bijvoorbeeld `duration: 20` (nu: 601)",
         "content/nieuw.md:5: duration: expected a number of at most 600, for example `duration: 20` (got 601)"),
    Case(("empty",), lambda p: module(p, "nieuw", 'title: ""'),
         "content/nieuw.md:5: title: mag niet leeg zijn, bijvoorbeeld `title: Observeren`",
         "content/nieuw.md:5: title: must not be empty, for example `title: Observeren`"),
    Case(("too_few",), lambda p: module(p, "nieuw", "check:\n  - question: Wat?\n    options:\n      - {text: Ja, correct: true}"),
         "content/nieuw.md:8: check[0].options: er zijn er minstens 2 nodig, nu 1, bijvoorbeeld `options: ",
         "content/nieuw.md:8: check[0].options: needs at least 2 items, found 1, for example `options: "),
    Case(("step_kind", "step_kind_hint"), lambda p: path(p, """
        phases:
          - id: start
            title: Start
            steps:
              - modul: veiligheid
        """),
         "paths/rol.yml:8: phases[0].steps[0]: een stap begint met precies één van: module, training, coaching, "
         "intervisie; bedoel je 'module' in plaats van 'modul'?",
         "paths/rol.yml:8: phases[0].steps[0]: a step needs exactly one of: module, training, coaching, "
         "intervisie; did you mean 'module' instead of 'modul'?"),
    Case(("step_kind_found",), lambda p: path(p, """
        phases:
          - id: start
            title: Start
            steps:
              - {module: veiligheid, training: EHBO}
        """),
         "intervisie (gevonden: module, training)", "intervisie (found module, training)"),
    Case(("single_correct",), lambda p: module(p, "nieuw", "check:\n  - question: Wat?\n    options: [{text: Ja}, {text: Nee}]"),
         "content/nieuw.md:7: check[0]: een vraag met één goed antwoord heeft precies één optie met `correct: true` "
         "nodig, nu 0; of maak er `type: multiple` van",
         "content/nieuw.md:7: check[0]: a single-choice question needs exactly one correct option, found 0; "
         "mark one `correct: true`, or use `type: multiple`"),
    Case(("multiple_correct",), lambda p: module(p, "nieuw", "check:\n  - question: Wat?\n    type: multiple\n"
                                                              "    options: [{text: Ja}, {text: Nee}]"),
         "content/nieuw.md:7: check[0]: een vraag met meer goede antwoorden heeft minstens één optie met `correct: true` nodig",
         "content/nieuw.md:7: check[0]: a multiple-choice question needs at least one correct option (`correct: true`)"),
    Case(("needs_preparation",), lambda p: path(p, """
        phases:
          - id: start
            title: Start
            steps:
              - {intervisie: Overleg, id: overleg, duration: 60, description: Praten.}
        """),
         "paths/rol.yml:8: phases[0].steps[0]: een intervisie-stap heeft minstens één voorbereidingsvraag nodig, "
         "bijvoorbeeld `preparation: [Wat wil je bespreken?]`",
         "paths/rol.yml:8: phases[0].steps[0]: an intervisie step needs at least one preparation question, "
         "for example `preparation: [Wat wil je bespreken?]`"),
    Case(("not_a_mapping", ), lambda p: write(p / "paths/lijst.yml", "- een\n- twee\n"),
         "paths/lijst.yml:1: path: verwacht velden met een waarde, zoals `title: ...`, maar dit is een lijst",
         "paths/lijst.yml:1: path: expected a mapping of fields, such as `title: ...`, but this is a list"),
    Case(("folder_not_found",), lambda p: None,
         "nergens:1: content: map niet gevonden", "nergens:1: content: folder not found", ("--content", "nergens", "--check")),
    Case(("not_utf8",), lambda p: (p / "content/oud.md").write_bytes(b"---\ntitle: Caf\xe9\n---\n"),
         "content/oud.md:2: encoding: geen UTF-8-tekst: sla het bestand op als UTF-8",
         "content/oud.md:2: encoding: not UTF-8 text: save the file as UTF-8"),
    Case(("malformed_yaml",), lambda p: module(p, "nieuw", "themes: [een"),
         "content/nieuw.md:7: yaml: de YAML klopt niet op of vlak voor deze regel (inspringing, een ':' of ']' te weinig, een tab): ",
         "content/nieuw.md:7: yaml: malformed YAML at or just before this line (indentation, a missing ':' or ']', a tab): "),
    Case(("duplicate_key",), lambda p: module(p, "nieuw", "themes: [a]\nthemes: [b]"),
         "content/nieuw.md:7: themes: staat twee keer in dezelfde groep; houd er één",
         "content/nieuw.md:7: themes: duplicate key; keep one"),
    Case(("front_matter_missing",), lambda p: write(p / "content/kaal.md", "# Geen front matter\n"),
         "content/kaal.md:1: front matter: ontbreekt: begin het bestand met '---', de velden van de module en '---'",
         "content/kaal.md:1: front matter: missing: start the file with '---', the module's fields, and '---'"),
    Case(("front_matter_open",), lambda p: write(p / "content/open.md", "---\ntitle: Open\n"),
         "content/open.md:1: front matter: niet afgesloten: zet een regel '---' na de velden (geopend op regel 1)",
         "content/open.md:1: front matter: not closed: add a line '---' after the fields (opened on line 1)"),
    Case(("module_id_slug",), lambda p: module(p, "Grote_Letters"),
         "content/Grote_Letters.md:1: id: module-id 'Grote_Letters' mag alleen kleine letters, cijfers en streepjes hebben",
         "content/Grote_Letters.md:1: id: module id 'Grote_Letters' must be lowercase letters, digits and hyphens"),
    Case(("duplicate_module",), lambda p: module(p, "veiligheid", folder=True),
         "content/veiligheid.md:1: id: module-id 'veiligheid' bestaat twee keer (ook content/veiligheid/index.md)",
         "content/veiligheid.md:1: id: duplicate module id 'veiligheid' (also content/veiligheid/index.md)"),
    Case(("path_file_slug",), lambda p: path(p, "", name="Mijn Rol.yml"),
         "paths/Mijn Rol.yml:1: role: de naam van padbestand 'Mijn Rol.yml' mag alleen kleine letters, cijfers en streepjes hebben",
         "paths/Mijn Rol.yml:1: role: path file name 'Mijn Rol.yml' must be lowercase letters, digits and hyphens"),
    Case(("duplicate_path",), lambda p: path(p, "", name="pm-starter.yaml"),
         "paths/pm-starter.yml:1: role: pad 'pm-starter' bestaat twee keer (ook paths/pm-starter.yaml)",
         "paths/pm-starter.yml:1: role: duplicate path 'pm-starter' (also paths/pm-starter.yaml)"),
    Case(("unknown_path",), lambda p: path(p, "extends: basiss\n"),
         "paths/rol.yml:4: extends: onbekend pad 'basiss'; bedoel je 'basis'?",
         "paths/rol.yml:4: extends: unknown path 'basiss'; did you mean 'basis'?"),
    Case(("extends_cycle",), lambda p: path(p, "extends: rol\n"),
         "paths/rol.yml:4: extends: paden bouwen in een kring op elkaar voort: rol -> rol",
         "paths/rol.yml:4: extends: cycle in extends: rol -> rol"),
    Case(("duplicate_phase",), lambda p: path(p, "phases:\n  - {id: a, title: A}\n  - {id: a, title: B}\n"),
         "paths/rol.yml:6: phases[1].id: fase-id 'a' staat twee keer in dit pad (ook regel 5)",
         "paths/rol.yml:6: phases[1].id: duplicate phase id 'a' (also line 5)"),
    Case(("unknown_module",), lambda p: path(p, "phases:\n  - id: a\n    title: A\n    steps: [{module: veiligheidd}]\n"),
         "paths/rol.yml:7: phases[0].steps[0].module: onbekende module 'veiligheidd'; bedoel je 'veiligheid'?",
         "paths/rol.yml:7: phases[0].steps[0].module: unknown module 'veiligheidd'; did you mean 'veiligheid'?"),
    Case(("duplicate_step",), lambda p: path(p, "extends: basis\nphases:\n  - id: a\n    title: A\n"
                                               "    steps: [{module: veiligheid}]\n"),
         "paths/rol.yml:8: phases[0].steps[0]: stap 'veiligheid' staat twee keer in pad 'rol' (ook paths/basis.yml:10)",
         "paths/rol.yml:8: phases[0].steps[0]: duplicate step id 'veiligheid' in path 'rol' (also paths/basis.yml:10)"),
    Case(("no_steps", "warning"), lambda p: path(p, ""),
         "paths/rol.yml:1: phases: waarschuwing: het pad heeft geen stappen",
         "paths/rol.yml:1: phases: warning: the path has no steps"),
    Case(("unused_module",), lambda p: module(p, "los"),
         "content/los.md:1: module: waarschuwing: module 'los' staat in geen enkel pad",
         "content/los.md:1: module: warning: module 'los' is in no path"),
    Case(("duplicate_question",), lambda p: write(p / "paths/pm-starter.yml", (p / "paths/pm-starter.yml").read_text(
        encoding="utf-8") + "    - id: ervaring\n      question: Nog eens?\n      options: [{text: Ja, mastered: [veiligheid]},"
                            " {text: Nee}]\n"),
         "paths/pm-starter.yml:35: intake.questions[1].id: intakevraag-id 'ervaring' bestaat al in deze intake",
         "paths/pm-starter.yml:35: intake.questions[1].id: duplicate intake question id 'ervaring'"),
    Case(("unknown_step",), lambda p: intake(p, "{text: Ja, recommend: [oudergesprek]}", "{text: Nee}"),
         "paths/rol.yml:15: intake.questions[0].options[0].recommend[0]: onbekende stap 'oudergesprek'; "
         "bedoel je 'oudergesprekken'?",
         "paths/rol.yml:15: intake.questions[0].options[0].recommend[0]: unknown step id 'oudergesprek'; "
         "did you mean 'oudergesprekken'?"),
    Case(("hide_required",), lambda p: intake(p, "{text: Ja, hide: [veiligheid]}", "{text: Nee}"),
         "paths/rol.yml:15: intake.questions[0].options[0].hide[0]: stap 'veiligheid' is verplicht en kan niet "
         "verborgen worden",
         "paths/rol.yml:15: intake.questions[0].options[0].hide[0]: step 'veiligheid' is required and cannot be hidden"),
    Case(("require_required",), lambda p: intake(p, "{text: Ja, require: [observeren]}", "{text: Nee}"),
         "paths/rol.yml:15: intake.questions[0].options[0].require[0]: stap 'observeren' is al verplicht, "
         "dus `require` verandert niets",
         "paths/rol.yml:15: intake.questions[0].options[0].require[0]: step 'observeren' is already required, "
         "so `require` changes nothing"),
    Case(("add_not_offered",), lambda p: intake(p, "{text: Ja, add: [oudergesprekken]}", "{text: Nee}"),
         "paths/rol.yml:15: intake.questions[0].options[0].add[0]: stap 'oudergesprekken' staat altijd in het pad, "
         "dus `add` verandert niets; geef de stap `offer: intake`",
         "paths/rol.yml:15: intake.questions[0].options[0].add[0]: step 'oudergesprekken' is always in the path, "
         "so `add` changes nothing; give it `offer: intake`"),
    Case(("never_offered",), lambda p: intake(p, "{text: Ja, recommend: [oudergesprekken]}", "{text: Nee}",
                                               step="{module: leiding-geven, offer: intake, required: false}"),
         "paths/rol.yml:10: phases[0].steps[1].offer: stap 'leiding-geven' heeft `offer: intake`, maar geen antwoord "
         "in de intake van 'rol' voegt hem toe",
         "paths/rol.yml:10: phases[0].steps[1].offer: step 'leiding-geven' has `offer: intake`, but no answer in the "
         "intake of 'rol' adds it"),
    Case(("rule_conflict",), lambda p: intake(p, "{text: Ja, recommend: [oudergesprekken], hide: [oudergesprekken]}",
                                                 "{text: Nee}"),
         "paths/rol.yml:15: intake.questions[0].options[0].hide[0]: stap 'oudergesprekken' staat bij dit antwoord "
         "zowel onder `recommend` als onder `hide`; kies er één",
         "paths/rol.yml:15: intake.questions[0].options[0].hide[0]: step 'oudergesprekken' is under both "
         "`recommend` and `hide` of this answer; choose one"),
    Case(("same_answers",), lambda p: intake(p, "{text: Ja, recommend: [oudergesprekken]}", "{text: Ja}"),
         "paths/rol.yml:16: intake.questions[0].options[1].text: twee antwoorden hebben dezelfde tekst 'Ja'",
         "paths/rol.yml:16: intake.questions[0].options[1].text: two answers read 'Ja'"),
    Case(("changes_nothing",), lambda p: intake(p, "{text: Ja, recommend: [oudergesprekken]}",
                                                   "{text: Nee, recommend: [oudergesprekken]}"),
         "paths/rol.yml:14: intake.questions[0].options: welk antwoord iemand ook kiest, er verandert niets",
         "paths/rol.yml:14: intake.questions[0].options: whatever the learner answers, nothing changes"),
    Case(("broken_link",), lambda p: module(p, "nieuw", body="Zie [dit](../nergens/).\n"),
         "content/nieuw.md:7: link: link '../nergens/' werkt niet: er is geen module 'nergens'",
         "content/nieuw.md:7: link: broken link '../nergens/': no module 'nergens'"),
    Case(("folder_link",), lambda p: module(p, "map", body="Zie [dit](veiligheid.md).\n", folder=True),
         "; deze module is een map, dus een link naar module 'veiligheid' is '../veiligheid.md'",
         "; this module is a folder, so a link to module 'veiligheid' is '../veiligheid.md'"),
    Case(("missing_image",), lambda p: module(p, "nieuw", body="![Een kind](weg.png)\n"),
         "content/nieuw.md:7: image: afbeelding 'weg.png' ontbreekt naast de module",
         "content/nieuw.md:7: image: missing image 'weg.png'"),
    Case(("missing_file",), lambda p: module(p, "nieuw", body="[Formulier](weg.pdf)\n"),
         "content/nieuw.md:7: link: bestand 'weg.pdf' ontbreekt naast de module",
         "content/nieuw.md:7: link: missing file 'weg.pdf'"),
    Case(("no_role", "nothing_built"), lambda p: None,
         "paths/pm-startr.yml:1: --role: geen pad 'pm-startr'; bedoel je 'pm-starter'?\n"
         "Error: 1 fout(en), 0 waarschuwing(en): er is niets gebouwd",
         "paths/pm-startr.yml:1: --role: no path 'pm-startr'; did you mean 'pm-starter'?\n"
         "Error: 1 error(s), 0 warning(s): nothing was built", ("--role", "pm-startr")),
    Case(("abstract_role", "no_report_roles"), lambda p: None,
         "paths/basis.yml:4: --role: 'basis' is een gedeelde basis (`abstract: true`) en krijgt geen eigen portaal; "
         "kies een ander pad\nError: 1 fout(en): geen rapport",
         "paths/basis.yml:4: --role: 'basis' is abstract (`abstract: true`): it gets no portal; choose another "
         "path\nError: 1 error(s): no report", ("report", "--role", "basis")),
    Case(("no_report",), lambda p: module(p, "nieuw", "sumary: x"),
         "Error: 1 fout(en) bij het lezen van de bestanden: geen rapport",
         "Error: 1 error(s) while reading the sources: no report", ("report",)),
]
# `build.py report`: the sample's modules break most house rules; `schrijf` breaks the others.
WRITING = ('!!! example "Op de groep: Sem"\n    Sem speelt buiten.\n\n' + LONG_30 + "\n"
           + "Een kind dat net binnenkomt kijkt eerst rustig rond voordat het gaat spelen met de andere kinderen "
             "op de groep van vandaag en morgen.\n" * 8
           + "## Bronnen\n\nGeen lijst.\n\n## Daarna\n\nTekst.\n")
CASES += [
    Case(("r_words", "r_count", "r_prompts", "r_questions", "r_practice", "r_scenes", "r_sources_missing",
          "r_no_explanation", "r_no_feedback", "r_summary", "r_limits", "r_prompt", "r_question"), lambda p: None,
         ("content/veiligheid.md:7: body: 9 woorden leestekst (600-1200)",
          "content/veiligheid.md:1: reflection: 0 reflectievragen (3-5)",
          "content/veiligheid.md:1: check: 0 toetsvragen (3-5)",
          "content/observeren/index.md:9: reflection: 1 reflectievraag (3-5)",
          "content/observeren/index.md:11: check: 1 toetsvraag (3-5)",
          "content/veiligheid.md:7: practice: 0 praktijkscènes (minstens 2 blokken '!!! example \"...\"')",
          "content/veiligheid.md:10: Bronnen: ontbreekt: eindig de module met een sectie '## Bronnen'",
          "content/oudergesprekken.md:8: check q1: geen uitleg (`explanation`)",
          "content/oudergesprekken.md:11: check q1a: geen feedback bij 'Eten en slapen'",
          "4 modules, 23 bevinding(en) in 4 module(s) (grenzen: 600-1200 woorden, zinnen van hoogstens 25 "
          "woorden en gemiddeld 14)"),
         ("content/veiligheid.md:7: body: 9 words of reading text (600-1200)",
          "content/veiligheid.md:1: reflection: 0 prompts (3-5)",
          "content/veiligheid.md:1: check: 0 questions (3-5)",
          "content/observeren/index.md:9: reflection: 1 prompt (3-5)",
          "content/observeren/index.md:11: check: 1 question (3-5)",
          "content/veiligheid.md:7: practice: 0 practice scenes (at least 2 '!!! example \"...\"' blocks)",
          "content/veiligheid.md:10: Bronnen: missing: end the module with a '## Bronnen' section",
          "content/oudergesprekken.md:8: check q1: no explanation",
          "content/oudergesprekken.md:11: check q1a: no feedback for 'Eten en slapen'",
          "4 modules, 23 finding(s) in 4 module(s) (limits: 600-1200 words, sentences of at most 25 "
          "words and 14 on average)"), ("report",)),
    Case(("r_sentence", "r_average", "r_scene", "r_sources_not_last", "r_sources_no_list", "r_sources_no_link"),
         lambda p: module(p, "schrijf", body=WRITING),
         ('content/schrijf.md:10: body: zin van 30 woorden (max 25): "Als je een kind dat net ..."',
          "content/schrijf.md:7: body: gemiddelde zin van 14.6 woorden (max 14)",
          "content/schrijf.md:7: practice: 1 praktijkscène (minstens 2",
          "content/schrijf.md:19: Bronnen: '## Bronnen' is niet de laatste sectie",
          "content/schrijf.md:19: Bronnen: noemt geen bron (schrijf de bronnen als lijst)",
          "content/schrijf.md:19: Bronnen: geen https-link bij de bronnen"),
         ('content/schrijf.md:10: body: sentence of 30 words (max 25): "Als je een kind dat net ..."',
          "content/schrijf.md:7: body: average sentence of 14.6 words (max 14)",
          "content/schrijf.md:7: practice: 1 practice scene (at least 2",
          "content/schrijf.md:19: Bronnen: '## Bronnen' is not the last section",
          "content/schrijf.md:19: Bronnen: lists no source (write them as a list)",
          "content/schrijf.md:19: Bronnen: no https link among the sources"), ("report",)),
    Case(("r_summary_none", "r_headers"), keep_the_rules,
         ("module niveau woorden gem. max refl. toets scènes regels", "4 modules, geen bevindingen"),
         ("module level words avg max refl. check scenes rules", "4 modules, no findings"), ("report",)),
]
# Shown by direct calls below (no file in the demo's schema can cause them).
DIRECT = {"cannot_read", "type_at_least", "type_below", "invalid"}


@pytest.fixture(autouse=True)
def dutch_afterwards():
    yield
    messages.use("nl")


def speak(project: Path, language: str) -> None:
    """Set `extra.leerpad.language` in the project's mkdocs.yml."""
    config = project / "mkdocs.yml"
    text = re.sub(r"(?m)^(    language:) nl\b", rf"\1 {language}", config.read_text(encoding="utf-8"))
    assert f"    language: {language}" in text
    config.write_text(text, encoding="utf-8")


def test_the_cases_cover_every_message():
    shown = {key for case in CASES for key in case.keys} | DIRECT
    assert shown == set(messages.CATALOGUE), f"untested: {set(messages.CATALOGUE) - shown}"


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.keys[0])
def test_message_in_the_portal_language(sample, case, language):
    speak(sample, language)
    case.setup(sample)
    result = CliRunner().invoke(main, ["--root", str(sample), *case.args])
    assert result.exit_code in (0, 1), result.output
    expected = case.nl if language == "nl" else case.en
    shown = " ".join(result.output.split())                # the report's table pads its columns
    for text in (expected,) if isinstance(expected, str) else expected:
        assert " ".join(text.split()) in shown, result.output
    assert "Input should" not in result.output and "pydantic" not in result.output


class Limits(BaseModel):
    at_least: int = Field(ge=1, examples=[3])
    below: int = Field(lt=10, examples=[3])
    ratio: float = Field(examples=[0.5])


@pytest.mark.parametrize("language, expected", [
    ("nl", ["x.yml:1: at_least: verwacht een getal van minstens 1, bijvoorbeeld `at_least: 3` (nu: 0)",
            "x.yml:2: below: verwacht een getal kleiner dan 10, bijvoorbeeld `below: 3` (nu: 10)",
            "x.yml:3: ratio: deze waarde klopt niet, bijvoorbeeld `ratio: 0.5` (nu: 'half')",
            "map:1: file: kan niet gelezen worden: Is a directory"]),
    ("en", ["x.yml:1: at_least: expected a number of at least 1, for example `at_least: 3` (got 0)",
            "x.yml:2: below: expected a number below 10, for example `below: 3` (got 10)",
            "x.yml:3: ratio: this value is not valid, for example `ratio: 0.5` (got 'half')",
            "map:1: file: cannot be read: Is a directory"]),
])
def test_limits_and_anything_else_in_plain_words(tmp_path, language, expected):
    messages.use(language)
    problems = Problems(tmp_path)
    source = parse("at_least: 0\nbelow: 10\nratio: half\n")
    with pytest.raises(ValidationError) as error:
        Limits.model_validate(source.data)
    report(error.value, Limits, source, tmp_path / "x.yml", problems)
    (tmp_path / "map").mkdir()
    assert read_text(tmp_path / "map", problems) is None
    assert [str(p) for p in problems.items] == expected


def test_an_unknown_language_falls_back_to_dutch(sample):
    config = sample / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("    language: nl", "    language: fr"), encoding="utf-8")
    module(sample, "nieuw", "sumary: x")
    result = CliRunner().invoke(main, ["--root", str(sample), "--check"])
    assert "content/nieuw.md:6: sumary: onbekend veld; bedoel je 'summary'?" in result.output
