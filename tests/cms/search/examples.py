"""The issue's search examples, as data, run the same way on SQLite (tests/cms/search/) and
on PostgreSQL (tests/integration/test_search_postgres.py, through `manage.py shell`): what
each query finds, a title match ranked above a body match, the count and the hits when the
rows ranked are capped, what is never found, and the queries a search takes."""

from __future__ import annotations

import json

# (what a person types, the proposal title it must find); a query never finds "noise".
EXAMPLES = [
    ("観光", "観光協会と連携したモニターツアー"),
    ("農協", "JA（農協）の直売所に電子マネー"),
    ("推進", "DX推進課に相談窓口"),
    ("ＤＸ", "DX推進課に相談窓口"),
    ("dx", "DX推進課に相談窓口"),
    ("シュミレーション", "バス路線のシミュレーション"),
    ("しみゅれーしょん", "バス路線のシミュレーション"),
    ("コンピュータ", "図書館のコンピューター講座"),
    ("こんぴゅーたー", "図書館のコンピューター講座"),
    ("ｺﾝﾋﾟｭｰﾀｰ", "図書館のコンピューター講座"),
    ("講座 図書館", "図書館のコンピューター講座"),
    ("Café", "Café で話そう"),
    ("cafe", "Café で話そう"),
]
TITLES = sorted({title for _q, title in EXAMPLES})
NOISE = "駅前に屋根付きの駐輪場を"
# A title match above a body match (bm25 needs a corpus: the filler rows carry no 防災).
RANKING = [
    ("防災訓練をスマホで", "地域の訓練", "当日の連絡もスマホで"),
    ("駐輪場の話", "ついでに防災の話も", "防災"),
    *((f"バス停の屋根 {n}", "雨の日に", "待つ人のために") for n in range(6)),
]
# Matching, never found: a hidden one and a rejected one.
UNSEEN = ["防災の非表示", "防災の却下"]
HOSTILE = ["", " ", "\x00", "%00", 'AND OR NOT " * ( ) -', "観光" * 500, "<script>", "\u202e"]


def create() -> None:
    from django.utils import timezone

    from dialogue.models.proposals import Proposal, ProposalStatus
    from members.models import User

    author = User.objects.create_user(email="examples@example.org", password=None)
    for n, title in enumerate([*TITLES, NOISE]):
        Proposal.objects.create(
            title=title,
            summary=f"{title}。住民の提案です。",
            body="雨の日でも使えるように。",
            author=author,
            status=ProposalStatus.PUBLISHED,
            published_at=timezone.now() - timezone.timedelta(minutes=n),
        )
    for title, summary, body in RANKING:
        Proposal.objects.create(
            title=title,
            summary=summary,
            body=body,
            author=author,
            status=ProposalStatus.PUBLISHED,
            published_at=timezone.now(),
        )
    # Never found: not public.
    Proposal.objects.create(title="観光の下書き", summary="下書き", body="観光", author=author)
    Proposal.objects.create(
        title=UNSEEN[0], summary="防災", author=author, status=ProposalStatus.PUBLISHED, hidden=True
    )
    Proposal.objects.create(
        title=UNSEEN[1], summary="防災", author=author, status=ProposalStatus.REJECTED
    )


def run() -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from cms.search.ranked import SinglePassCompiler
    from cms.search.services import search
    from dialogue.models.proposals import Proposal, ProposalStatus

    def titles(q: str, **kw) -> list[str]:
        return [hit.title for hit in search(q, user=None, kind="proposals", **kw).hits]

    found = {q: titles(q) for q, _ in EXAMPLES}
    hostile = {q: search(q, user=None).total for q in HOSTILE}
    ranking = titles("防災")
    everything = search("防災", user=None)
    # Ranking capped to the newest match: still counted in full.
    cap, SinglePassCompiler.rank_cap = SinglePassCompiler.rank_cap, 1
    try:
        capped = search("防災", user=None, kind="proposals")
        capped = {"titles": [h.title for h in capped.hits], "total": capped.total}
    finally:
        SinglePassCompiler.rank_cap = cap

    def queries(q: str, **kw) -> int:
        with CaptureQueriesContext(connection) as ctx:
            search(q, user=None, **kw)
        return len(ctx.captured_queries)

    before = [queries("防災"), queries("防災", kind="proposals")]
    author = Proposal.objects.first().author
    for n in range(30):
        Proposal.objects.create(
            title=f"防災マップ {n}",
            summary="防災",
            author=author,
            status=ProposalStatus.PUBLISHED,
            published_at=timezone.now(),
        )
    after = [queries("防災"), queries("防災", kind="proposals")]
    return {
        "found": found,
        "hostile": hostile,
        "ranking": ranking,
        "all_kinds": {"titles": [h.title for h in everything.hits], "total": everything.total},
        "capped": capped,
        "queries": {"before": before, "after": after, "total_after": search("防災", None).total},
    }


def main() -> None:
    """For `manage.py shell -c`: create the rows, print what each query finds."""
    create()
    print("EXAMPLES " + json.dumps(run(), ensure_ascii=False))
