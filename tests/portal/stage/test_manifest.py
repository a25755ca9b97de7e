"""xapi-manifest.json: built per role from the sample portal, with every activity id the pages use."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from portal import pipeline
from portal.stage import manifest, xapi_profile
from portal.stage.tracking import tracking_strings
from portal.settings import Settings
from portal_helpers import bundle_of, page_data, signed_in_data
from sample_portal import copy_sample



@pytest.fixture(scope="module")
def built(tmp_path_factory):
    project = copy_sample(tmp_path_factory.mktemp("manifest") / "project")
    settings = Settings.at(project, tracker="http://127.0.0.1:5999")
    report = pipeline.build(settings, jobs=1)
    assert not report.failed, [o.error for o in report.outcomes]
    checked = pipeline.check(settings)
    return settings, checked


def test_every_portal_gets_a_manifest_with_the_profile_verbs(built):
    settings, checked = built
    for path in checked.portals:
        data = json.loads((settings.out / path.role / manifest.FILE).read_text(encoding="utf-8"))
        assert data["portal"] == path.role and data["title"] == path.path.title
        assert data["root"] == checked.root_config["site_url"].rstrip("/") + f"/{path.role}/"
        assert data["verbs"] == xapi_profile.verb_iris()
        ids = [a["id"] for a in data["activities"]]
        assert len(ids) == len(set(ids)) and ids[0] == data["root"]
        assert all(a["id"].startswith(data["root"]) and a["type"] and a["name"] for a in data["activities"])


def test_activities_follow_the_steps_checks_and_prompts(built):
    settings, checked = built
    modules = checked.sources.modules
    for path in checked.portals:
        data = manifest.manifest(path, modules, checked.root_config["site_url"])
        ids = {a["id"] for a in data["activities"]}
        root = data["root"]
        for placed in path.steps:
            if placed.kind != "module":
                step = f"{root}stappen/{placed.id}/"
                assert step in ids
                assert {i for i in ids if i.startswith(step + "#")} == {
                    f"{step}#voorbereiding-{n + 1}" for n in range(len(placed.step.preparation))}
                continue
            meta = modules[placed.id].meta
            base = f"{root}modules/{placed.id}/"
            assert base in ids
            assert (base + "#toets" in ids) == bool(meta.check)
            assert {i for i in ids if i.startswith(base + "#toets-")} == {f"{base}#toets-q{n + 1}" for n in range(len(meta.check))}
            assert {i for i in ids if i.startswith(base + "#reflectie-")} == {f"{base}#reflectie-{n + 1}" for n in range(len(meta.reflection))}
        assert (root + "intake/" in ids) == bool(path.intake)


def test_pages_carry_the_tracker_the_ids_and_the_web_app_files(built):
    settings, checked = built
    path = checked.portals[0]
    site = settings.out / path.role
    html = (site / "index.html").read_text(encoding="utf-8")
    config = page_data(site / "index.html")
    assert config["xapi"]["tracker"] == "http://127.0.0.1:5999"
    later = signed_in_data(site / "index.html")     # what only a signed-in learner's scripts read
    assert later["steps"] == manifest.step_kinds(path) and "steps" not in config["xapi"]
    assert later["profile"] == xapi_profile.browser_profile("nl") and "profile" not in config["xapi"]
    assert set(later["text"]) | set(config["xapi"]["text"]) == set(tracking_strings("nl"))
    assert 'rel="manifest"' in html and "identity.js" in bundle_of(site / "index.html")
    assert all(tag.endswith("defer></script>") for tag in re.findall(r"<script src=\"[^\"]*leerpad/leerpad[^\"]+\"[^>]*></script>", html))
    web = json.loads((site / "manifest.webmanifest").read_text(encoding="utf-8"))
    assert web["display"] == "standalone" and web["start_url"] == "./"
    for icon in web["icons"]:
        data = (site / icon["src"]).read_bytes()
        assert data.startswith(b"\x89PNG" if icon["type"] == "image/png" else b"<svg")
    sw = (site / "sw.js").read_text(encoding="utf-8")
    precache = json.loads(re.search(r"PRECACHE ?= ?(\[.*?\]);", sw).group(1))
    assert "./" in precache and "reflecties/" in precache and "xapi-manifest.json" in precache
    assert all((site / (u + "index.html" if u.endswith("/") and u != "./" else u if u != "./" else "index.html")).is_file()
               for u in precache)
    assert (site / "reflecties" / "index.html").is_file()


def test_without_a_tracker_pages_load_no_tracking_scripts(tmp_path):
    project = copy_sample(tmp_path / "project")
    settings = Settings.at(project, tracker="")
    assert not pipeline.build(settings, jobs=1).failed
    site = next(p for p in settings.out.iterdir() if (p / "index.html").is_file() and p.name != "index.html")
    html = (site / "index.html").read_text(encoding="utf-8")
    bundle = bundle_of(site / "index.html")
    assert "identity.js" not in bundle and "queue.js" not in bundle and "progress.js" in bundle
    assert (site / "manifest.webmanifest").is_file() and (site / "xapi-manifest.json").is_file()
    assert not (site / "reflecties").exists()
