"""The whole demo builds with --strict, and every link in every portal leads somewhere."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from curriculum import ROOT, roles
from sitelinks import broken_links


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess]:
    out = tmp_path_factory.mktemp("demo") / "site"
    result = subprocess.run([sys.executable, "build.py", "--strict", "--clean", "--out", str(out)],
                            cwd=ROOT, capture_output=True, text=True)
    return out, result


def test_the_demo_builds_with_strict_and_no_warnings(built):
    out, result = built
    assert result.returncode == 0, result.stdout + result.stderr
    assert "warning" not in (result.stdout + result.stderr).lower()
    assert {p.name for p in out.iterdir() if (p / "index.html").is_file()} >= set(roles())


def test_every_local_link_resolves_and_every_other_is_https(built):
    out, result = built
    assert result.returncode == 0, result.stdout + result.stderr
    site_url = yaml.safe_load((ROOT / "mkdocs.yml").read_text())["site_url"]
    problems, external = broken_links(out, site_url)
    assert not problems, "\n".join(problems[:50])
    assert external, "the demo cites no outside source"
    assert not [u for u in external if not u.startswith("https://")]


def test_every_module_page_shows_its_sources(built):
    out, _ = built
    for role in roles():
        for page in (out / role / "modules").glob("*/index.html"):
            html = page.read_text(encoding="utf-8")
            assert re.search(r'<h2 id="bronnen"', html), f"{page.relative_to(out)}: no Bronnen heading"
