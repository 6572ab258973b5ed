"""Reading an uploaded CSV of comments, and writing CSV that spreadsheets cannot run.

Accepted: UTF-8 with or without BOM, or Shift_JIS (read as cp932, Windows' superset), a
`text` column (required), an optional `id` column and any other columns as attributes.
Empty rows are skipped. Nothing in a cell is ever evaluated; cells are kept as text and
escaped wherever they are shown.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

MAX_ROWS = 100_000
MAX_BYTES = 50 * 1024 * 1024
MAX_CELL = 20_000
MAX_ATTRIBUTES = 20
MAX_ATTRIBUTE_VALUE = 100
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class CsvError(ValueError):
    """A reason a person can act on."""


@dataclass
class Row:
    row: int  # the line's number among data rows, from 1
    comment_id: str
    text: str
    attributes: dict[str, str] = field(default_factory=dict)


def decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp932")
    except UnicodeDecodeError:
        raise CsvError(
            _("The file is neither UTF-8 nor Shift_JIS text. Save it as “CSV UTF-8” and try again.")
        ) from None


def read(data: bytes) -> tuple[list[Row], list[str]]:
    """Rows with text, and the attribute column names."""
    if len(data) > MAX_BYTES:
        raise CsvError(_("The file is larger than 50 MB."))
    if b"\x00" in data[:4096]:
        raise CsvError(_("This is not a CSV text file."))
    text = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise CsvError(_("The file is empty.")) from None
    except csv.Error as error:
        raise CsvError(_("The file is not valid CSV: %(error)s") % {"error": error}) from None
    names = [h.strip().lstrip("\ufeff") for h in header]
    lowered = [n.lower() for n in names]
    if "text" not in lowered:
        shown = ", ".join(n[:30] for n in names[:10]) or _("(none)")
        raise CsvError(
            _("The first row must name a “text” column (found: %(columns)s).") % {"columns": shown}
        )
    text_at = lowered.index("text")
    id_at = lowered.index("id") if "id" in lowered else None
    attribute_at = [
        (i, names[i][:50])
        for i in range(len(names))
        if i not in {text_at, id_at} and names[i] and lowered[i] not in {"text", "id"}
    ][:MAX_ATTRIBUTES]
    rows: list[Row] = []
    number = 0
    try:
        for cells in reader:
            number += 1
            if len(rows) >= MAX_ROWS:
                raise CsvError(
                    _("The file has more than %(max)s comments; split it into smaller files.")
                    % {"max": f"{MAX_ROWS:,}"}
                )
            value = cells[text_at].strip() if text_at < len(cells) else ""
            if not value:
                continue
            comment_id = (
                cells[id_at].strip()[:100] if id_at is not None and id_at < len(cells) else ""
            )
            rows.append(
                Row(
                    row=number,
                    comment_id=comment_id,
                    text=value[:MAX_CELL],
                    attributes={
                        name: cells[i].strip()[:MAX_ATTRIBUTE_VALUE]
                        for i, name in attribute_at
                        if i < len(cells) and cells[i].strip()
                    },
                )
            )
    except csv.Error as error:
        raise CsvError(
            _("Line %(line)s is not valid CSV: %(error)s") % {"line": number + 2, "error": error}
        ) from None
    if not rows:
        raise CsvError(_("No row has any text in the “text” column."))
    return rows, [name for _i, name in attribute_at]


def safe_cell(value: object) -> str:
    """A cell a spreadsheet shows as text: a leading =, +, -, @ gets a quote mark."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text
