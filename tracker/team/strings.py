"""The team pages' text: written in Dutch in the templates, with an English string set.

Templates call `_("Dutch text")`; with TRACKER_TEAM_LANGUAGE=en the text comes from strings/en.yml.
Codes shown with `_()` (roles such as `manager`, kinds such as `coaching`) are no Dutch text: their
Dutch display names are in strings/nl.yml. A test checks that every text in the templates and views
has its English version.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from flask import current_app

FOLDER = Path(__file__).resolve().parent / "strings"
LANGUAGES = ("nl", "en")


@lru_cache(maxsize=None)
def catalogue(language: str) -> dict[str, str]:
    """Dutch text (or code) -> text in `language`; a missing file is an empty catalogue."""
    file = FOLDER / f"{language}.yml"
    return (yaml.safe_load(file.read_text(encoding="utf-8")) or {}) if file.exists() else {}


def translate(text: str, **values) -> str:
    """The text in the team view's language, with {name} placeholders filled in."""
    found = catalogue(current_app.config.get("TRACKER_TEAM_LANGUAGE", "nl")).get(text, text)
    return found.format(**values) if values else found
