"""The issue's search examples, as data, run the same way on SQLite (tests/cms/search/) and
on PostgreSQL (tests/integration/test_search_postgres.py, through `manage.py shell`)."""

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
    # Never found: not public.
    Proposal.objects.create(title="観光の下書き", summary="下書き", body="観光", author=author)


def run() -> dict:
    from cms.search.services import search

    found = {
        q: [hit.title for hit in search(q, user=None, kind="proposals").hits] for q, _ in EXAMPLES
    }
    hostile = {q: search(q, user=None).total for q in HOSTILE}
    return {"found": found, "hostile": hostile}


def main() -> None:
    """For `manage.py shell -c`: create the rows, print what each query finds."""
    create()
    print("EXAMPLES " + json.dumps(run(), ensure_ascii=False))
