"""`mkdocs serve` at the root previews every module: the root config's hook, built for real."""

from __future__ import annotations

import os
import subprocess
import sys

from portal_helpers import module


def build_root_preview(project, repo_root):
    config = project / "preview.yml"
    config.write_text(f"INHERIT: {repo_root / 'mkdocs.yml'}\ndocs_dir: {project / 'content'}\n"
                      f"hooks:\n  - {repo_root / 'portal/engine/preview_hook.py'}\n")
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d",
                           str(project / "preview")], capture_output=True, text=True, timeout=120,
                          env=os.environ | {"NO_MKDOCS_2_WARNING": "1"})


def test_root_preview_lists_every_module_and_shows_front_matter(sample, repo_root):
    module(sample, "kapot", "level: expert")
    result = build_root_preview(sample, repo_root)
    assert result.returncode == 0, result.stderr
    index = (sample / "preview/index.html").read_text()
    for name in ("observeren", "oudergesprekken", "veiligheid", "leiding-geven", "kapot"):
        assert f'href="{name}/"' in index
    page = (sample / "preview/observeren/index.html").read_text()
    assert "Kennischeck 1: Wat doe je eerst?" in page and "Je beschrijft wat je ziet" in page
    broken = (sample / "preview/kapot/index.html").read_text()
    assert "Fouten in de front matter" in broken
    assert "verwacht een van: starter, ervaren, iedereen" in broken and "Input should" not in broken   # as --check says
    assert "kapot.md: front matter: 1 error(s)" in result.stderr


def test_root_config_names_the_preview_hook(repo_root):
    assert "portal/engine/preview_hook.py" in (repo_root / "mkdocs.yml").read_text()


def test_root_preview_shows_front_matter_text_as_text(sample, repo_root):
    module(sample, "tekens", 'summary: "Kinderen <b>x</b> & \'a\'"\nreflection: ["Wat zeg je <i>nu</i>?"]\ncheck:\n'
           '  - question: \'Kies "<b>y</b>"\'\n    options:\n      - {text: "<u>z</u>", correct: true}\n      - {text: nee}\n')
    result = build_root_preview(sample, repo_root)
    assert result.returncode == 0, result.stderr
    page = (sample / "preview/tekens/index.html").read_text()
    assert "<b>x</b>" not in page and "<i>nu</i>" not in page and "<u>z</u>" not in page and "<b>y</b>" not in page
    assert "&lt;b&gt;x&lt;/b&gt;" in page and "&lt;i&gt;nu&lt;/i&gt;" in page and "&lt;u&gt;z&lt;/u&gt;" in page
