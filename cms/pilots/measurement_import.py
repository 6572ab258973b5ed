"""Import measurements from a CSV file: every row checked first, then all saved or none.

Accepts what Excel on Japanese Windows writes (Shift_JIS, i.e. cp932) as well as UTF-8 with
or without a BOM. Columns: indicator (its key), date, value, and an optional note.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext as _

from .indicators import Indicator, Measurement
from .pages import PilotPage

MAX_BYTES = 1024 * 1024
MAX_ROWS = 5000
MAX_ABS_VALUE = Decimal(10) ** 12
REQUIRED = ("indicator", "date", "value")


@dataclass
class RowError:
    line: int
    message: str


@dataclass
class ParsedRow:
    line: int
    indicator: Indicator
    date: dt.date
    value: Decimal
    note: str


@dataclass
class ImportResult:
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    created: int = 0
    updated: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def decode(data: bytes) -> str | None:
    for encoding in ("utf-8-sig", "cp932"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _parse_date(text: str) -> dt.date | None:
    text = unicodedata.normalize("NFKC", text).strip()
    for fmt in ("%Y-%m-%d", "%Y/%m/%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 (a calendar date)
        except ValueError:
            continue
    return None


def _parse_value(text: str) -> Decimal | None:
    text = unicodedata.normalize("NFKC", text).strip().replace(",", "")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    if not value.is_finite() or abs(value) >= MAX_ABS_VALUE:
        return None
    return value.quantize(Decimal("0.0001"))


def parse(data: bytes, pilot: PilotPage) -> ImportResult:
    result = ImportResult()
    if len(data) > MAX_BYTES:
        result.errors.append(RowError(0, _("The file is larger than 1 MB.")))
        return result
    text = decode(data)
    if text is None:
        result.errors.append(
            RowError(0, _("The file could not be read. Save it as CSV in UTF-8 or Shift_JIS."))
        )
        return result
    if "\x00" in text:
        result.errors.append(RowError(0, _("This does not look like a CSV file.")))
        return result

    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        result.errors.append(RowError(1, _("The file is empty.")))
        return result
    columns = [unicodedata.normalize("NFKC", name).strip().lower() for name in header]
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        result.errors.append(
            RowError(
                1,
                _("The first row must name the columns %(required)s; missing: %(missing)s.")
                % {"required": ", ".join(REQUIRED), "missing": ", ".join(missing)},
            )
        )
        return result
    where = {name: columns.index(name) for name in (*REQUIRED, "note") if name in columns}
    indicators = {ind.key: ind for ind in pilot.indicators.all()}
    seen: dict[tuple[str, dt.date], int] = {}

    line = 1
    try:
        for line, raw in enumerate(reader, start=2):
            if line - 1 > MAX_ROWS:
                result.errors.append(
                    RowError(line, _("More than %(max)s rows: split the file.") % {"max": MAX_ROWS})
                )
                break
            if not any(cell.strip() for cell in raw):
                continue

            def cell(name: str, raw=raw) -> str:
                index = where.get(name)
                return raw[index].strip() if index is not None and index < len(raw) else ""

            key = unicodedata.normalize("NFKC", cell("indicator"))
            indicator = indicators.get(key)
            if indicator is None:
                result.errors.append(
                    RowError(
                        line,
                        _("Unknown indicator “%(key)s”. This pilot's indicators: %(known)s.")
                        % {"key": key[:60], "known": ", ".join(sorted(indicators)) or "—"},
                    )
                )
                continue
            date = _parse_date(cell("date"))
            if date is None:
                result.errors.append(
                    RowError(
                        line,
                        _("“%(text)s” is not a date; write it as 2025-04-01.")
                        % {"text": cell("date")[:40]},
                    )
                )
                continue
            value = _parse_value(cell("value"))
            if value is None:
                result.errors.append(
                    RowError(
                        line,
                        _("“%(text)s” is not a number.") % {"text": cell("value")[:40]},
                    )
                )
                continue
            note = cell("note")
            if len(note) > 200:
                result.errors.append(RowError(line, _("The note is longer than 200 characters.")))
                continue
            if (key, date) in seen:
                result.errors.append(
                    RowError(
                        line,
                        _("Row %(other)s already gives %(key)s on this date.")
                        % {"other": seen[(key, date)], "key": key},
                    )
                )
                continue
            seen[(key, date)] = line
            result.rows.append(ParsedRow(line, indicator, date, value, note))
    except csv.Error as error:
        message = _("The CSV is malformed: %(error)s") % {"error": error}
        result.errors.append(RowError(line, message))
    if not result.rows and not result.errors:
        result.errors.append(RowError(2, _("The file has no measurements.")))
    return result


@transaction.atomic
def save(result: ImportResult) -> ImportResult:
    """All or nothing: called only for a result without errors."""
    if result.errors:
        raise ValueError("refusing to save an import with errors")
    for row in result.rows:
        _measurement, created = Measurement.objects.update_or_create(
            indicator=row.indicator, date=row.date, defaults={"value": row.value, "note": row.note}
        )
        if created:
            result.created += 1
        else:
            result.updated += 1
    return result
