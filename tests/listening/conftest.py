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


@pytest.fixture
def fast_embeddings(monkeypatch):
    """Page and permission tests need a map, not the model: nouns TF-IDF is quicker.
    The pipeline's own tests use the real model."""
    from listening.pipeline import embedding

    monkeypatch.setitem(embedding.EMBEDDERS, "use", embedding.embed_nouns)


@pytest.fixture
def people(db):
    """Staff, a member who takes part in the private session, an outsider, a moderator."""
    from types import SimpleNamespace

    from dialogue.models import Visibility
    from members import roles
    from tests.dialogue.factories import DialogueSessionFactory, RoomFactory
    from tests.members.factories import (
        MembershipFactory,
        OrganizationFactory,
        UserFactory,
        in_group,
    )

    org = OrganizationFactory(name="観光協会")
    participant = MembershipFactory(organization=org).user
    session = DialogueSessionFactory(organiser=org, visibility=Visibility.PRIVATE)
    return SimpleNamespace(
        staff=in_group(UserFactory(), roles.CITY_STAFF),
        moderator=in_group(UserFactory(), roles.MODERATORS),
        participant=participant,
        outsider=UserFactory(),
        other_member=MembershipFactory(organization=OrganizationFactory()).user,
        public_room=RoomFactory(title="公開ルーム"),
        private_room=RoomFactory(visibility=Visibility.PRIVATE, session=session),
        session=session,
    )


def fill_room(room, rows, **extra):
    from tests.dialogue.factories import MessageFactory

    return [MessageFactory(room=room, body=r["text"], **extra) for r in rows]
