"""The house writing rules for modules: text measures and the findings for one module.

The measures are pure functions of Markdown text. The rules are the demo curriculum's
(docs/curriculum.md, "How the modules are written"): length, B1 sentences, reflection
prompts, a knowledge check with feedback, practice scenes and a closing `## Bronnen`.
`python build.py report` shows them per module; `tests/demo/` holds the demo to them.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from pathlib import Path

from portal.model.load import Module
from portal.model.messages import say
from portal.model.problems import Problems

# --- The house rules -------------------------------------------------------------------

MIN_WORDS, MAX_WORDS = 600, 1200              # words of reading text in the body
MAX_AVERAGE_SENTENCE = 14                     # B1: words per sentence on average
MAX_SENTENCE = 25                             # B1: words in any one sentence
MIN_REFLECTION, MAX_REFLECTION = 3, 5         # reflection prompts
MIN_CHECK, MAX_CHECK = 3, 5                   # knowledge-check questions
MIN_PRACTICE = 2                              # `!!! example "..."` scenes from practice
SOURCES_HEADING = "Bronnen"                   # the last section: sources, with an https link

# What each finding is about (`Finding.rule`).
WORDS, SENTENCE, AVERAGE, REFLECTION, CHECK, PRACTICE, SOURCES = (
    "words", "sentence", "average", "reflection", "check", "practice", "sources")
RULES = (WORDS, SENTENCE, AVERAGE, REFLECTION, CHECK, PRACTICE, SOURCES)

# --- Text measures -----------------------------------------------------------------------

WORD = re.compile(r"[0-9A-Za-zÀ-ÖØ-öø-ÿ]+(?:['’-][0-9A-Za-zÀ-ÖØ-öø-ÿ]+)*")
LIST_OR_HEADING = re.compile(r"^(#{1,6}|[-*+]|\d+\.)\s+")
HEADING = re.compile(r"^#{1,6}\s+")
ADMONITION = re.compile(r'^(?:!!!|\?\?\?\+?)\s+\w+(?:\s+"([^"]*)")?')
# After . ! ? : ; (or such a mark and a closing quote), before what can start a sentence.
SENTENCE_END = re.compile(r"(?:(?<=[.!?:;])|(?<=[.!?:;][\"”’']))\s+(?=[\"'“‘(A-Z0-9À-Ö])")
PRACTICE_SCENE = re.compile(r'^!!! example "([^"]+)"', flags=re.M)


@dataclass(frozen=True)
class Sentence:
    text: str
    line: int          # where it starts: 1-based, counted from `first_line`

    @property
    def words(self) -> int:
        return sentence_length(self.text)


def _keeping_lines(replacement: str | None = None):
    """A `re.sub` replacement that keeps the match's line breaks, so line numbers stay right."""
    def replace(match: re.Match) -> str:
        kept = match.expand(replacement) if replacement else " "
        return kept + "\n" * (match.group(0).count("\n") - kept.count("\n"))
    return replace


def _reading_lines(markdown: str, first_line: int = 1) -> list[tuple[int, str]]:
    """Every line as `(line, reading text)`; "" where a line holds no reading text."""
    markdown = re.sub(r"```.*?```", _keeping_lines(), markdown, flags=re.S)
    markdown = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", _keeping_lines(r"\1"), markdown)
    markdown = re.sub(r"<[^>]+>", _keeping_lines(), markdown)
    markdown = re.sub(r"\{[:#.][^}]*\}", _keeping_lines(), markdown)          # attr_list
    found = []
    for number, raw in enumerate(markdown.split("\n"), start=first_line):
        line = raw.strip()
        if line.startswith("|"):
            line = ""
        heading = ADMONITION.match(line)
        if heading:                                          # an admonition's title is read as a heading
            line = f"# {heading.group(1)}" if heading.group(1) else ""
        line = line.replace("**", "").replace("`", "").replace("_", " ").strip()
        found.append((number, line))
    return found


def prose_lines(markdown: str) -> list[str]:
    """The body's reading text, line by line: no code, tables, link targets, HTML or markup."""
    return [line for _, line in _reading_lines(markdown) if line]


def words(markdown: str) -> int:
    return sum(len(WORD.findall(line)) for line in prose_lines(markdown))


def sentences(markdown: str, first_line: int = 1) -> list[Sentence]:
    """Sentences of the reading text with the line each starts on (the markdown's first line is
    `first_line`). Headings, admonition titles and list items each count as one or more."""
    blocks: list[list[tuple[int, str]]] = []
    current: list[tuple[int, str]] = []

    def close() -> None:
        nonlocal current
        if current:
            blocks.append(current)
        current = []

    quoted = False
    for number, line in _reading_lines(markdown, first_line):
        if line.startswith(">") != quoted:                 # a quote starts or ends
            close()
            quoted = not quoted
        line = line.lstrip("> ")
        if not line:                                     # a blank line, table, code or markup only
            close()
        elif HEADING.match(line):                        # a heading stands alone
            close()
            blocks.append([(number, HEADING.sub("", line))])
        elif LIST_OR_HEADING.match(line):                # a list item, maybe continued on the next lines
            close()
            current = [(number, LIST_OR_HEADING.sub("", line))]
        else:
            current.append((number, line))
    close()
    found = []
    for block in blocks:
        found += _split(block)
    return found


def _split(block: list[tuple[int, str]]) -> list[Sentence]:
    """The sentences of lines read as one paragraph, each with the line it starts on."""
    starts, lines, text = [], [], ""
    for number, line in block:
        if text:
            text += " "
        starts.append(len(text))
        lines.append(number)
        text += line
    found, begin = [], 0
    for end in [*SENTENCE_END.finditer(text), None]:
        piece = text[begin: end.start() if end else len(text)]
        if WORD.search(piece):
            found.append(Sentence(piece, lines[bisect.bisect_right(starts, begin) - 1]))
        if end:
            begin = end.end()
    return found


def sentence_length(sentence: str) -> int:
    return len(WORD.findall(sentence))


def section(markdown: str, heading: str) -> str | None:
    """The text under `## heading` up to the next heading of level 1 or 2."""
    match = _section(markdown, heading)
    return match.group(1) if match else None


def heading_line(markdown: str, heading: str, first_line: int = 1) -> int | None:
    """The line of `## heading` (the markdown's first line is `first_line`)."""
    match = _section(markdown, heading)
    return first_line + markdown.count("\n", 0, match.start()) if match else None


def _section(markdown: str, heading: str) -> re.Match | None:
    return re.search(rf"^## {re.escape(heading)}\s*$(.*?)(?=^#{{1,2}} |\Z)", markdown, flags=re.M | re.S)


def practice_scenes(markdown: str) -> list[str]:
    """The titles of the `!!! example "..."` blocks."""
    return PRACTICE_SCENE.findall(markdown)


# --- One module ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Measures:
    words: int
    sentences: int
    average: float            # words per sentence; 0 without sentences
    longest: int
    reflection: int
    check: int
    practice: int


@dataclass(frozen=True, order=True)
class Finding:
    """One broken house rule, located like a build problem: `file:line: field: message`."""

    file: str
    line: int
    field: str
    message: str
    rule: str = ""

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.field}: {self.message}"


def measure(module: Module) -> Measures:
    found = sentences(module.body, module.body_line)
    lengths = [s.words for s in found]
    return Measures(
        words=words(module.body),
        sentences=len(found),
        average=sum(lengths) / len(lengths) if lengths else 0.0,
        longest=max(lengths, default=0),
        reflection=len(module.meta.reflection),
        check=len(module.meta.check),
        practice=len(practice_scenes(module.body)),
    )


def findings(module: Module, root: Path | None = None) -> list[Finding]:
    """Every house rule the module breaks, in the order of the file's lines.

    Front-matter findings stand on their field's line (line 1 when the field is absent);
    body findings on the sentence or heading, or on the body's first line."""
    file = Problems(root).name(module.source)
    body, first = module.body, module.body_line
    measures = measure(module)
    found: list[Finding] = []

    def add(line: int, field: str, message: str, rule: str) -> None:
        found.append(Finding(file, line, field, message, rule))

    def front(*loc) -> int:
        present = module.lines is not None and loc[:1] in module.lines.lines
        return module.lines.line(loc) if present else 1

    if not MIN_WORDS <= measures.words <= MAX_WORDS:
        add(first, "body", say("r_words", count=measures.words, min=MIN_WORDS, max=MAX_WORDS), WORDS)
    for sentence in sentences(body, first):
        if sentence.words > MAX_SENTENCE:
            add(sentence.line, "body", say("r_sentence", count=sentence.words, max=MAX_SENTENCE,
                                           opening=opening(sentence.text)), SENTENCE)
    if measures.average > MAX_AVERAGE_SENTENCE:
        add(first, "body", say("r_average", average=_over(measures.average, MAX_AVERAGE_SENTENCE),
                               max=MAX_AVERAGE_SENTENCE), AVERAGE)

    if not MIN_REFLECTION <= measures.reflection <= MAX_REFLECTION:
        add(front("reflection"), "reflection",
            say("r_count", count=_count(measures.reflection, "r_prompt"), min=MIN_REFLECTION, max=MAX_REFLECTION),
            REFLECTION)
    if not MIN_CHECK <= measures.check <= MAX_CHECK:
        add(front("check"), "check",
            say("r_count", count=_count(measures.check, "r_question"), min=MIN_CHECK, max=MAX_CHECK), CHECK)
    for number, question in enumerate(module.meta.check, 1):
        if not question.explanation:
            add(front("check", number - 1), f"check q{number}", say("r_no_explanation"), CHECK)
        for index, option in enumerate(question.options):
            if not option.feedback:
                add(front("check", number - 1, "options", index), f"check q{number}{_letter(index)}",
                    say("r_no_feedback", opening=opening(option.text)), CHECK)

    if measures.practice < MIN_PRACTICE:
        add(first, "practice", say("r_practice", count=_count(measures.practice, "r_scene"), min=MIN_PRACTICE), PRACTICE)

    found += _sources(module, file)
    return sorted(found, key=lambda f: f.line)


def _sources(module: Module, file: str) -> list[Finding]:
    body, heading = module.body, f"## {SOURCES_HEADING}"
    text = section(body, SOURCES_HEADING)
    if text is None:
        last = module.body_line + len(body.rstrip().split("\n")) - 1
        return [Finding(file, last, SOURCES_HEADING, say("r_sources_missing", heading=heading), SOURCES)]
    line = heading_line(body, SOURCES_HEADING, module.body_line)
    found = []
    if not body.rstrip().endswith(text.rstrip()):
        found.append(Finding(file, line, SOURCES_HEADING, say("r_sources_not_last", heading=heading), SOURCES))
    if not re.search(r"^\s*[-*] \S", text, flags=re.M):
        found.append(Finding(file, line, SOURCES_HEADING, say("r_sources_no_list"), SOURCES))
    if not re.search(r"\]\(<?https://", text):
        found.append(Finding(file, line, SOURCES_HEADING, say("r_sources_no_link"), SOURCES))
    return found


def opening(text: str, count: int = 6) -> str:
    """The first words of a sentence, to recognise it by."""
    parts = text.split()
    return " ".join(parts[:count]) + (" ..." if len(parts) > count else "")


def _count(number: int, noun: str) -> str:
    """`1 prompt`, `2 prompts`: `noun` is a message key with the singular; `<noun>s` has the plural."""
    return f"{number} {say(noun if number == 1 else noun + 's')}"


def _letter(index: int) -> str:
    return chr(ord("a") + index) if index < 26 else f"[{index}]"


def _over(value: float, limit: float) -> str:
    """`value` rounded, with enough decimals to show it is over `limit`."""
    text = f"{value:.1f}"
    return text if float(text) > limit else f"{value:.2f}"
