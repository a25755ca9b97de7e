"""Tables of tracker/team (registered on the shared metadata)."""
from __future__ import annotations

from ..storage.schema import metadata  # noqa: F401
