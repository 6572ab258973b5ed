"""CSV that Excel on Japanese Windows opens as UTF-8: a byte-order mark and CRLF line ends.

Without the BOM Excel reads the file as Shift_JIS and shows mojibake. Cells that begin
like a formula are defused with a leading apostrophe, so an exported name such as
`=HYPERLINK(...)` stays text (CSV injection).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.http import HttpResponse

BOM = "\ufeff"
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_STARTS) and not _is_number(text):
        return "'" + text
    return text


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def excel_csv(rows: Iterable[Iterable[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([_cell(value) for value in row])
    return BOM + buffer.getvalue()


def excel_csv_response(rows: Iterable[Iterable[object]], filename: str) -> HttpResponse:
    """`filename` is ASCII chosen by the caller, never user input."""
    response = HttpResponse(excel_csv(rows), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
