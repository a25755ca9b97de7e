"""One stylesheet per role portal: Material's CSS trimmed to what the portal uses, plus ours.

Material ships one 138 KB stylesheet (and a 12 KB palette) for every feature and Markdown
extension it supports; a Leerpad page needs a fraction of it, and on a host that does not
compress it is the page's largest render-blocking download. After the engine has built a role,
a rule stays when every class and id its selector requires (outside functional pseudo-classes
such as `:not()`/`:is()`, which are kept as they are) occurs in the role's pages or is one that
Material's or our scripts set at run time, when the rare elements it needs (`kbd`, `dl`, ...)
occur in the pages, and, for palette rules, when it is the configured colour; right-to-left
rules go for left-to-right languages. Custom properties no kept rule reads are dropped. What
stays is Material's text byte for byte, followed by `leerpad.css`.

The file's name is fixed at staging time from the role's inputs (a build with the same inputs
makes the same file), so pages can link it before it exists.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import json
import re
from pathlib import Path

from portal.settings import THEME

WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
EXTENSION_CLASSES = {"md-typeset"}
RTL_LANGUAGES = {"ar", "fa", "he", "ps", "sd", "ug", "ur", "yi"}
# Classes Material's bundle sets at run time for the features Leerpad uses (search, instant
# navigation, sidebar, header, back-to-top, focus), by prefix; its other features' classes
# (tooltips, annotations, code copy, tabs, versions, tags) are left out.
SCRIPT_CLASS_PREFIXES = ("md-search", "md-nav", "md-header", "md-sidebar", "md-progress", "md-dialog", "md-top",
                         "md-source", "md-ellipsis", "md-content", "md-main", "md-typeset", "md-toggle",
                         "md-overlay", "md-skip", "md-status")
SCRIPT_CLASSES = {"js", "no-js", "focus-visible", "md-icon", "md-hidden", "md-typeset__scrollwrap",
                  "md-typeset__table", "mark"}    # tables are wrapped at run time; search highlights with <mark>
# Elements a rule may need that a page may well not have: it stays only when the page has them.
RARE_ELEMENTS = {"kbd", "abbr", "mark", "del", "ins", "sup", "sub", "dl", "dt", "dd", "iframe", "video", "audio",
                 "math", "svg", "figure", "figcaption", "small", "var", "samp", "caption", "col", "colgroup",
                 "tfoot", "select", "textarea", "meter", "progress", "object", "embed", "canvas", "picture",
                 "table", "code", "pre", "blockquote", "details", "summary", "hr", "img", "th", "td", "tr",
                 "thead", "tbody", "ol", "label", "input", "button", "fieldset", "legend", "h5", "h6"}
PALETTE_ATTRIBUTE = re.compile(r"\[data-md-color-(primary|accent|scheme)=([\"']?)([^\]\"']+)\2\]")
CUSTOM_PROPERTY = re.compile(r"(?:^|;)\s*(--[A-Za-z0-9_-]+)\s*:")
VAR_USE = re.compile(r"var\(\s*(--[A-Za-z0-9_-]+)")
GROUPING_AT_RULES = ("@media", "@supports", "@layer", "@container", "@document")


def material_stylesheets() -> list[Path]:
    """Material's main and palette stylesheets, found without importing Material."""
    spec = importlib.util.find_spec("material")
    folder = Path(spec.origin).parent / "templates" / "assets" / "stylesheets"
    return sorted(folder.glob("main.*.min.css")) + sorted(folder.glob("palette.*.min.css"))


def material_templates() -> Path:
    return Path(importlib.util.find_spec("material").origin).parent / "templates"


# --- a small reader for minified CSS: blocks, at-rules, selectors ----------------------------------

def _skip_string(text: str, i: int) -> int:
    quote, i = text[i], i + 1
    while i < len(text) and text[i] != quote:
        i += 2 if text[i] == "\\" else 1
    return i + 1


def _code(text: str, i: int):
    """(index, character) of `text` from `i` on, strings and comments skipped."""
    while i < len(text):
        if text[i] in "\"'":
            i = _skip_string(text, i)
        elif text.startswith("/*", i):
            i = text.index("*/", i + 2) + 2
        else:
            yield i, text[i]
            i += 1


def _block_end(text: str, i: int) -> int:
    """The index after the `}` matching the `{` at `i`."""
    depth = 0
    for at, char in _code(text, i):
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                return at + 1
    raise ValueError("unbalanced braces in stylesheet")


def _next_stop(text: str, i: int) -> int:
    """The index of the next top-level `{` or `;` from `i` (strings and comments skipped)."""
    depth = 0
    for at, char in _code(text, i):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif depth == 0 and char in "{;":
            return at
    return len(text)


def split_top(text: str, separator: str = ",") -> list[str]:
    """Split at `separator` outside parentheses, brackets and strings."""
    parts, depth, start, i = [], 0, 0, 0
    while i < len(text):
        char = text[i]
        if char in "\"'":
            i = _skip_string(text, i)
            continue
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif char == separator and depth == 0:
            parts.append(text[start:i])
            start = i + 1
        i += 1
    parts.append(text[start:])
    return parts


def _outside_parentheses(selector: str) -> str:
    out, depth, i = [], 0, 0
    while i < len(selector):
        char = selector[i]
        if char in "\"'":
            end = _skip_string(selector, i)
            if depth == 0:
                out.append(selector[i:end])
            i = end
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif depth == 0:
            out.append(char)
        i += 1
    return "".join(out)


def required_words(selector: str) -> tuple[set[str], list[tuple[str, str]]]:
    """The classes and ids a selector needs, and its palette attribute conditions."""
    plain = _outside_parentheses(selector)
    palette = [(m.group(1), m.group(3)) for m in PALETTE_ATTRIBUTE.finditer(plain)]
    plain = re.sub(r"\[[^\]]*\]", "", plain)
    names = set(re.findall(r"[.#](-?[A-Za-z_][A-Za-z0-9_-]*)", plain))
    elements = {m.group(1) for m in re.finditer(r"(?:^|[\s>+~])([a-z][a-z0-9]*)", plain)} & RARE_ELEMENTS
    return names | elements, palette


class Trimmer:
    def __init__(self, words: set[str], palette: dict[str, set[str]], rtl: bool = False):
        self.words, self.palette, self.rtl = words, palette, rtl

    def keeps(self, selector: str) -> bool:
        return self.keeps_parsed(_selector(selector))

    def keeps_parsed(self, parsed: tuple) -> bool:
        names, palette, rtl = parsed
        if rtl and not self.rtl:
            return False
        return names <= self.words and all(value in self.palette.get(kind, ()) for kind, value in palette)

    def rules(self, text: str) -> str:
        return self.render(parse(text))

    def render(self, nodes: list[tuple]) -> str:
        out = []
        for node in nodes:
            if node[0] == "text":
                out.append(node[1])
            elif node[0] == "group":
                inner = self.render(node[2])
                if inner:
                    out.append(f"{node[1]}{{{inner}}}")
            else:
                kept = [selector for selector, parsed in node[1] if self.keeps_parsed(parsed)]
                if kept:
                    out.append(",".join(kept) + "{" + node[2] + "}")
        return "".join(out)


def _selector(selector: str) -> tuple:
    names, palette = required_words(selector)
    return frozenset(names), tuple(palette), bool(re.search(r"\[dir=[\"']?rtl|:dir\(rtl\)", selector))


def parse(text: str) -> list[tuple]:
    """A stylesheet as nodes: ("text", kept as is), ("group", @media head, nodes), ("rule",
    [(selector, what it needs)], declarations)."""
    nodes, i = [], 0
    while i < len(text):
        while i < len(text) and text[i] in " \n\t\r":
            i += 1
        if i >= len(text):
            break
        if text.startswith("/*", i):
            i = text.index("*/", i + 2) + 2
            continue
        stop = _next_stop(text, i)
        head = text[i:stop].strip()
        if stop >= len(text) or text[stop] == ";":          # @charset, @import, a stray declaration
            nodes.append(("text", text[i:stop + 1]))
            i = stop + 1
            continue
        end = _block_end(text, stop)
        body = text[stop + 1:end - 1]
        if head.startswith(GROUPING_AT_RULES):
            nodes.append(("group", head, parse(body)))
        elif head.startswith("@"):                           # @font-face, @keyframes, @page: as they are
            nodes.append(("text", text[i:end]))
        else:
            nodes.append(("rule", [(s, _selector(s)) for s in split_top(head)], body))
        i = end
    return nodes


@functools.lru_cache(maxsize=1)
def _material_nodes() -> list[tuple]:
    return parse(_material_text())


def drop_unused_properties(css: str, also_used: str = "") -> str:
    """Remove declarations of custom properties (`--x: ...`) that nothing reads with `var(--x)`."""
    while True:
        used = set(VAR_USE.findall(css)) | set(VAR_USE.findall(also_used))
        changed = False

        def body(match: re.Match) -> str:
            nonlocal changed
            declarations = split_top(match.group(2), ";")
            kept = [d for d in declarations
                    if not ((m := re.match(r"\s*(--[A-Za-z0-9_-]+)\s*:", d)) and m.group(1) not in used)]
            if len(kept) != len(declarations):
                changed = True
            return match.group(1) + "{" + ";".join(kept) + "}"

        css = re.sub(r"([^{}]*)\{([^{}]*)\}", body, css)
        css = re.sub(r"(^|[{}])[^{}@]+\{\}", r"\1", css)            # rules left empty
        if not changed:
            return css


def minify(css: str) -> str:
    """Comments and needless whitespace out of our own stylesheet (strings untouched)."""
    out, i = [], 0
    while i < len(css):
        if css[i] in "\"'":
            end = _skip_string(css, i)
            out.append(css[i:end])
            i = end
        elif css.startswith("/*", i):
            i = css.index("*/", i + 2) + 2
        else:
            out.append(css[i])
            i += 1
    text = re.sub(r"\s+", " ", "".join(out))
    text = re.sub(r"\s*([{};,>])\s*", r"\1", text)
    text = re.sub(r":\s+", ":", text)                    # also selectors' `a: b`? only in declarations
    return text.replace(";}", "}").strip()


@functools.lru_cache(maxsize=1)
def _runtime_words(theme: Path) -> frozenset[str]:
    """Classes set by scripts: ours (`md-...` words in them), and Material's for the features we use."""
    words: set[str] = set(SCRIPT_CLASSES)
    for source in sorted((theme / "assets" / "leerpad").glob("*.js")):
        words.update(w for w in WORD.findall(source.read_text(encoding="utf-8", errors="replace")) if w.startswith("md-"))
    for script in (material_templates() / "assets" / "javascripts").glob("bundle.*.min.js"):
        words.update(w for w in WORD.findall(script.read_text(encoding="utf-8")) if w.startswith(SCRIPT_CLASS_PREFIXES))
    return frozenset(words)


@functools.lru_cache(maxsize=1)
def _material_text() -> str:
    return "\n".join(file.read_text(encoding="utf-8") for file in material_stylesheets())


@functools.lru_cache(maxsize=8)
def _trimmed(words: frozenset[str], palette: tuple[tuple[str, tuple[str, ...]], ...], ours: str,
             rtl: bool = False) -> str:
    trimmer = Trimmer(set(words), {kind: set(values) for kind, values in palette}, rtl)
    css = trimmer.render(_material_nodes())
    css = drop_unused_properties(css, also_used=ours)
    return css + "\n" + ours + "\n"


def palette_of(config: dict) -> dict[str, set[str]]:
    """The palette values the pages carry (`data-md-color-*`), from `theme.palette`."""
    palette = (config.get("theme") or {}).get("palette") or {}
    entries = palette if isinstance(palette, list) else [palette]
    values: dict[str, set[str]] = {"primary": set(), "accent": set(), "scheme": set()}
    for entry in entries:
        for kind in values:
            if isinstance(entry, dict) and entry.get(kind):
                values[kind].add(str(entry[kind]).replace(" ", "-").lower())
    values["scheme"].add("default")
    for kind in ("primary", "accent"):
        values[kind] = values[kind] or {"indigo"}
    return values


# Attributes follow whitespace: `\s` (not `\b`, which also matched `data-step-id=`) lets the regex
# engine skip ahead to the next blank; three times faster on a page, and this runs for every page.
CLASS_ATTRIBUTE = re.compile(r"""\sclass=["']([^"']*)["']""")
ID_ATTRIBUTE = re.compile(r"""\sid=["']([^"']*)["']""")
TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9]*)")


def words_of(page: str) -> set[str]:
    """Classes, ids and element names of one page."""
    words = {tag.lower() for tag in set(TAG.findall(page))}
    words.update(ID_ATTRIBUTE.findall(page))
    for value in set(CLASS_ATTRIBUTE.findall(page)):
        words.update(value.split())
    return words


def site_words(site_or_pages) -> set[str]:
    """Classes, ids and element names of every page of a built portal (or of the pages given)."""
    pages = site_or_pages.rglob("*.html") if isinstance(site_or_pages, Path) else site_or_pages
    words: set[str] = set()
    for page in pages:
        words |= words_of(page.read_text(encoding="utf-8"))
    return words


def stylesheet_name(staged: dict, config: dict, theme: Path = THEME) -> str:
    """`assets/leerpad/leerpad.<hash>.css`: a hash of what the trimmed stylesheet is made from (the
    staged pages and config, the theme, Material's stylesheets)."""
    digest = hashlib.sha256(_theme_digest(theme, _theme_mtimes(theme)))
    for name in sorted(staged):
        data = staged[name]
        digest.update(name.encode() + b"\0" + (data if isinstance(data, bytes) else str(data).encode()) + b"\0")
    settings = {k: v for k, v in config.items() if k not in ("site_dir", "hooks")}     # where, not what
    settings["theme"] = {k: v for k, v in (config.get("theme") or {}).items() if k != "custom_dir"}
    digest.update(json.dumps(settings, sort_keys=True, default=repr).encode())
    return f"assets/leerpad/leerpad.{digest.hexdigest()[:10]}.css"


def write_stylesheet(site: Path, name: str, config: dict, page_words: set[str] | None = None,
                     theme: Path = THEME) -> int:
    """Write the role's trimmed stylesheet at `site/name` (for the pages' `page_words`, else read
    from the pages); its size."""
    page_words = site_words(site) if page_words is None else page_words
    words = (page_words | _runtime_words(theme) | EXTENSION_CLASSES) & (_material_words() | RARE_ELEMENTS)
    ours_file = theme / "assets" / "leerpad" / "leerpad.css"
    ours = minify(ours_file.read_text(encoding="utf-8")) if ours_file.is_file() else ""
    palette = palette_of(config)
    language = str((config.get("theme") or {}).get("language") or "en").split("-")[0]
    css = _trimmed(frozenset(words), tuple(sorted((k, tuple(sorted(v))) for k, v in palette.items())), ours,
                   language in RTL_LANGUAGES)
    data = css.encode("utf-8")
    (site / name).parent.mkdir(parents=True, exist_ok=True)
    (site / name).write_bytes(data)
    return len(data)


def _theme_mtimes(theme: Path) -> tuple:
    return tuple((f.as_posix(), f.stat().st_mtime_ns) for f in sorted(theme.rglob("*")) if f.is_file())


@functools.lru_cache(maxsize=2)
def _theme_digest(theme: Path, mtimes: tuple) -> bytes:
    digest = hashlib.sha256()
    for file in sorted(theme.rglob("*")):
        if file.is_file():
            digest.update(file.relative_to(theme).as_posix().encode() + b"\0" + file.read_bytes())
    for file in material_stylesheets():
        digest.update(file.name.encode())
    digest.update(json.dumps(sorted(_runtime_words(theme))).encode())
    return digest.digest()


@functools.lru_cache(maxsize=1)
def _material_words() -> frozenset[str]:
    """Every class or id Material's stylesheets mention: only these matter in page text."""
    return frozenset(re.findall(r"[.#](-?[A-Za-z_][A-Za-z0-9_-]*)", re.sub(r"\{[^{}]*\}", "{}", _material_text())))
