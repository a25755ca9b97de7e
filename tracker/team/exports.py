"""CSV and XLSX exports of what a team page shows (the same columns, the same order)."""
from __future__ import annotations

import csv
import io

from flask import Response

from .board import Outline, Row
from .strings import translate as _


def grid_columns(outline: Outline) -> list[str]:
    return [_("Naam"), _("Team"), _("Verplicht klaar")] + [s.title for s in outline.columns()]


def grid_table(outline: Outline, rows: list[Row]) -> list[list[str]]:
    """The grid of one role as rows of text: a header row, then one row per person."""
    table = [grid_columns(outline)]
    for row in rows:
        cells = [row.person.name, row.person.team_name or "", f"{row.required_done}/{row.required_total}"]
        for cell in row.cells:
            text = _(cell.label) if cell.status != "bevestigd" else cell.label
            cells.append(f"{text} {cell.done_at[:10]}" if cell.done_at else text)
        table.append(cells)
    return table


def _safe(value: str) -> str:
    """No spreadsheet formulas from names or titles (CSV injection)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def respond(table: list[list[str]], name: str, fmt: str) -> Response:
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, delimiter=";")
        for row in table:
            writer.writerow([_safe(str(v)) for v in row])
        body = "\ufeff" + out.getvalue()  # a BOM so Excel opens UTF-8 (ë, é) correctly
        return Response(body, mimetype="text/csv", headers={
            "Content-Disposition": f'attachment; filename="{name}.csv"'})
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = name[:31]
    for row in table:
        sheet.append([_safe(str(v)) for v in row])
    sheet.freeze_panes = "B2"
    for index, header in enumerate(table[0], start=1):
        sheet.column_dimensions[get_column_letter(index)].width = max(12, min(40, len(str(header)) + 2))
    out = io.BytesIO()
    book.save(out)
    return Response(out.getvalue(), headers={
        "Content-Disposition": f'attachment; filename="{name}.xlsx"'},
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
