"""Small server-rendered SVG charts; every chart has the same numbers in a table beside it."""
from __future__ import annotations

from markupsafe import Markup, escape

PALETTE = ("#00695c", "#1d5aa0", "#8a5a00", "#b3261e", "#5a3d8a", "#2e7d32", "#505a5f")


def bars(rows: list[dict], *, label: str, value: str, title_id: str, width: int = 640) -> Markup:
    """Horizontal bars of `value` (0-100) per `label`."""
    bar_h, gap, left = 22, 8, 250
    height = len(rows) * (bar_h + gap) + gap
    parts = [f'<svg viewBox="0 0 {width} {height}" role="img" aria-labelledby="{title_id}" '
             'xmlns="http://www.w3.org/2000/svg">']
    for index, row in enumerate(rows):
        y = gap + index * (bar_h + gap)
        text = str(row[label])
        short = text if len(text) <= 34 else text[:33] + "…"
        length = max(0, min(100, row[value])) * (width - left - 50) / 100
        parts.append(f'<text x="{left - 6}" y="{y + 16}" text-anchor="end">{escape(short)}</text>'
                     f'<rect class="bar" x="{left}" y="{y}" width="{length:.1f}" height="{bar_h}"/>'
                     f'<text x="{left + length + 4:.1f}" y="{y + 16}">{row[value]}%</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def lines(series: list[dict], *, title_id: str, width: int = 640, height: int = 260) -> Markup:
    """One line per team over the weeks: points are (date, percent)."""
    left, right, top, bottom = 40, 140, 10, 30
    if not series:
        return Markup("")
    count = len(series[0]["points"])
    step = (width - left - right) / max(1, count - 1)

    def y(percent: float) -> float:
        return top + (100 - percent) * (height - top - bottom) / 100

    parts = [f'<svg viewBox="0 0 {width} {height}" role="img" aria-labelledby="{title_id}" '
             'xmlns="http://www.w3.org/2000/svg">']
    for tick in (0, 25, 50, 75, 100):
        parts.append(f'<line class="axis" x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}"/>'
                     f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end">{tick}%</text>')
    first, last = series[0]["points"][0][0], series[0]["points"][-1][0]
    parts.append(f'<text x="{left}" y="{height - 8}">{first}</text>'
                 f'<text x="{width - right}" y="{height - 8}" text-anchor="end">{last}</text>')
    label_y = _dodge([y(line["points"][-1][1]) for line in series], gap=14)
    for index, line in enumerate(series):
        colour = PALETTE[index % len(PALETTE)]
        points = " ".join(f"{left + i * step:.1f},{y(p):.1f}" for i, (_d, p) in enumerate(line["points"]))
        end_y = label_y[index]
        parts.append(f'<polyline class="line" stroke="{colour}" points="{points}"/>'
                     f'<text x="{width - right + 6}" y="{end_y + 4:.1f}" fill="{colour}">'
                     f'{escape(line["team"][:18])}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def _dodge(positions: list[float], gap: float) -> list[float]:
    """Move end labels apart so none overlaps (keeps their order from top to bottom)."""
    order = sorted(range(len(positions)), key=lambda i: positions[i])
    placed = list(positions)
    for before, after in zip(order, order[1:]):
        if placed[after] - placed[before] < gap:
            placed[after] = placed[before] + gap
    return placed
