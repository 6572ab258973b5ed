"""Numbers as people here write them: 1億2,000万円, not ¥120,000,000, in Japanese."""

from __future__ import annotations

from decimal import Decimal

from django.utils import numberformat


def format_yen(amount: int, language: str) -> str:
    """Japanese groups by 万 (10^4) and 億 (10^8); English keeps thousands separators."""
    if not language.startswith("ja"):
        return f"¥{amount:,}"
    oku, rest = divmod(amount, 10**8)
    man, yen = divmod(rest, 10**4)
    parts = []
    if oku:
        parts.append(f"{oku:,}億")
    if man:
        parts.append(f"{man:,}万")
    if yen or not parts:
        parts.append(f"{yen:,}")
    return "".join(parts) + "円"


def plain_number(value: Decimal | int | float | None) -> str:
    """A decimal without trailing zeros or exponent: 12.5000 -> 12.5, 1E+2 -> 100."""
    if value is None:
        return ""
    value = Decimal(value)
    text = f"{value.normalize():f}"
    return "0" if text in ("-0", "") else text


def format_measure(value: Decimal | int | float | None) -> str:
    """A measured value as people read it: 1,320 and 13.1, never 13.1000."""
    if value is None:
        return ""
    value = Decimal(value).normalize()
    places = max(0, -value.as_tuple().exponent)
    return numberformat.format(
        value, ".", decimal_pos=places, grouping=3, thousand_sep=",", force_grouping=True
    )
