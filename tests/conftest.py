"""Fixtures shared by every test package: the repository root and a copy of the sample portal."""

from __future__ import annotations

from pathlib import Path

import pytest

from sample_portal import ROOT, copy_sample


@pytest.fixture
def repo_root() -> Path:
    return ROOT


@pytest.fixture
def sample(tmp_path: Path) -> Path:
    """A fresh copy of the sample portal in a temporary folder."""
    return copy_sample(tmp_path / "project")
