"""Fixtures: loaded portal manifests and signed-in learners (a real code exchange through the API)."""
from __future__ import annotations

from learner_fixtures import loaded, sign_in, site  # noqa: F401
