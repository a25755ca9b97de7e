"""The role chooser `site/index.html`, rendered from the theme's `landing.html`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2

from portal.model.load import Module
from portal.checks.resolve import ResolvedPath
from portal.stage import pagemeta

TEMPLATE = "landing.html"


class LandingMissing(Exception):
    pass


def landing_context(portals: list[ResolvedPath], modules: dict[str, Module], root_config: dict[str, Any],
                    strings: dict[str, str]) -> dict[str, Any]:
    leerpad = (root_config.get("extra") or {}).get("leerpad") or {}
    roles = []
    for path in sorted(portals, key=chooser_position):
        overview = pagemeta.overview(path, modules)
        roles.append({
            "id": path.role,
            "title": path.path.title,
            "audience": path.path.audience,
            "description": path.path.description,
            "href": f"{path.role}/",
            "steps_count": overview["steps_count"],
            "total_minutes": overview["total_minutes"],
        })
    return {
        "strings": strings,
        "site_name": root_config.get("site_name", "Leerpad"),
        "organisation": leerpad.get("organisation"),
        "roles": roles,
    }


def chooser_position(path: ResolvedPath) -> tuple:
    """Paths with an `order` first (lowest first), then the rest; ties by title."""
    order = path.path.order
    return (order is None, order or 0, path.path.title.casefold())


def render_landing(theme: Path, context: dict[str, Any]) -> str:
    if not (theme / TEMPLATE).is_file():
        raise LandingMissing(f"{theme / TEMPLATE}: the role chooser's template is missing (the theme provides it)")
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(theme)), autoescape=True,
                             keep_trailing_newline=True)
    return env.get_template(TEMPLATE).render(**context)


NOT_FOUND = ('{% import "partials/leerpad/plain.html" as plain %}'
             '{{ plain.page(strings, site_name, strings.not_found_title, strings.not_found_text,'
             ' [(strings.not_found_chooser, "/", roles, true)], script) }}')


def render_not_found(theme: Path, context: dict[str, Any], script: dict[str, str]) -> str:
    """`site/404.html`, for hosts that serve one 404 page for everything (GitHub Pages, Netlify):
    self-contained; its link finds the folder of the portals in the address."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(theme)), autoescape=True,
                             keep_trailing_newline=True)
    roles = " ".join(role["id"] for role in context["roles"])
    return env.from_string(NOT_FOUND).render(strings=context["strings"], site_name=context["site_name"],
                                             roles=roles, script=script)
