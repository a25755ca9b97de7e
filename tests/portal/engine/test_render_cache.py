"""The engine hook's caches change only the build time: same pages with and without them."""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest
import yaml
from mkdocs.utils.meta import get_data
from sample_portal import copy_sample

from portal import pipeline
from portal.engine import render, render_cache
from portal.engine.render_page import json_front_matter
from portal.settings import Settings
from portal.model.siteconfig import dump_front_matter
from portal.stage.project import ENGINE_HOOK


def without_hook(config_file: Path, site_dir: Path) -> Path:
    """A copy of a staged config without the engine hook, beside it (its relative paths still hold)."""
    config = yaml.safe_load(config_file.read_text(encoding="utf-8"))
    config["hooks"] = [h for h in config["hooks"] if h != str(ENGINE_HOOK)]
    config["site_dir"] = str(site_dir)
    copy = config_file.with_name("mkdocs-no-hook.yml")
    copy.write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    return copy


def differences(left: Path, right: Path) -> list[str]:
    """Files that differ or exist on one side only, recursively."""
    found: list[str] = []

    def walk(cmp: filecmp.dircmp, prefix: str) -> None:
        found.extend(prefix + name for name in cmp.left_only + cmp.right_only + cmp.funny_files)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        found.extend(prefix + name for name in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(filecmp.dircmp(left, right, ignore=[".leerpad-build.json"]), "")
    return found


@pytest.fixture(scope="module")
def sample_built(tmp_path_factory):
    project = copy_sample(tmp_path_factory.mktemp("cache") / "project")
    settings = Settings.at(project)
    report = pipeline.build(settings, jobs=2)     # worker processes: the shared theme listing too
    assert not report.failed, [(o.role, o.error) for o in report.outcomes]
    return settings


@pytest.mark.parametrize("role", ["pm-starter", "leidinggevende"])
def test_role_built_with_and_without_the_caches_is_identical(sample_built, role, tmp_path):
    settings = sample_built
    staged = settings.stage / role / "mkdocs.yml"
    assert list((settings.stage / ".markdown-cache").glob("*.json")), "the build filled the Markdown cache"
    assert list((settings.stage / ".search-cache").glob("*.json"))
    plain = render.render(role, without_hook(staged, tmp_path / "plain"))
    render_cache.forget_memory()                  # entries from disk, as a new worker reads them
    packs = sorted((settings.stage / ".markdown-cache").glob("*.json"))
    cached = render.render(role, staged)
    assert plain.ok and cached.ok, (plain.error, cached.error)
    assert sorted((settings.stage / ".markdown-cache").glob("*.json")) == packs, "every page came from the cache"
    assert plain.warnings == cached.warnings
    assert (tmp_path / "plain" / "modules").is_dir()
    assert differences(tmp_path / "plain", Path(yaml.safe_load(staged.read_text())["site_dir"])) == []
    assert differences(tmp_path / "plain", settings.out / role) == []


def test_cached_html_is_not_used_where_a_link_resolves_differently(tmp_path):
    """Same Markdown, but the linked page exists in one site only: the lookup record tells them apart."""
    stage = tmp_path / ".stage"
    for site, pages in {"a": ["index.md", "page.md", "other.md"], "b": ["index.md", "page.md"]}.items():
        for page in pages:
            body = "Zie [de andere](other.md#deel).\n" if page == "page.md" else f"# {page}\n\n## Deel\n"
            (stage / site / "docs" / page).parent.mkdir(parents=True, exist_ok=True)
            (stage / site / "docs" / page).write_text(dump_front_matter({"title": page}, body), encoding="utf-8")
        config = {"site_name": site, "docs_dir": "docs", "site_dir": str(tmp_path / "out" / site),
                  "theme": {"name": "material"}, "plugins": ["search"],
                  "hooks": [str(ENGINE_HOOK)]}
        (stage / site / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    first = render.render("a", stage / "a" / "mkdocs.yml")
    second = render.render("b", stage / "b" / "mkdocs.yml")
    assert first.ok and second.ok
    assert 'href="../other/#deel"' in (tmp_path / "out/a/page/index.html").read_text()
    assert 'href="other.md#deel"' in (tmp_path / "out/b/page/index.html").read_text()
    assert any("other.md#deel" in w for w in second.warnings), second.warnings
    plain = render.render("b", without_hook(stage / "b" / "mkdocs.yml", tmp_path / "plain-b"))
    assert plain.warnings == second.warnings
    assert differences(tmp_path / "plain-b", tmp_path / "out" / "b") == []


@pytest.mark.parametrize("meta", [
    {"title": "Observeren", "leerpad": {"page": "module", "duration": 20, "required": True, "review": None,
                                        "themes": ["taal", "spel"], "note": "Let op: \"dit\" # geen commentaar"}},
    {"title": "Regels\u2028en\u0085meer", "template": "leerpad-step.html"},   # escaped for YAML by the writer
    {"title": "Tab\there \\ slash / ü 😀", "nested": {"list": [[], {}, [1, -2, 0]]}},
])
def test_json_front_matter_reads_what_yaml_reads(meta):
    source = dump_front_matter(meta, "\n\nTekst: met een dubbele punt.\n")
    assert json_front_matter(source) == get_data(source)
    assert json_front_matter(source)[1] == meta


@pytest.mark.parametrize("source", [
    '---\n{"duration": 1e5}\n---\nTekst\n',            # YAML 1.1 reads 1e5 as a string
    '---\n{"ratio": 0.5}\n---\nTekst\n',
    '---\n{"title": "a\x85b"}\n---\nTekst\n',          # a YAML line break inside the string
    '---\n{"title": "a\x07b"}\n---\nTekst\n',          # not printable: YAML refuses it
    "---\ntitle: Gewoon YAML\n---\nTekst\n",
    '---\n{"title": "Twee regels"}\n...\nTekst\n',
    '---\n["geen", "mapping"]\n---\nTekst\n',
    "Geen front matter\n",
])
def test_front_matter_json_cannot_read_the_same_is_left_to_mkdocs(source):
    assert json_front_matter(source) is None


def test_old_entries_are_forgotten(tmp_path):
    folder = tmp_path / ".markdown-cache"
    folder.mkdir()
    (folder / "old.json").write_text("{}")
    (folder / "new.json").write_text("{}")
    import os
    import time
    month_ago = time.time() - 31 * 86400
    os.utime(folder / "old.json", (month_ago, month_ago))
    assert render_cache.forget_old(tmp_path) == 1
    assert [f.name for f in folder.iterdir()] == ["new.json"]


def test_unreadable_packs_are_skipped(tmp_path):
    """A truncated or foreign file in a cache folder costs a conversion, never the build."""
    stage = tmp_path / ".stage"
    (stage / "a" / "docs").mkdir(parents=True)
    (stage / "a" / "docs" / "index.md").write_text(dump_front_matter({"title": "Start"}, "## Deel\n"))
    config = {"site_name": "a", "docs_dir": "docs", "site_dir": str(tmp_path / "out"),
              "theme": {"name": "material"}, "hooks": [str(ENGINE_HOOK)]}
    (stage / "a" / "mkdocs.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    for folder in render_cache.FOLDERS:
        (stage / folder).mkdir()
        (stage / folder / "broken.json").write_text('{"half": ')
        (stage / folder / "list.json").write_text('[{"location": "x", "title": "y", "text": "z"}]')
    render_cache.forget_memory()
    built = render.render("a", stage / "a" / "mkdocs.yml")
    assert built.ok, built.error
    assert '<h2 id="deel">Deel</h2>' in (tmp_path / "out" / "index.html").read_text()
    assert len(list((stage / ".markdown-cache").glob("*.json"))) == 3     # the build's own pack added
