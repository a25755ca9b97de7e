"""The sample portal, built once per session with the real theme and MkDocs, then inspected."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
import yaml
from sample_portal import copy_sample

from portal import pipeline
from portal.settings import Settings


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    project = copy_sample(tmp_path_factory.mktemp("built") / "project")
    settings = Settings.at(project)
    report = pipeline.build(settings)
    assert not report.failed, [(o.role, o.error) for o in report.outcomes] + [report.landing_error]
    return settings, report


class Refs(HTMLParser):
    """Every href/src of a page, with the tag and rel it sits on."""

    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("href", "src"):
            if attrs.get(name):
                self.refs.append((tag, attrs.get("rel") or "", attrs[name]))


def refs(file: Path) -> list[tuple[str, str, str]]:
    parser = Refs()
    parser.feed(file.read_text(encoding="utf-8"))
    return parser.refs


def html_files(out: Path) -> list[Path]:
    return sorted(f for f in out.rglob("*.html") if not any(p.startswith(".") for p in f.relative_to(out).parts))


def test_the_skip_link_of_every_page_lands_on_the_page(built):
    """Material's "skip to content" targets the first heading; the template's own h1 keeps that id."""
    settings, _ = built
    checked = 0
    for file in html_files(settings.out):
        html = file.read_text(encoding="utf-8")
        skip = re.search(r'<a href="#([^"]+)" class="md-skip"', html)
        if skip:
            checked += 1
            assert f'id="{skip.group(1)}"' in html, f"{file.relative_to(settings.out)}: no #{skip.group(1)}"
    module = (settings.out / "pm-starter" / "modules" / "oudergesprekken" / "index.html").read_text(encoding="utf-8")
    # The body's "# Title" is not shown twice, also when the title has a quote or an ampersand.
    assert re.findall(r"<h1[^>]*>", module) == ['<h1 id="oudergesprekken-ouders-vragen-zorgen">']
    assert checked >= 6


def test_every_role_portal_and_page_exists(built):
    settings, report = built
    out = settings.out
    assert sorted(o.role for o in report.outcomes) == ["leidinggevende", "pm-starter"]
    assert not (out / "basis").exists()          # abstract: no portal
    for page in ("index.html", "intake/index.html", "modules/observeren/index.html", "modules/observeren/kijken.png",
                 "modules/oudergesprekken/index.html", "modules/veiligheid/index.html",
                 "stappen/kinder-ehbo/index.html", "stappen/coachgesprek/index.html"):
        assert (out / "pm-starter" / page).is_file(), page
    assert (out / "leidinggevende/stappen/intervisie-leiders/index.html").is_file()
    assert not (out / "leidinggevende/modules/oudergesprekken").exists()
    assert not (out / "leidinggevende/intake").exists()
    assert (out / "index.html").is_file()
    assert not list(out.glob(".*.new"))


def test_landing_page_links_every_role(built):
    settings, _ = built
    hrefs = {href for _, _, href in refs(settings.out / "index.html")}
    assert {"pm-starter/", "leidinggevende/"} <= hrefs


def test_staged_nav_is_minimal_and_page_meta_is_there(built):
    settings, _ = built
    config = yaml.safe_load((settings.stage / "pm-starter/mkdocs.yml").read_text())
    assert config["nav"] == [{"Overzicht": "index.md"}]
    assert config["extra"]["leerpad"]["role"] == "pm-starter"
    assert config["theme"]["custom_dir"].endswith("portal/theme")
    front = (settings.stage / "pm-starter/docs/modules/observeren/index.md").read_text().split("---\n")[1]
    meta = yaml.safe_load(front)
    assert meta["template"] == "leerpad-module.html"
    assert meta["leerpad"]["next"] == {"title": "Kinder-EHBO", "url": "stappen/kinder-ehbo/"}
    assert meta["leerpad"]["check"][0]["options"][0]["id"] == "a"


def test_pages_link_to_their_neighbours_in_path_order(built):
    settings, _ = built
    page = settings.out / "pm-starter/modules/observeren/index.html"
    hrefs = [href for _, _, href in refs(page)]
    assert "../../stappen/kinder-ehbo/" in hrefs
    assert "../veiligheid/" in hrefs


def test_links_between_modules_are_rewritten_or_dropped(built):
    settings, _ = built
    starter = (settings.out / "pm-starter/modules/observeren/index.html").read_text()
    assert 'href="../oudergesprekken/"' in starter
    leiding = (settings.out / "leidinggevende/modules/observeren/index.html").read_text()
    assert 'href="../oudergesprekken/"' not in leiding      # not in that portal: text only
    assert "Oudergesprekken" in leiding


def test_every_internal_link_resolves(built):
    settings, _ = built
    broken = []
    for file in html_files(settings.out):
        if file.name == "404.html":
            continue   # served at any missing URL, so MkDocs writes it with root-relative URLs
        for tag, rel, ref in refs(file):
            parts = urlsplit(ref)
            if parts.scheme or ref.startswith(("#", "//")) or not parts.path:
                continue
            target = (file.parent / unquote(parts.path)).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{file.relative_to(settings.out)}: {ref}")
    assert broken == []


def test_no_request_to_any_other_host(built):
    settings, _ = built
    offending = []
    for file in html_files(settings.out):
        for tag, rel, ref in refs(file):
            if re.match(r"^(https?:)?//", ref) and not (tag == "link" and rel == "canonical"):
                offending.append(f"{file.relative_to(settings.out)}: <{tag}> {ref}")
    for file in settings.out.rglob("*.css"):
        for match in re.findall(r"(?:url\(|@import)\s*['\"]?((?:https?:)?//[^'\")]+)", file.read_text()):
            offending.append(f"{file.relative_to(settings.out)}: {match}")
    assert offending == []


def test_fonts_are_off(built):
    settings, _ = built
    for file in html_files(settings.out):
        text = file.read_text(encoding="utf-8")
        assert "fonts.googleapis" not in text and "fonts.gstatic" not in text, file


def test_a_staged_project_also_builds_with_the_engines_command_line(built, tmp_path):
    from portal.engine.render import build_subprocess

    settings, _ = built
    result = build_subprocess(settings.stage / "leidinggevende/mkdocs.yml", site_dir=tmp_path / "cli")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "cli/modules/leiding-geven/index.html").is_file()
