"""Whitespace out of built pages and the sitemap, keeping what renders the same.

In HTML a run of whitespace renders as one space (outside `<pre>` and `<textarea>`), so a line
break followed by the template's indentation is kept as a bare line break. Scripts and styles
are left as they are. The sitemap is plain XML without mixed content."""

from __future__ import annotations

import re
from pathlib import Path

KEPT = re.compile(r"<(pre|textarea|script|style)\b.*?</\1\s*>", re.S | re.I)
INDENT = re.compile(r"[ \t]*\n\s*")


def html(text: str) -> str:
    out, start = [], 0
    for match in KEPT.finditer(text):
        out.append(INDENT.sub("\n", text[start:match.start()]))
        out.append(match.group(0))
        start = match.end()
    out.append(INDENT.sub("\n", text[start:]))
    return "".join(out)


def xml(text: str) -> str:
    return re.sub(r">\s+<", "><", text).strip() + "\n"


def minify_site(site: Path, pages=None) -> None:
    """The pages (`*.html`, or those given) and `sitemap.xml` of a built portal, in place."""
    for file in site.rglob("*.html") if pages is None else pages:
        text = file.read_text(encoding="utf-8")
        small = html(text)
        if small != text:
            file.write_text(small, encoding="utf-8")
    sitemap = site / "sitemap.xml"
    if sitemap.is_file():
        sitemap.write_text(xml(sitemap.read_text(encoding="utf-8")), encoding="utf-8")
