"""Images in a page: `loading="lazy"`, `decoding="async"` and their intrinsic `width`/`height`
(so the text does not jump when they arrive; the theme scales them with `height: auto`)."""

from __future__ import annotations

import re
import struct
from pathlib import Path

IMG = re.compile(r"<img\b([^>]*?)(\s*/?)>", re.I)
SRC = re.compile(r"""\bsrc=["']([^"'#?]+)["']""", re.I)
SVG_SIZE = re.compile(rb"<svg\b[^>]*>", re.I)


def size(file: Path) -> tuple[int, int] | None:
    """The intrinsic size of an SVG (width/height, else its viewBox) or a PNG; else None."""
    try:
        data = file.read_bytes()[:4096]
    except OSError:
        return None
    if data.startswith(b"\x89PNG\r\n\x1a\n") and data[12:16] == b"IHDR":
        return struct.unpack(">II", data[16:24])
    tag = SVG_SIZE.search(data)
    if file.suffix.lower() == ".svg" and tag:
        text = tag.group(0).decode("utf-8", "replace")
        width, height = (re.search(rf'\b{k}="([\d.]+)(px)?"', text) for k in ("width", "height"))
        if width and height:
            return round(float(width.group(1))), round(float(height.group(1)))
        box = re.search(r'viewBox="\s*[-\d.]+[\s,]+[-\d.]+[\s,]+([\d.]+)[\s,]+([\d.]+)\s*"', text)
        if box:
            return round(float(box.group(1))), round(float(box.group(2)))
    return None


def with_image_hints(page: str, folder: Path) -> str:
    """Each `<img>` of a page whose source is in `folder` (the page's source folder) gets the hints
    it lacks."""
    def hint(match: re.Match) -> str:
        attributes, end = match.group(1), match.group(2)
        lower = attributes.lower()
        extra = ""
        if "loading=" not in lower:
            extra += ' loading="lazy"'
        if "decoding=" not in lower:
            extra += ' decoding="async"'
        source = SRC.search(attributes)
        if source and "width=" not in lower and "height=" not in lower and "://" not in source.group(1):
            found = size(folder / source.group(1))
            if found:
                extra += f' width="{found[0]}" height="{found[1]}"'
        return f"<img{attributes}{extra}{end}>"

    return IMG.sub(hint, page) if "<img" in page else page
