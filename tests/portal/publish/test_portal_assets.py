"""What a built portal page loads: one trimmed stylesheet, Material's bundle behind the search
shim, one Leerpad bundle; pages without indentation; `.gz` beside every text file, `.br` too
beside all but the pages."""

from __future__ import annotations

import brotli
import gzip
import re
from pathlib import Path

import pytest
from sample_portal import copy_sample

from portal import pipeline
from portal.publish import images, minify
from portal.stage import scripts, stylesheet
from portal.settings import Settings


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    project = copy_sample(tmp_path_factory.mktemp("assets") / "project")
    settings = Settings.at(project, tracker="http://127.0.0.1:5999")
    report = pipeline.build(settings, jobs=1)
    assert not report.failed, [(o.role, o.error) for o in report.outcomes]
    return settings.out / "pm-starter"


def linked(page: Path, pattern: str) -> list[Path]:
    html = page.read_text(encoding="utf-8")
    return [(page.parent / href).resolve() for href in re.findall(pattern, html)]


def test_a_page_loads_one_stylesheet_and_two_scripts_that_exist(site):
    for page in [site / "index.html", *site.glob("modules/*/index.html")]:
        css = linked(page, r'<link rel="stylesheet" href="([^"]+)"')
        js = linked(page, r'<script src="([^"]+)"')
        assert [p.name for p in css] == [p.name for p in site.glob("assets/leerpad/leerpad.*.css")], page
        assert {p.name.split(".")[0] for p in js} >= {"material", "leerpad"}, page
        assert all(p.is_file() for p in css + js), page
    assert not list(site.glob("assets/stylesheets/*.css")), "Material's own stylesheets are replaced"
    assert not list(site.glob("assets/javascripts/bundle.*")), "Material's bundle is replaced"
    for name in scripts.SCRIPTS:
        assert not (site / "assets" / "leerpad" / f"{name}.js").exists(), f"{name}.js is in the bundle"


def test_the_trimmed_stylesheet_keeps_every_rule_the_pages_can_use(site):
    """Each selector of Material's whose classes, ids and elements the pages all have is kept."""
    trimmed = next(site.glob("assets/leerpad/leerpad.*.css")).read_text(encoding="utf-8")
    words = stylesheet.site_words(site)
    missing, applicable = [], 0
    for match in re.finditer(r"([^{}]*)\{([^{}]*)\}", stylesheet._material_text()):
        if all(d.strip().startswith("--") for d in match.group(2).split(";") if d.strip()):
            continue                  # only custom properties: dropped when nothing reads them
        for selector in stylesheet.split_top(match.group(1).strip()):
            if not selector or selector.startswith("@") or "data-md-color" in selector or "dir=rtl" in selector:
                continue
            names, _ = stylesheet.required_words(selector)
            if names <= words:
                applicable += 1
                if selector not in trimmed:
                    missing.append(selector)
    assert applicable > 300 and missing == []
    assert len(trimmed) < 0.5 * len(stylesheet._material_text())
    assert "[dir=rtl]" not in trimmed and "--md-admonition-icon--bug" not in trimmed


def test_trimming_keeps_media_wrappers_and_drops_unknown_classes():
    trimmer = stylesheet.Trimmer({"a", "b"}, {"primary": {"custom"}})
    css = (".a{x:1}.zz{x:2}.a .zz,.b{x:3}@media (min-width:1px){.zz{x:4}.b:not(.zz){x:5}}"
           "[data-md-color-primary=pink]{x:6}[data-md-color-primary=custom]{x:7}[dir=rtl] .a{x:8}"
           "@keyframes k{0%{x:9}}")
    assert trimmer.rules(css) == (".a{x:1}.b{x:3}@media (min-width:1px){.b:not(.zz){x:5}}"
                                  "[data-md-color-primary=custom]{x:7}@keyframes k{0%{x:9}}")
    assert stylesheet.drop_unused_properties(":root{--u:1;--v:2}.a{c:var(--v)}") == ":root{--v:2}.a{c:var(--v)}"


def test_the_stylesheet_name_depends_on_the_staged_inputs():
    config = {"theme": {"language": "nl"}}
    one = stylesheet.stylesheet_name({"index.md": b"a"}, config)
    assert one == stylesheet.stylesheet_name({"index.md": b"a"}, config)
    assert one != stylesheet.stylesheet_name({"index.md": b"b"}, config)
    assert re.fullmatch(r"assets/leerpad/leerpad\.[0-9a-f]{10}\.css", one)


def test_the_material_bundle_starts_with_materials_globals_and_the_search_shim():
    name, data = scripts.material_bundle()
    text = data.decode("utf-8")
    folder = scripts.THEME / "assets" / "leerpad"
    head = "".join(scripts.compact_js((folder / file).read_text(encoding="utf-8"))
                   for file in (scripts.MATERIAL_GLOBALS, scripts.SEARCH_SHIM))
    assert text.startswith(head) and scripts.material_bundle_file().read_text(encoding="utf-8")[:2000] in text
    assert "sourceMappingURL" not in text


def test_a_page_loads_materials_globals_with_its_bundle_not_as_a_file_of_their_own(site):
    """One request less: the tag of Material's bundle carries the scope its globals read."""
    html = (site / "modules").glob("*/index.html").__next__().read_text(encoding="utf-8")
    assert "material-globals.js" not in html
    assert re.search(r'<script src="\.\./\.\./assets/leerpad/material\.[0-9a-f]+\.js" data-scope="\.\./\.\."></script>', html)
    assert not (site / "assets" / "leerpad" / scripts.MATERIAL_GLOBALS).exists()


def test_pages_lose_indentation_but_not_preformatted_text():
    page = "<div>\n    <p>a\n      b</p>\n  <pre>x\n    y</pre>\n<textarea>\n  t</textarea>\n</div>\n"
    assert minify.html(page) == "<div>\n<p>a\nb</p>\n<pre>x\n    y</pre>\n<textarea>\n  t</textarea>\n</div>\n"


def test_every_text_file_has_compressed_twins_with_the_same_content(site):
    checked = 0
    for file in site.rglob("*"):
        rel = file.relative_to(site).as_posix()
        if not file.is_file() or not rel.endswith((".html", ".css", ".js", ".json", ".svg", ".xml")):
            continue
        if file.stat().st_size < 512 or "/lunr/" in f"/{rel}":
            continue
        data = file.read_bytes()
        assert gzip.decompress(file.with_name(file.name + ".gz").read_bytes()) == data, rel
        twin = file.with_name(file.name + ".br")
        assert rel.endswith(".html") != twin.is_file(), rel
        if twin.is_file():
            assert brotli.decompress(twin.read_bytes()) == data, rel
        checked += 1
    assert checked > 10
    assert gzip.decompress((site.parent / "index.html.gz").read_bytes()) == (site.parent / "index.html").read_bytes()
    assert "    <" not in (site / "index.html").read_text(encoding="utf-8").split("<pre")[0]


def test_images_get_lazy_loading_and_their_size(tmp_path):
    (tmp_path / "a.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 170"></svg>')
    (tmp_path / "b.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="40px" height="20"></svg>')
    page = '<p><img alt="a" src="a.svg" /><img src="b.svg"><img src="c.png" loading="eager" width="9"></p>'
    assert images.with_image_hints(page, tmp_path) == (
        '<p><img alt="a" src="a.svg" loading="lazy" decoding="async" width="360" height="170" />'
        '<img src="b.svg" loading="lazy" decoding="async" width="40" height="20">'
        '<img src="c.png" loading="eager" width="9" decoding="async"></p>')


def test_built_module_images_are_lazy_and_sized(site):
    html = (site / "modules" / "observeren" / "index.html").read_text(encoding="utf-8")
    tags = re.findall(r"<img[^>]*>", html)
    assert tags and all('loading="lazy"' in t and re.search(r'width="\d+" height="\d+"', t) for t in tags)
