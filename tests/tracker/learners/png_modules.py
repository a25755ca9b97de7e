"""Read a 1-bit greyscale PNG (as segno writes it) back into QR modules, with the standard library only."""
from __future__ import annotations

import struct
import zlib
from pathlib import Path


def _unfilter(raw: bytes, width_bytes: int, height: int) -> list[bytes]:
    rows, previous, at = [], bytes(width_bytes), 0
    for _ in range(height):
        kind, line = raw[at], bytearray(raw[at + 1: at + 1 + width_bytes])
        at += 1 + width_bytes
        for i in range(width_bytes):
            left = line[i - 1] if i else 0
            up, corner = previous[i], previous[i - 1] if i else 0
            if kind == 1:
                line[i] = (line[i] + left) & 255
            elif kind == 2:
                line[i] = (line[i] + up) & 255
            elif kind == 3:
                line[i] = (line[i] + (left + up) // 2) & 255
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 255
        rows.append(bytes(line))
        previous = bytes(line)
    return rows


def read_modules(path: Path, scale: int, border: int) -> list[list[bool]]:
    """The dark (True) / light modules of a QR code PNG written with `scale` and `border`."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path}: not a PNG"
    at, idat, header = 8, b"", None
    while at < len(data):
        length, kind = struct.unpack(">I4s", data[at:at + 8])
        chunk = data[at + 8: at + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", chunk)
        elif kind == b"IDAT":
            idat += chunk
        at += 12 + length
    width, height, depth, colour = header[:4]
    assert (depth, colour) == (1, 0), f"{path}: expected 1-bit greyscale, got depth {depth} type {colour}"
    rows = _unfilter(zlib.decompress(idat), (width + 7) // 8, height)

    def dark(x: int, y: int) -> bool:
        return not (rows[y][x // 8] >> (7 - x % 8)) & 1

    size = width // scale - 2 * border
    return [[dark((border + col) * scale + scale // 2, (border + row) * scale + scale // 2)
             for col in range(size)] for row in range(size)]
