"""The compliance pages' text: Dutch in the templates, English from strings/en.yml (TRACKER_TEAM_LANGUAGE=en)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from flask import current_app

FOLDER = Path(__file__).resolve().parent / "strings"


@lru_cache(maxsize=None)
def catalogue(language: str) -> dict[str, str]:
    if language == "nl":
        return {}
    return yaml.safe_load((FOLDER / f"{language}.yml").read_text(encoding="utf-8")) or {}


def language() -> str:
    return current_app.config.get("TRACKER_TEAM_LANGUAGE", "nl")


def translate(text: str, **values) -> str:
    """The text in the team view's language (ours first, then the team view's), placeholders filled in."""
    lang = language()
    if lang != "nl":
        found = catalogue(lang).get(text)
        if found is None:
            from ..team.strings import translate as team_translate

            return team_translate(text, **values)
        text = found
    return text.format(**values) if values else text
