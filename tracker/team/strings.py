"""The team pages' text: written in Dutch in the templates, with an English string set.

Templates call `_("Dutch text")`; with TRACKER_TEAM_LANGUAGE=en the text comes from strings/en.yml.
A test checks that every text in the templates and views has its English version.
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
    if language == "nl":
        return {}
    return yaml.safe_load((FOLDER / f"{language}.yml").read_text(encoding="utf-8")) or {}


def translate(text: str, **values) -> str:
    """The text in the team view's language, with {name} placeholders filled in."""
    language = current_app.config.get("TRACKER_TEAM_LANGUAGE", "nl")
    found = catalogue(language).get(text, text) if language != "nl" else text
    return found.format(**values) if values else found
