"""Fixtures shared by every test package: the repository root and a copy of the sample portal."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def repo_root() -> Path:
    return ROOT


def copy_sample(target: Path) -> Path:
    """A writable copy of the sample portal: `content/`, `paths/` and the root `mkdocs.yml`."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(FIXTURES / "content", target / "content")
    shutil.copytree(FIXTURES / "paths", target / "paths")
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    return target


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A fresh copy of the sample portal in a temporary folder."""
    return copy_sample(tmp_path / "project")
