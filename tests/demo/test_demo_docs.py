"""The README and docs/ show the demo on a phone, and every relative link in them resolves."""

from __future__ import annotations

import re
import struct

import pytest

from curriculum import ROOT, module_ids, roles

SCREENSHOTS = ["phone-roles.png", "phone-overview.png", "phone-module.png", "phone-module-example.png"]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("name", SCREENSHOTS)
def test_phone_screenshots_are_390_pixels_wide_and_shown(name):
    shot = ROOT / "docs" / "img" / name
    width, height = png_size(shot.read_bytes())
    assert width == 390 and height >= 600
    assert f"docs/img/{name}" in (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"img/{name}" in (ROOT / "docs" / "curriculum.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_relative_links_in_docs_resolve(doc):
    text = re.sub(r"```.*?```|`[^`\n]*`", "", doc.read_text(encoding="utf-8"), flags=re.S)
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"^[a-z]+:|^#", target):
            continue
        if not (doc.parent / target.split("#")[0]).exists():
            broken.append(target)
    assert not broken


def test_the_curriculum_page_lists_every_module_and_role():
    page = (ROOT / "docs" / "curriculum.md").read_text(encoding="utf-8")
    missing = [name for name in [*module_ids(), *roles()] if f"`{name}`" not in page and f" {name} " not in page]
    assert not missing
