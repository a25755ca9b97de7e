"""Links and images in a module's Markdown: find them, classify them, rewrite them."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from typing import Callable
from urllib.parse import unquote

# [text](target "title"), ![alt](src), and reference definitions `[id]: target`.
INLINE = re.compile(r"(?P<bang>!?)\[(?P<text>(?:[^\[\]]|\[[^\[\]]*\])*)\]\(\s*(?P<target><[^>]*>|[^)\s]+)(?P<rest>[^)]*)\)")
REFERENCE = re.compile(r"^(?P<lead> {0,3}\[[^\]^][^\]]*\]:\s*)(?P<target><[^>]*>|\S+)(?P<rest>.*)$", re.M)
FENCE = re.compile(r"^ {0,3}(```|~~~)")
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")


@dataclass(frozen=True)
class Link:
    target: str
    line: int          # 1-based, within the body
    image: bool
    text: str


def is_external(target: str) -> bool:
    return bool(SCHEME.match(target)) or target.startswith("//")


def split_anchor(target: str) -> tuple[str, str]:
    path, _, anchor = target.partition("#")
    return path, ("#" + anchor if anchor else "")


def find_links(body: str) -> list[Link]:
    """Every inline link, image and reference definition outside fenced code."""
    found: list[Link] = []
    for number, line in _prose_lines(body):
        for match in INLINE.finditer(line):
            found.append(Link(_bare(match["target"]), number, bool(match["bang"]), match["text"]))
        match = REFERENCE.match(line)
        if match:
            found.append(Link(_bare(match["target"]), number, False, ""))
    return found


def rewrite(body: str, replace: Callable[[Link], str | None]) -> str:
    """Rewrite every link target; `replace` returns a new target, the same, or None to unlink."""
    lines = body.split("\n")
    for index, line in _prose_lines(body):
        def inline(match: re.Match) -> str:
            link = Link(_bare(match["target"]), index, bool(match["bang"]), match["text"])
            new = replace(link)
            if new is None:
                return match["text"]
            return f"{match['bang']}[{match['text']}]({new}{match['rest']})"

        line = INLINE.sub(inline, line)
        ref = REFERENCE.match(line)
        if ref:
            new = replace(Link(_bare(ref["target"]), index, False, ""))
            if new is not None:
                line = f"{ref['lead']}{new}{ref['rest']}"
        lines[index - 1] = line
    return "\n".join(lines)


def module_target(target: str, module_id: str, source_dir: str) -> str | None:
    """The module id a link points to, or None when it points to a file.

    `source_dir` is the module file's folder relative to `content/` ("" or the id).
    `.md` targets resolve like files (`other.md`, `../other/index.md`); other targets
    resolve like URLs from the module's own URL `<id>/` (`../other/`).
    """
    path, _ = split_anchor(unquote(target))
    if not path:
        return None
    if path.endswith(".md"):
        resolved = posixpath.normpath(posixpath.join(source_dir, path))
        resolved = resolved.removesuffix(".md").removesuffix("/index")
        return resolved
    if path.endswith("/"):
        resolved = posixpath.normpath(posixpath.join(module_id, path))
        return resolved
    return None


def _bare(target: str) -> str:
    return target[1:-1] if target.startswith("<") and target.endswith(">") else target


def _prose_lines(body: str):
    fenced = False
    for number, line in enumerate(body.split("\n"), start=1):
        if FENCE.match(line):
            fenced = not fenced
            continue
        if not fenced:
            yield number, line
