"""The sample portal in tests/fixtures, copied where a test may change it."""

from __future__ import annotations

import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def copy_sample(target: Path) -> Path:
    """A writable copy of the sample portal: `content/`, `paths/` and the root `mkdocs.yml`."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(FIXTURES / "content", target / "content")
    shutil.copytree(FIXTURES / "paths", target / "paths")
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target
