"""QR codes of personal links: SVG and PNG files for paper or a screen, and the terminal for `make demo`."""
from __future__ import annotations

import os
from pathlib import Path
from typing import TextIO

import segno


def link_code(url: str) -> segno.QRCode:
    """The QR code of a link: error level M, the smallest version that fits."""
    return segno.make(url, error="m", micro=False)


def write_link_images(url: str, folder: Path, stem: str) -> dict[str, Path]:
    """Write <folder>/<stem>.svg and .png (readable by the owner only: a link is a credential)."""
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    code = link_code(url)
    paths = {"svg": folder / f"{stem}.svg", "png": folder / f"{stem}.png"}
    for kind, path in paths.items():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as out:
            code.save(out, kind=kind, scale=8 if kind == "png" else 4, border=4,
                      **({"title": "Leerpad personal link"} if kind == "svg" else {}))
    return paths


def remove_link_images(folder: Path, stem: str) -> None:
    for suffix in (".svg", ".png"):
        (folder / f"{stem}{suffix}").unlink(missing_ok=True)


def print_terminal(url: str, out: TextIO) -> None:
    link_code(url).terminal(out=out, compact=True)
