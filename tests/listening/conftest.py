from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EVALUATION_SET = ROOT / "bench" / "data" / "municipal_comments.csv"


def evaluation_rows() -> list[dict]:
    with EVALUATION_SET.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def sample_rows(per_topic: int = 8, topics: int = 4) -> list[dict]:
    """A few comments of a few known topics: enough to group, quick to embed."""
    chosen: dict[str, list[dict]] = {}
    for row in evaluation_rows():
        names = chosen if len(chosen) < topics else {}
        bucket = chosen.get(row["topic"]) if row["topic"] in chosen else None
        if bucket is None and row["topic"] not in names and len(chosen) < topics:
            bucket = chosen.setdefault(row["topic"], [])
        if bucket is not None and len(bucket) < per_topic:
            bucket.append(row)
    return [r for rows in chosen.values() for r in rows]


def csv_bytes(rows: list[dict], columns=("id", "text", "age", "area"), encoding="utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    return out.getvalue().encode(encoding)


@pytest.fixture
def sample_csv() -> bytes:
    return csv_bytes(sample_rows())
