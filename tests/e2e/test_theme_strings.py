"""The theme's UI strings: both languages complete, and every key a template or script uses exists."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

THEME = Path(__file__).resolve().parents[2] / "portal" / "theme"
TEMPLATE_KEY = re.compile(r"""(?:\bm\.|(?<![\w.]))(?:t|fill)\(\s*'([a-z_]+)'\s*[,)]""")
TEMPLATE_ATTR = re.compile(r"""\bS\.([a-z_]+)|strings\.([a-z_]+)""")
SCRIPT_KEY = re.compile(r"""lp\.t\(\s*"([a-z_]+)"|lp\.t\(\s*done \? "([a-z_]+)" : "([a-z_]+)"|lp\.t\(correct \? "([a-z_]+)" : "([a-z_]+)"\)""")


def strings(lang: str) -> dict[str, str]:
    return yaml.safe_load((THEME / "strings" / f"{lang}.yml").read_text(encoding="utf-8"))


def used_keys() -> set[str]:
    keys: set[str] = set()
    for file in THEME.rglob("*.html"):
        text = file.read_text(encoding="utf-8")
        keys |= set(TEMPLATE_KEY.findall(text))
        keys |= {a or b for a, b in TEMPLATE_ATTR.findall(text)}
    for file in (THEME / "assets" / "leerpad").glob("*.js"):
        for groups in SCRIPT_KEY.findall(file.read_text(encoding="utf-8")):
            keys |= {g for g in groups if g}
    return keys - {"get"}


def test_dutch_and_english_have_the_same_keys():
    assert set(strings("nl")) == set(strings("en"))


def test_every_string_is_a_non_empty_text():
    for lang in ("nl", "en"):
        empty = [k for k, v in strings(lang).items() if not isinstance(v, str) or not v.strip()]
        assert empty == [], f"{lang}.yml: empty strings {empty}"


def test_every_key_the_theme_uses_exists():
    used = used_keys()
    assert {"done_mark", "check_submit", "overview", "hours_short"} <= used   # the scan finds keys
    missing = sorted(used - set(strings("nl")))
    assert missing == [], f"keys used by the theme but missing in strings/nl.yml: {missing}"
