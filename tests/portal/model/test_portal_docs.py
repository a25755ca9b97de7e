"""docs/content-model.md documents every field of every schema model (Datasette-style)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pydantic import BaseModel

from portal.model import schema

DOC = Path(__file__).resolve().parents[3] / "docs" / "content-model.md"
MODELS = [m for m in vars(schema).values()
          if isinstance(m, type) and issubclass(m, BaseModel) and m.__module__ == schema.__name__
          and m is not schema.Strict]


def sections() -> dict[str, str]:
    """Text under each heading that names a model as (`Model`), up to the next heading."""
    found, current = {}, None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            match = re.search(r"\(`(\w+)`\)", line)
            current = match[1] if match else None
            if current:
                found[current] = ""
        elif current:
            found[current] += line + "\n"
    return found


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_every_field_is_documented(model):
    docs = sections()
    owners = [c for c in model.__mro__ if c.__name__ in docs]
    assert owners, f"docs/content-model.md has no section headed (`{model.__name__}`)"
    for name in model.model_fields:
        assert any(f"| `{name}` |" in docs[c.__name__] for c in owners), (
            f"{model.__name__}.{name} is not documented in docs/content-model.md")
