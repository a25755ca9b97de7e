"""A link check of a built site: every local href and src resolves to a file, every #fragment to an id."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

SKIP_SCHEMES = {"mailto", "tel", "data", "javascript", "blob"}


class Page(HTMLParser):
    """The ids a page defines and the URLs it refers to."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.refs: list[tuple[str, str]] = []       # (tag.attr, url)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"])
        for attr in ("href", "src"):
            if values.get(attr) and not (tag == "link" and values.get("rel") in ("canonical", "alternate")):
                self.refs.append((f"{tag}.{attr}", values[attr]))


def parse(file: Path) -> Page:
    page = Page()
    page.feed(file.read_text(encoding="utf-8"))
    return page


def broken_links(site: Path, site_url: str) -> tuple[list[str], set[str]]:
    """`(problems, external URLs)`: local links that lead nowhere, and every link to another host."""
    pages = {f: parse(f) for f in sorted(site.rglob("*.html"))}
    problems, external = [], set()
    for file, page in pages.items():
        base = site_url + file.relative_to(site).as_posix()
        for where, ref in page.refs:
            url = urljoin(base, ref)
            parts = urlsplit(url)
            if parts.scheme in SKIP_SCHEMES:
                continue
            if not url.startswith(site_url):
                external.add(url)
                continue
            target = site / unquote(parts.path[len(urlsplit(site_url).path):])
            if target.is_dir():
                target = target / "index.html"
            name = f"{file.relative_to(site)}: {where}={ref}"
            if not target.is_file():
                problems.append(f"{name}: no file {target.relative_to(site)}")
            elif parts.fragment and target.suffix == ".html":
                ids = pages[target].ids if target in pages else parse(target).ids
                if unquote(parts.fragment) not in ids:
                    problems.append(f"{name}: no id '{parts.fragment}' in {target.relative_to(site)}")
    return problems, external
