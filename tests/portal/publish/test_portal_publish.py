"""portal.publish.site and the role fingerprints: swaps, failures that keep the old site, skips."""

from __future__ import annotations

from portal import pipeline
from portal.settings import Settings


def statuses(report) -> dict[str, str]:
    return {o.role: o.status for o in report.outcomes}


def test_unchanged_roles_are_skipped_and_an_edit_rebuilds_only_the_roles_using_it(sample):
    settings = Settings.at(sample)
    first = pipeline.build(settings, jobs=1)
    assert statuses(first) == {"leidinggevende": "built", "pm-starter": "built"}
    before = (settings.out / "leidinggevende/index.html").stat().st_ino

    again = pipeline.build(settings, jobs=1)
    assert statuses(again) == {"leidinggevende": "unchanged", "pm-starter": "unchanged"}
    assert (settings.out / "leidinggevende/index.html").stat().st_ino == before

    module = sample / "content/oudergesprekken.md"       # only pm-starter uses it
    module.write_text(module.read_text().replace("## Het gesprek", "## Het goede gesprek"))
    edited = pipeline.build(settings, jobs=1)
    assert statuses(edited) == {"leidinggevende": "unchanged", "pm-starter": "built"}
    assert "Het goede gesprek" in (settings.out / "pm-starter/modules/oudergesprekken/index.html").read_text()

    image = sample / "content/observeren/kijken.png"      # both roles use observeren
    image.write_bytes(image.read_bytes() + b"\0")
    assert statuses(pipeline.build(settings, jobs=1)) == {"leidinggevende": "built", "pm-starter": "built"}

    forced = pipeline.build(settings, roles=("pm-starter",), clean=True, jobs=1)
    assert statuses(forced) == {"pm-starter": "built"}


def test_a_failed_build_keeps_the_previous_site(sample):
    settings = Settings.at(sample)
    assert not pipeline.build(settings, jobs=1).failed
    good = (settings.out / "pm-starter/index.html").read_text()
    config = sample / "mkdocs.yml"
    config.write_text(config.read_text().replace("  - admonition\n", "  - admonition\n  - no_such_extension\n"))

    report = pipeline.build(settings, jobs=2)
    assert report.failed
    assert statuses(report) == {"leidinggevende": "failed", "pm-starter": "failed"}
    assert all("no_such_extension" in o.error for o in report.outcomes)
    assert (settings.out / "pm-starter/index.html").read_text() == good
    assert not list(settings.out.glob(".*.new")) and not list(settings.out.glob(".*.old"))


def test_removed_paths_lose_their_published_site(sample):
    settings = Settings.at(sample)
    pipeline.build(settings, jobs=1)
    (sample / "paths/leidinggevende.yml").unlink()
    (sample / "content/leiding-geven.md").unlink()
    report = pipeline.build(settings, jobs=1)
    assert report.pruned == ["leidinggevende"]
    assert not (settings.out / "leidinggevende").exists()
    assert (settings.out / "pm-starter/index.html").is_file()
