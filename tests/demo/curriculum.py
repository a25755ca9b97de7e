"""The demo curriculum as the tests see it: modules, resolved paths, and plain-language measures."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from portal.load import Module, Sources, load_sources, module_files
from portal.problems import Problems
from portal.resolve import ResolvedPath, resolve_paths

ROOT = Path(__file__).resolve().parents[2]
WORD = re.compile(r"[0-9A-Za-zÀ-ÖØ-öø-ÿ]+(?:['’-][0-9A-Za-zÀ-ÖØ-öø-ÿ]+)*")
LIST_OR_HEADING = re.compile(r"^(#{1,6}|[-*+]|\d+\.)\s+")
# After . ! ? : ; (or such a mark and a closing quote), before what can start a sentence.
SENTENCE_END = re.compile(r"(?:(?<=[.!?:;])|(?<=[.!?:;][\"”’']))\s+(?=[\"'“‘(A-Z0-9À-Ö])")


@cache
def loaded() -> tuple[Sources, tuple[str, ...]]:
    """The demo's sources and the load problems, as `file:line: field: message` lines."""
    problems = Problems(ROOT)
    found = load_sources(ROOT / "content", ROOT / "paths", problems)
    return found, tuple(str(p) for p in problems.sorted())


def sources() -> Sources:
    return loaded()[0]


@cache
def roles() -> dict[str, ResolvedPath]:
    """Every path with a portal of its own, resolved through `extends`."""
    resolved = resolve_paths(sources().paths, Problems(ROOT))
    return {role: path for role, path in resolved.items() if not path.path.abstract}


def module_ids() -> list[str]:
    """Every module file's id, also of a module whose front matter does not load."""
    return sorted(id_ for id_, _ in module_files(ROOT / "content"))


def module(module_id: str) -> Module:
    """The loaded module; a module that does not load fails the test with its problems."""
    found = sources().modules.get(module_id)
    assert found is not None, "\n".join(p for p in loaded()[1] if f"/{module_id}" in p)
    return found


def prose_lines(markdown: str) -> list[str]:
    """The body's reading text, line by line: no code, tables, link targets, HTML or markup."""
    markdown = re.sub(r"```.*?```", " ", markdown, flags=re.S)
    markdown = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", markdown)
    markdown = re.sub(r"<[^>]+>", " ", markdown)
    markdown = re.sub(r"\{[:#.][^}]*\}", " ", markdown)          # attr_list
    lines = []
    for raw in markdown.splitlines():
        line = raw.strip()
        if not line or line.startswith("|"):
            continue
        heading = re.match(r'^(?:!!!|\?\?\?\+?)\s+\w+(?:\s+"([^"]*)")?', line)
        if heading:                                          # an admonition's title is read as a heading
            line = f"# {heading.group(1)}" if heading.group(1) else ""
        line = line.replace("**", "").replace("`", "").replace("_", " ")
        if line:
            lines.append(line)
    return lines


def words(markdown: str) -> int:
    return sum(len(WORD.findall(line)) for line in prose_lines(markdown))


def sentences(markdown: str) -> list[str]:
    """Sentences of the reading text; headings and list items each count as one or more."""
    blocks: list[str] = []
    paragraph: list[str] = []
    for line in prose_lines(markdown) + [""]:
        if LIST_OR_HEADING.match(line) or not line:
            if paragraph:
                blocks.append(" ".join(paragraph))
                paragraph = []
            if line:
                blocks.append(LIST_OR_HEADING.sub("", line))
        else:
            paragraph.append(line.lstrip("> "))
    found = []
    for block in blocks:
        found += [s for s in SENTENCE_END.split(block) if WORD.search(s)]
    return found


def sentence_length(sentence: str) -> int:
    return len(WORD.findall(sentence))


def section(markdown: str, heading: str) -> str | None:
    """The text under `## heading` up to the next heading of level 1 or 2."""
    match = re.search(rf"^## {re.escape(heading)}\s*$(.*?)(?=^#{{1,2}} |\Z)", markdown, flags=re.M | re.S)
    return match.group(1) if match else None
