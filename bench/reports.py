"""What drafting a session's report costs: `make bench-reports`. Never part of the suite.

In one process, on a temporary SQLite database with the demo data and a closed session of
5,000 messages (200 people of 12 organisations, 20 acknowledged, 600 reactions):

1. closing the session in a request-like call with the database task backend (what the
   person who closes it waits for: the drafting is only queued), beside
2. drafting the report in the task (the worker's time), and the baselines of the same run:
   a trivial Django view (/livez, no query) and a plain scan of the session's 5,000 messages.

Times are this process's CPU time (time.process_time); the measurements alternate so that
other work on a shared machine inflates neither side. Read the medians and the ratios.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ROUNDS = 5
MESSAGES = 5_000
WORDS = [
    "駅前の駐輪場",
    "空き店舗",
    "朝どれ野菜",
    "見守り",
    "バスの本数",
    "子育て",
    "防災訓練",
    "観光案内",
    "キャッシュレス",
    "高齢者の移動",
    "商店街",
    "公民館",
    "譲り合い",
    "農産物",
]


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="bench-reports-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "consortium.settings.dev")
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'db.sqlite3'}"
    os.environ["TASKS_BACKEND"] = "django_tasks_db.DatabaseBackend"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client
    from django.utils import timezone

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.MEDIA_ROOT = str(workdir / "media")
    call_command("migrate", verbosity=0, interactive=False)
    call_command("seed_demo", verbosity=0, stdout=io.StringIO())

    from cms.reports import drafting
    from cms.reports.models import ReportDraft, SessionReportPage
    from dialogue.models import Acknowledgement, DialogueSession, Message, Reaction, Room
    from members.models import Membership, Organization, User

    rng = random.Random(5)
    orgs = list(Organization.objects.all()[:12])
    people = [
        User.objects.create_user(f"bench-{i}@example.jp", None, display_name=f"参加者{i}")
        for i in range(200)
    ]
    Membership.objects.bulk_create(
        [Membership(user=p, organization=orgs[i % len(orgs)]) for i, p in enumerate(people)]
    )
    start = timezone.now() - dt.timedelta(hours=3)
    session = DialogueSession.objects.create(
        title="ベンチマークの報告会",
        agenda="1. 報告\n2. 意見交換",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        organiser=orgs[0],
        status=DialogueSession.Status.LIVE,
    )
    room = Room.objects.create(slug="bench-report", title="報告会", session=session)
    Message.objects.bulk_create(
        [
            Message(
                room=room,
                author=people[i % len(people)],
                as_org=orgs[i % len(orgs)] if i % 3 == 0 else None,
                client_id=f"bench-{i}",
                body=f"{rng.choice(WORDS)}について、{rng.choice(WORDS)}と合わせて考えたい（{i}）",
                created_at=start + dt.timedelta(seconds=i),
            )
            for i in range(MESSAGES)
        ],
        batch_size=1000,
    )
    ids = list(Message.objects.filter(room=room).values_list("pk", flat=True))
    mayor = User.objects.get(email="mayor@example.jp")
    Acknowledgement.objects.bulk_create(
        [Acknowledgement(message_id=pk, user=mayor, title="市長") for pk in ids[::250]]
    )
    Reaction.objects.bulk_create(
        [
            Reaction(message_id=rng.choice(ids), user=people[i % len(people)], emoji="👍")
            for i in range(600)
        ],
        ignore_conflicts=True,
    )

    trivial = Client()
    close, draft, view, scan = [], [], [], []
    for _round in range(ROUNDS):
        SessionReportPage.objects.filter(session=session).delete()
        ReportDraft.objects.filter(session=session).delete()
        DialogueSession.objects.filter(pk=session.pk).update(status=DialogueSession.Status.LIVE)
        session.refresh_from_db()

        started = time.process_time()
        assert trivial.get("/livez").status_code == 200
        view.append(time.process_time() - started)

        started = time.process_time()
        session.status = DialogueSession.Status.CLOSED
        session.save()  # queues the drafting (database backend): what the closer waits for
        close.append(time.process_time() - started)
        job = ReportDraft.objects.get(session=session)
        assert job.status == ReportDraft.Status.QUEUED

        started = time.process_time()
        rows = list(Message.objects.filter(room=room).values_list("pk", "body", "author_id"))
        scan.append(time.process_time() - started)
        assert len(rows) == MESSAGES

        started = time.process_time()
        assert drafting.run(job.pk) == ReportDraft.Status.DONE
        draft.append(time.process_time() - started)

    page = SessionReportPage.objects.get(session=session, locale__language_code="ja")
    print(f"report bench: {MESSAGES:,} messages, {ROUNDS} rounds, CPU time, alternated")
    print(f"  trivial view /livez (baseline)   median {median_ms(view):8.2f} ms")
    print(f"  plain scan of the messages       median {median_ms(scan):8.2f} ms")
    print(
        f"  closing the session (queues)     median {median_ms(close):8.2f} ms"
        f"   = {median_ms(close) / median_ms(view):.1f}x the trivial view"
    )
    print(
        f"  drafting the report (the task)   median {median_ms(draft):8.2f} ms"
        f"   = {median_ms(draft) / median_ms(scan):.1f}x the plain scan"
    )
    print(f"  the draft: {len(page.body)} blocks, transcript {page.transcript.file.size:,} bytes")


if __name__ == "__main__":
    main()
