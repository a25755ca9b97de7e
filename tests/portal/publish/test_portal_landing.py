"""The role chooser: which roles it lists and in what order."""

from __future__ import annotations

from portal import pipeline
from portal.publish import landing
from portal.settings import Settings


def chooser_roles(project) -> list[str]:
    checked = pipeline.check(Settings.at(project))
    context = landing.landing_context(checked.portals, checked.sources.modules, checked.root_config, {})
    return [role["id"] for role in context["roles"]]


def test_roles_without_an_order_come_by_title(sample):
    assert chooser_roles(sample) == ["leidinggevende", "pm-starter"]


def test_order_puts_a_role_first(sample):
    path = sample / "paths/pm-starter.yml"
    path.write_text("order: 1\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
    assert chooser_roles(sample) == ["pm-starter", "leidinggevende"]
