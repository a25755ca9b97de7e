"""portal.stage.project and portal.stage.pagemeta: the staged project of one role, without MkDocs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from portal_helpers import module, write

from portal.model.load import load_sources
from portal.model.problems import Problems
from portal.settings import Settings
from portal.model.siteconfig import read_config
from portal.stage.project import DocsTree, stage_role
from portal.checks.validate import validate


def staged(project: Path, role: str = "pm-starter") -> tuple[Settings, Path]:
    settings = Settings.at(project)
    problems = Problems(project)
    sources = load_sources(settings.content, settings.paths, problems)
    resolved = validate(sources, problems)
    assert not problems.errors, [str(p) for p in problems.errors]
    stage_role(resolved[role], sources.modules, read_config(settings.config), settings, project / "aside")
    return settings, settings.stage / role


def front(file: Path) -> dict:
    return json.loads(file.read_text(encoding="utf-8").split("\n")[1])


def test_overview_totals_phases_and_intake(sample):
    _, folder = staged(sample)
    meta = front(folder / "docs/index.md")["leerpad"]
    assert meta["page"] == "overview" and meta["role"] == "pm-starter"
    assert [p["id"] for p in meta["phases"]] == ["start", "verdieping"]
    durations = [s["duration"] for p in meta["phases"] for s in p["steps"]]
    assert durations == [10, 20, 480, 15, 45]
    assert meta["total_minutes"] == 570 and meta["required_minutes"] == 555      # oudergesprekken is optional
    assert meta["steps_count"] == 5
    assert meta["phases"][0]["minutes"] == 510
    assert meta["intake"]["url"] == "intake/"
    assert meta["intake"]["rules"][1 - 1]["options"][1] == {"recommend": ["observeren", "kinder-ehbo"]}
    ehbo = meta["phases"][0]["steps"][2]
    assert ehbo == {"id": "kinder-ehbo", "kind": "training", "title": "Kinder-EHBO", "summary": None,
                    "duration": 480, "level": "iedereen", "required": True, "offer": "always",
                    "note": "Verplicht voor iedereen op de groep.", "url": "stappen/kinder-ehbo/", "themes": []}


def test_module_and_step_pages(sample):
    _, folder = staged(sample)
    page = front(folder / "docs/modules/observeren/index.md")
    meta = page["leerpad"]
    assert page["title"] == "Observeren"
    assert meta["prev"] == {"title": "Veiligheid", "url": "modules/veiligheid/"}
    assert meta["phase"]["id"] == "start" and len(meta["phase"]["steps"]) == 3
    assert meta["check"][0]["id"] == "q1" and [o["id"] for o in meta["check"][0]["options"]] == ["a", "b"]
    assert meta["renewal"] == {"every_months": 12, "reason": "Jaarlijkse opfrisser."}
    assert meta["review"] == {"owner": "Team Pedagogiek", "next": "2027-03-01"}
    step = front(folder / "docs/stappen/coachgesprek.md")["leerpad"]
    assert step["page"] == "step" and step["kind"] == "coaching" and step["preparation"] == ["Wat ging goed?"]
    assert step["next"] is None and step["prev"]["url"] == "modules/oudergesprekken/"
    intake = front(folder / "docs/intake.md")["leerpad"]
    assert intake["page"] == "intake" and intake["intro"] == "Beantwoord drie vragen."


def test_links_are_rewritten_images_copied_and_foreign_modules_unlinked(sample):
    write(sample / "content/gedeeld/schema.png", "png")
    module(sample, "veiligheid", body="[Obs](../observeren/) [Leiden](leiding-geven.md) ![S](gedeeld/schema.png)\n")
    _, folder = staged(sample)
    body = (folder / "docs/modules/veiligheid/index.md").read_text().split("---\n", 2)[2]
    assert "[Obs](../observeren/index.md)" in body
    assert "Leiden" in body and "leiding-geven" not in body          # not in pm-starter
    assert "![S](gedeeld/schema.png)" in body
    assert (folder / "docs/modules/veiligheid/gedeeld/schema.png").is_file()
    assert (folder / "docs/modules/observeren/kijken.png").is_file()


def test_files_from_outside_the_module_folder_are_copied_under_a_shared_folder(sample):
    write(sample / "content/plaatjes/logo.png", "png")
    module(sample, "observeren", folder=True, body="![Logo](../plaatjes/logo.png)\n")
    _, folder = staged(sample)
    body = (folder / "docs/modules/observeren/index.md").read_text()
    assert "![Logo](_bestanden/plaatjes/logo.png)" in body
    assert (folder / "docs/modules/observeren/_bestanden/plaatjes/logo.png").is_file()


def test_config_is_complete_for_the_role(sample):
    settings, folder = staged(sample)
    config = read_config(folder / "mkdocs.yml")
    assert config["site_name"] == "Pedagogisch medewerker (starter)"
    assert config["site_url"] == "https://leerpad.example.org/pm-starter/"
    assert config["docs_dir"] == "docs" and config["site_dir"] == str(sample / "aside")
    assert config["theme"]["language"] == "nl" and config["theme"]["font"] is False
    assert config["extra"]["leerpad"]["strings"]["overview"]
    assert "INHERIT" not in config and str(settings.theme) == config["theme"]["custom_dir"]


def test_docs_tree_writes_only_changes_and_removes_stale_files(tmp_path):
    tree = DocsTree()
    tree.text("a.md", "A")
    tree.text("sub/b.md", "B")
    tree.sync(tmp_path)
    before = (tmp_path / "a.md").stat().st_mtime_ns
    (tmp_path / "old").mkdir()
    (tmp_path / "old/c.md").write_text("C")
    again = DocsTree()
    again.text("a.md", "A")
    again.sync(tmp_path)
    assert (tmp_path / "a.md").stat().st_mtime_ns == before
    assert not (tmp_path / "sub").exists() and not (tmp_path / "old").exists()
    assert again.pages == 1


@pytest.mark.parametrize("text", ['a "quote"', "regel\nregel", "ë ü — 😀", "{curly: x}", "a\u2028b\x85c"])
def test_front_matter_json_reads_back_as_yaml(text):
    import yaml

    from portal.model.siteconfig import dump_front_matter

    written = dump_front_matter({"title": text, "leerpad": {"x": [text]}}, "body")
    meta = yaml.safe_load(written.split("---\n")[1])
    assert meta == {"title": text, "leerpad": {"x": [text]}}
