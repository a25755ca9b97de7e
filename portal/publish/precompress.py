"""Pre-compressed copies beside every text file of a built portal (`x.css.gz`, `x.css.br`), so
hosts that serve them (nginx `gzip_static`/`brotli_static`, Caddy `precompressed`) need no
compression at run time. Deterministic: gzip without a timestamp, brotli with fixed settings."""

from __future__ import annotations

import functools
import gzip
import hashlib
from pathlib import Path

import brotli

TEXT = (".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".webmanifest")
MIN_BYTES = 512            # below a packet, compression saves nothing worth a file
PAGE_QUALITY = 5           # brotli for pages and each role's own files: fast, within 8 % of 11
ASSET_QUALITY = 11         # for Material's scripts: the same files in every role and build, computed once
SHARED_ASSETS = ("assets/leerpad/material.", "assets/javascripts/")


def wanted(rel: str, size: int) -> bool:
    return rel.endswith(TEXT) and size >= MIN_BYTES and "/lunr/" not in f"/{rel}"


def precompress_site(site: Path, skip=frozenset()) -> int:
    """Write `.gz` and `.br` beside each text file of `site` (where they are smaller; pages get
    `.gz` only: there are many, they change with every build, and `.gz` is what every host that
    serves pre-compressed files reads); their number. Files in `skip` are done already."""
    written = 0
    for file in sorted(site.rglob("*")):
        rel = file.relative_to(site).as_posix()
        if file in skip or not file.is_file() or not wanted(rel, file.stat().st_size):
            continue
        data = file.read_bytes()
        if rel.endswith(".html"):
            file.with_name(file.name + ".gz").write_bytes(gzipped(data))
            written += 1
            continue
        quality = ASSET_QUALITY if rel.startswith(SHARED_ASSETS) else PAGE_QUALITY
        for suffix, packed in zip((".gz", ".br"), compressed(data, quality)):
            if len(packed) < len(data):
                file.with_name(file.name + suffix).write_bytes(packed)
                written += 1
    return written


def gzipped(data: bytes) -> bytes:
    return gzip.compress(data, 6, mtime=0)


def compressed(data: bytes, quality: int) -> tuple[bytes, bytes]:
    if quality == ASSET_QUALITY:
        return _cached(hashlib.sha256(data).digest(), data)
    return _compress(data, quality)


def _compress(data: bytes, quality: int) -> tuple[bytes, bytes]:
    """gzip 9 for the shared assets (computed once), 6 for each role's own files: on a role's search
    index 9 takes half as long again for 0.2 % less."""
    level = 9 if quality == ASSET_QUALITY else 6
    return gzip.compress(data, level, mtime=0), brotli.compress(data, quality=quality)


@functools.lru_cache(maxsize=256)
def _cached(digest: bytes, data: bytes) -> tuple[bytes, bytes]:
    return _compress(data, ASSET_QUALITY)
