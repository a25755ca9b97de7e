"""portal.checks.readability: the text measures, the house writing rules, and `build.py report`."""

from __future__ import annotations

import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner
from portal_helpers import module

from portal.checks import readability
from portal.model import messages
from portal.cli import main
from portal.model.load import load_module
from portal.model.problems import Problems


@pytest.fixture(autouse=True)
def english():
    """The findings in English (`report` itself speaks mkdocs.yml's language: see test_portal_messages.py)."""
    messages.use("en")
    yield
    messages.use("nl")

# --- A module that keeps every rule, and ways to break them ---------------------------------------

SHORT = "Een kind speelt graag buiten met de andere kinderen."            # 9 words
LONG_30 = ("Als je een kind dat net binnenkomt rustig begroet en bij naam noemt dan voelt het zich "
           "welkom en durft het sneller afscheid te nemen van zijn ouder of verzorger.")

REFLECTION = """
reflection:
  - Wat doe jij als een kind huilt?
  - Welk moment van de dag vind jij lastig?
  - Wat wil je deze week anders doen?
"""
CHECK = """
check:
  - question: Een kind huilt bij het afscheid. Wat doe je?
    options:
      - text: Je troost het kind.
        correct: true
        feedback: Goed. Het kind voelt zich veilig.
      - text: Je laat het kind huilen.
        feedback: Nee. Het kind heeft jou nodig.
    explanation: Troost helpt een kind om rustig te worden.
  - question: Wat zeg je tegen de ouder?
    options:
      - text: Dat het goed komt.
        feedback: Liever niet. Je weet het nog niet.
      - text: Wat je zag en wat je deed.
        correct: true
        feedback: Goed. Zo weet de ouder wat er gebeurde.
    explanation: Ouders willen weten wat je zag.
  - question: Wanneer bel je de ouder?
    options:
      - text: Als het kind niet rustig wordt.
        correct: true
        feedback: Goed. Dan weet de ouder het.
      - text: Nooit.
        feedback: Nee. Ouders willen het weten.
    explanation: Je belt als het kind niet tot rust komt.
"""
FRONT = REFLECTION + CHECK


def body(middle: str = "", scenes: int = 2, sources: str | None = None, paragraphs: int = 8) -> str:
    """A body of 600-1200 words in sentences of 9 words (`paragraphs` of 81 words, 24 more words in
    the title, the scenes and the sources), with `middle` after the first paragraph."""
    paragraph = "\n".join([SHORT] * 9) + "\n"                                     # 81 words
    scene = '!!! example "Op de groep: Sem"\n    Sem bijt Lieke. Priya troost Lieke eerst.\n'
    if sources is None:
        sources = "## Bronnen\n\n- [Rijksoverheid](https://www.rijksoverheid.nl/kinderopvang)\n"
    parts = ["# Welkom\n", *([paragraph] * min(1, paragraphs)), middle, *([paragraph] * (paragraphs - 1)),
             *([scene] * scenes), sources]
    return "\n".join(p for p in parts if p)


def load(project: Path, module_id: str):
    file = project / "content" / f"{module_id}.md"
    if not file.exists():
        file = project / "content" / module_id / "index.md"
    problems = Problems(project)
    found = load_module(module_id, file, problems)
    assert found is not None and not problems.items, [str(p) for p in problems.items]
    return found


def findings_of(project: Path, module_id: str) -> list[str]:
    return [str(f) for f in readability.findings(load(project, module_id), project)]


def line_of(file: Path, text: str) -> int:
    """The 1-based line of the file on which `text` starts."""
    lines = file.read_text(encoding="utf-8").split("\n")
    return next(number for number, line in enumerate(lines, 1) if text in line)


# --- Text measures --------------------------------------------------------------------------------


def texts(markdown: str) -> list[str]:
    return [s.text for s in readability.sentences(markdown)]


def test_words_skip_code_tables_link_targets_html_and_markup():
    markdown = textwrap.dedent("""\
        # Twee woorden

        Lees **dit** [boek hier](https://example.org/heel/lang/adres) <span class="x">nu</span>.

        ```
        code telt niet mee
        ```

        | tabel | telt | niet |
        |---|---|---|
        Een `term_met_lijn` {: .klasse }
        """)
    assert readability.prose_lines(markdown) == ["# Twee woorden", "Lees dit boek hier  nu .", "Een term met lijn"]
    assert readability.words(markdown) == 2 + 5 + 4


def test_sentences_end_after_marks_and_closing_quotes_before_a_capital():
    markdown = 'Ze zegt: "Stop. Bijten doet pijn." Daarna troost ze Lieke! Is dat goed? ja, bijv. een kind.\n'
    assert texts(markdown) == ["Ze zegt:", '"Stop.', 'Bijten doet pijn."', "Daarna troost ze Lieke!",
                               "Is dat goed? ja, bijv. een kind."]
    assert [s.words for s in readability.sentences(markdown)] == [2, 1, 3, 4, 7]
    assert texts("Hij zei ‘Nee.’ Toen ging hij.") == ["Hij zei ‘Nee.’", "Toen ging hij."]


def test_headings_and_list_items_are_sentences_of_their_own():
    markdown = textwrap.dedent("""\
        ## Een kop zonder punt
        Een zin zonder punt
        1. **Eerste stap** van de lijst
        2. Tweede stap met een
           tweede regel
        - Los item
        > Een citaat. Nog een.

        Na een witregel
        """)
    assert texts(markdown) == ["Een kop zonder punt", "Een zin zonder punt", "Eerste stap van de lijst",
                               "Tweede stap met een tweede regel", "Los item", "Een citaat.", "Nog een.",
                               "Na een witregel"]


def test_admonition_titles_are_headings_and_their_text_is_read():
    markdown = textwrap.dedent("""\
        !!! example "Op de groep: Sem en de auto"
            Sem bijt Lieke. Priya troost haar.

        ??? note
            Zonder titel telt alleen de tekst
        ???+ tip "Tip"
            Blijf rustig.
        """)
    assert texts(markdown) == ["Op de groep:", "Sem en de auto", "Sem bijt Lieke.", "Priya troost haar.",
                               "Zonder titel telt alleen de tekst", "Tip", "Blijf rustig."]
    assert readability.practice_scenes(markdown) == ["Op de groep: Sem en de auto"]


def test_sentences_carry_the_line_they_start_on():
    markdown = textwrap.dedent("""\
        # Titel

        Eerste zin loopt door
        op de volgende regel. Tweede zin
        begint op regel vier.

        ```text
        code
        ```
        <!-- een opmerking
        over twee regels -->
        Na de code. Zie [de pagina
        hier](pagina.md) voor meer.
        - Item
          met vervolg. En een zin.
        """)
    found = [(s.line, s.text) for s in readability.sentences(markdown, first_line=10)]
    assert found == [
        (10, "Titel"),
        (12, "Eerste zin loopt door op de volgende regel."),
        (13, "Tweede zin begint op regel vier."),
        (21, "Na de code."),
        (21, "Zie de pagina hier voor meer."),
        (23, "Item met vervolg."),
        (24, "En een zin."),
    ]


def test_section_and_its_heading_line():
    markdown = "# Titel\n\n## Bronnen\n\n- Een bron\n\n## Daarna\n\nTekst.\n"
    assert readability.section(markdown, "Bronnen") == "\n- Een bron\n\n"
    assert readability.heading_line(markdown, "Bronnen", first_line=7) == 9
    assert readability.section(markdown, "Literatuur") is None
    assert readability.heading_line(markdown, "Literatuur") is None


# --- Findings per rule ----------------------------------------------------------------------------


def test_a_module_that_keeps_every_rule_has_no_findings(tmp_path):
    module(tmp_path, "goed", FRONT, body())
    found = load(tmp_path, "goed")
    assert readability.findings(found, tmp_path) == []
    measures = readability.measure(found)
    assert readability.MIN_WORDS <= measures.words <= readability.MAX_WORDS
    assert (measures.reflection, measures.check, measures.practice, measures.longest) == (3, 3, 2, 9)


def test_a_sentence_over_25_words_is_named_on_its_line(tmp_path):
    file = module(tmp_path, "lang", FRONT, body(middle=f"Even dit.\n{LONG_30}\n"))
    assert readability.sentence_length(LONG_30) == 30
    assert findings_of(tmp_path, "lang") == [
        f'content/lang.md:{line_of(file, "Als je een kind")}: body: sentence of 30 words (max 25): '
        f'"Als je een kind dat net ..."']


def test_exactly_25_words_is_allowed(tmp_path):
    sentence = " ".join(["woord"] * 24) + " eind."
    module(tmp_path, "grens", FRONT, body(middle=sentence + "\n"))
    assert findings_of(tmp_path, "grens") == []
    module(tmp_path, "erover", FRONT, body(middle="woord " + sentence + "\n"))
    assert [f.rule for f in readability.findings(load(tmp_path, "erover"))] == [readability.SENTENCE]


def test_a_long_average_is_found_on_the_first_line_of_the_body(tmp_path):
    twenty = "Een kind dat op de groep speelt kijkt vaak naar wat de andere kinderen doen en zeggen tijdens het spel."
    file = module(tmp_path, "gemiddeld", FRONT, body(middle="\n".join([twenty] * 40) + "\n", paragraphs=0))
    measures = readability.measure(load(tmp_path, "gemiddeld"))
    assert (measures.words, measures.sentences, measures.longest) == (1 + 800 + 24, 1 + 40 + 10, 20)
    assert findings_of(tmp_path, "gemiddeld") == [
        f"content/gemiddeld.md:{line_of(file, '# Welkom')}: body: average sentence of 16.2 words (max 14)"]


def test_too_few_and_too_many_words(tmp_path):
    file = module(tmp_path, "kort", FRONT, body(paragraphs=2))
    first = line_of(file, "# Welkom")
    assert f"content/kort.md:{first}: body: 187 words of reading text (600-1200)" in findings_of(tmp_path, "kort")
    module(tmp_path, "lang", FRONT, body(paragraphs=15))
    assert [f.message for f in readability.findings(load(tmp_path, "lang"))] == [
        "1240 words of reading text (600-1200)"]


def test_reflection_prompts_are_counted_on_their_field_or_line_1(tmp_path):
    file = module(tmp_path, "twee", "reflection:\n  - Wat doe jij?\n  - Wat zie jij?\n" + CHECK, body())
    assert findings_of(tmp_path, "twee") == [f"content/twee.md:{line_of(file, 'reflection:')}: reflection: 2 prompts (3-5)"]
    module(tmp_path, "geen", CHECK, body())
    assert findings_of(tmp_path, "geen") == ["content/geen.md:1: reflection: 0 prompts (3-5)"]
    six = "reflection:\n" + "".join(f"  - Vraag {n}?\n" for n in range(6))
    module(tmp_path, "zes", six + CHECK, body())
    assert [f.message for f in readability.findings(load(tmp_path, "zes"))] == ["6 prompts (3-5)"]


def test_check_questions_feedback_and_explanations(tmp_path):
    two = CHECK.split("  - question: Wanneer")[0]
    file = module(tmp_path, "twee", REFLECTION + two, body())
    assert findings_of(tmp_path, "twee") == [f"content/twee.md:{line_of(file, 'check:')}: check: 2 questions (3-5)"]
    module(tmp_path, "geen", REFLECTION, body())
    assert findings_of(tmp_path, "geen") == ["content/geen.md:1: check: 0 questions (3-5)"]

    gaps = (CHECK.replace("        feedback: Liever niet. Je weet het nog niet.\n", "")
                 .replace("    explanation: Je belt als het kind niet tot rust komt.\n", ""))
    file = module(tmp_path, "gaten", REFLECTION + gaps, body())
    assert findings_of(tmp_path, "gaten") == [
        f"content/gaten.md:{line_of(file, 'text: Dat het goed komt.')}: check q2a: no feedback for 'Dat het goed komt.'",
        f"content/gaten.md:{line_of(file, 'question: Wanneer bel je')}: check q3: no explanation",
    ]


def test_at_least_two_practice_scenes(tmp_path):
    file = module(tmp_path, "een", FRONT, body(scenes=1))
    assert findings_of(tmp_path, "een") == [
        f"content/een.md:{line_of(file, '# Welkom')}: practice: 1 practice scene (at least 2 '!!! example \"...\"' blocks)"]


@pytest.mark.parametrize("sources, message", [
    ("", "missing: end the module with a '## Bronnen' section"),
    ("## Bronnen\n\n- [Wet](https://wetten.overheid.nl)\n\n## Daarna\n\nTekst.\n", "'## Bronnen' is not the last section"),
    ("## Bronnen\n\nZie [de wet](https://wetten.overheid.nl).\n", "lists no source (write them as a list)"),
    ("## Bronnen\n\n- [Wet](http://wetten.overheid.nl)\n- Een boek\n", "no https link among the sources"),
])
def test_the_module_ends_with_its_sources(tmp_path, sources, message):
    file = module(tmp_path, "bron", FRONT, body(sources=sources))
    lines = file.read_text(encoding="utf-8").rstrip().split("\n")
    line = line_of(file, "## Bronnen") if sources else len(lines)
    assert findings_of(tmp_path, "bron") == [f"content/bron.md:{line}: Bronnen: {message}"]


def test_findings_follow_the_lines_of_the_file_and_name_it_relative_to_the_root(tmp_path):
    file = module(tmp_path, "alles", "reflection: [Een?]\n", body(middle=LONG_30 + "\n", scenes=0, sources=""),
                  folder=True)
    found = readability.findings(load(tmp_path, "alles"), tmp_path)
    assert [f.line for f in found] == sorted(f.line for f in found)
    assert {f.file for f in found} == {"content/alles/index.md"}
    assert [f.rule for f in found] == ["check", "reflection", "practice", "sentence", "sources"]
    assert str(found[1]) == f"content/alles/index.md:{line_of(file, 'reflection:')}: reflection: 1 prompt (3-5)"
    assert readability.findings(load(tmp_path, "alles"))[0].file == str(file)


# --- build.py report -------------------------------------------------------------------------------

SAMPLE_MODULES = {"leiding-geven": False, "observeren": True, "oudergesprekken": False, "veiligheid": False}


def report(project: Path, *args: str):
    return CliRunner().invoke(main, ["--root", str(project), "report", *args])


def keep_the_rules(project: Path) -> None:
    """Rewrite the sample's modules so that they keep every house rule."""
    for module_id, folder in SAMPLE_MODULES.items():
        module(project, module_id, FRONT, body(), folder=folder)


def row(output: str, module_id: str) -> list[str]:
    line = next(line for line in output.splitlines() if line.split()[:1] == [module_id])
    return line.split()


def test_report_shows_a_row_per_module_then_every_finding(sample):
    file = module(sample, "lang", FRONT, body(middle=LONG_30 + "\n"))
    result = report(sample)
    assert result.exit_code == 0, result.output
    assert row(result.output, "lang")[:9] == ["lang", "starter", "703", "8.4", "30", "3", "3", "2", "✗"]
    assert row(result.output, "veiligheid") == ["veiligheid", "iedereen", "9", "3.0", "4", "0", "0", "0", "✗", "5"]
    assert row(result.output, "observeren")[5:7] == ["1", "1"]
    findings = [line for line in result.output.splitlines() if re.match(r"content/\S+:\d+: ", line)]
    assert f'content/lang.md:{line_of(file, "Als je een kind")}: body: zin van 30 woorden (max 25): ' \
           f'"Als je een kind dat net ..."' in findings                 # mkdocs.yml: nl
    assert "content/veiligheid.md:1: reflection: 0 reflectievragen (3-5)" in findings
    assert "content/oudergesprekken.md:8: check q1: geen uitleg (`explanation`)" in findings
    assert len(findings) == 24
    assert result.output.index("module") < result.output.index("content/lang.md:")
    assert "5 modules, 24 bevinding(en) in 5 module(s)" in result.output


def test_strict_exits_1_only_when_there_is_a_finding(sample):
    keep_the_rules(sample)
    clean = report(sample, "--strict")
    assert clean.exit_code == 0, clean.output
    assert row(clean.output, "observeren")[-1] == "✓"
    assert "4 modules, geen bevindingen" in clean.output
    module(sample, "veiligheid", FRONT, body(middle=LONG_30 + "\n"))
    assert report(sample).exit_code == 0
    strict = report(sample, "--strict")
    assert strict.exit_code == 1
    assert "content/veiligheid.md:" in strict.output and "zin van 30 woorden" in strict.output


def test_roles_choose_their_modules(sample):
    result = report(sample, "--role", "leidinggevende")
    assert result.exit_code == 0, result.output
    shown = {line.split()[0] for line in result.output.splitlines() if line.split()[:1] and line.split()[0] in
             [*SAMPLE_MODULES]}
    assert shown == {"leiding-geven", "observeren", "veiligheid"}
    assert "oudergesprekken" not in result.output
    both = report(sample, "--role", "leidinggevende", "--role", "pm-starter")
    assert "oudergesprekken" in both.output and "leiding-geven" in both.output
    unknown = report(sample, "--role", "pm-startr", "--role", "basis")
    assert unknown.exit_code == 1
    assert "paths/pm-startr.yml:1: --role: geen pad 'pm-startr'; bedoel je 'pm-starter'?" in unknown.output
    assert "--role: 'basis' is een gedeelde basis (`abstract: true`)" in unknown.output


def test_modules_that_do_not_load_are_listed_like_check_and_exit_1(sample):
    keep_the_rules(sample)
    module(sample, "kapot", "sumary: x\n")
    result = report(sample)
    assert result.exit_code == 1
    assert "content/kapot.md:6: sumary: onbekend veld; bedoel je 'summary'?" in result.output   # mkdocs.yml: nl
    assert "1 fout(en) bij het lezen van de bestanden: geen rapport" in result.output
    assert "observeren" not in result.output and "Traceback" not in result.output


def test_build_py_report_in_a_real_process(sample, repo_root):
    keep_the_rules(sample)
    module(sample, "lang", FRONT, body(middle=LONG_30 + "\n"))
    command = [sys.executable, str(repo_root / "build.py"), "--root", str(sample), "report"]
    normal = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert normal.returncode == 0, normal.stderr
    assert "content/lang.md:" in normal.stdout and "zin van 30 woorden (max 25)" in normal.stdout
    strict = subprocess.run([*command, "--strict"], capture_output=True, text=True, timeout=60)
    assert strict.returncode == 1
