"""The search page and the API's ?search=: what each person finds, ranking, snippets, paging,
the index kept current, and hostile queries answered normally."""

from __future__ import annotations

import pytest

from django.utils.html import escape

from cms.models import PilotIndexPage, PilotPage, StandardPage
from cms.search import services
from dialogue.models import Visibility
from dialogue.models.proposals import ProposalStatus
from tests.dialogue.factories import DialogueSessionFactory
from tests.dialogue.proposals.factories import ProposalFactory
from tests.members.factories import MembershipFactory

from .examples import HOSTILE

S = ProposalStatus
pytestmark = pytest.mark.django_db


@pytest.fixture
def pages(home_pages):
    """A pilot, a plain page and a draft page, in Japanese, all about 観光."""
    pilots = home_pages.add_child(instance=PilotIndexPage(title="実証実験", slug="pilots"))
    pilot = pilots.add_child(
        instance=PilotPage(
            title="観光DXの実証実験", slug="tourism-dx", summary="観光協会と連携した"
        )
    )
    about = home_pages.add_child(
        instance=StandardPage(title="このサイトについて", slug="about", body="<p>観光と農協</p>")
    )
    draft = home_pages.add_child(
        instance=StandardPage(title="観光の下書きページ", slug="draft", live=False)
    )
    return {"pilot": pilot, "about": about, "draft": draft}


def titles(response) -> list[str]:
    return [hit.title for hit in response.context["results"].hits]


def test_nav_links_to_search_and_page_answers_in_both_languages(client, home_pages) -> None:
    for language in ("ja", "en"):
        response = client.get(f"/{language}/search/")
        assert response.status_code == 200
        assert f'href="/{language}/search/"' in response.content.decode()
    assert "検索" in client.get("/ja/search/").content.decode()


def test_finds_every_kind_ranked_with_counts_and_filter(client, pages, people) -> None:
    ProposalFactory(title="観光案内をデジタルに", summary="観光協会と連携したい")
    DialogueSessionFactory(title="観光を考える対話", organiser=people.org)
    response = client.get("/ja/search/", {"q": "観光"})
    results = response.context["results"]
    assert {hit.kind for hit in results.hits} >= {"pilots", "pages", "proposals", "sessions"}
    counts = results.counts
    assert (counts["pilots"], counts["proposals"], counts["sessions"]) == (1, 1, 1)
    assert counts["pages"] >= 1
    assert results.total == sum(counts.values()) == len(results.hits)
    assert "観光の下書きページ" not in titles(response)
    only = client.get("/ja/search/", {"q": "観光", "type": "proposals"})
    assert titles(only) == ["観光案内をデジタルに"]
    html = only.content.decode()
    assert "<mark>観光</mark>協会と連携したい" in html


def test_title_matches_rank_first(client, db) -> None:
    # bm25 needs a corpus: a word found in every document carries no weight at all.
    for n in range(6):
        ProposalFactory(title=f"バス停の屋根 {n}", summary="雨の日に", body="待つ人のために")
    ProposalFactory(title="駐輪場の話", summary="ついでに防災の話も", body="防災")
    ProposalFactory(title="防災訓練をスマホで", summary="地域の訓練")
    assert titles(client.get("/ja/search/", {"q": "防災"}))[0] == "防災訓練をスマホで"


def test_results_are_paginated(client, db) -> None:
    for n in range(services.PER_PAGE + 3):
        ProposalFactory(title=f"防災の提案 {n}")
    first = client.get("/ja/search/", {"q": "防災", "type": "proposals"})
    second = client.get("/ja/search/", {"q": "防災", "type": "proposals", "page": 2})
    assert len(titles(first)) == services.PER_PAGE
    assert len(titles(second)) == 3
    assert not set(titles(first)) & set(titles(second))
    assert 'rel="next"' in first.content.decode()
    mixed = client.get("/ja/search/", {"q": "防災", "page": "x"})
    assert mixed.status_code == 200


def test_snippet_is_escaped(client, db) -> None:
    ProposalFactory(title="防災", summary='<script>alert("防災")</script> <b>防災</b>')
    html = client.get("/ja/search/", {"q": "防災"}).content.decode()
    assert "<script>alert" not in html
    assert "<b>防災" not in html
    assert escape("<script>") in html


def test_index_follows_save_and_publish(client, pages, people) -> None:
    proposal = ProposalFactory(title="屋根の提案", status=S.SUBMITTED)
    assert not titles(client.get("/ja/search/", {"q": "屋根"}))
    proposal.status = S.PUBLISHED
    proposal.save()
    assert titles(client.get("/ja/search/", {"q": "屋根"})) == ["屋根の提案"]
    proposal.hidden = True
    proposal.save()
    assert not titles(client.get("/ja/search/", {"q": "屋根"}))

    draft = pages["draft"]
    draft.title = "観光の公開ページ"
    draft.save_revision().publish()
    assert "観光の公開ページ" in titles(client.get("/ja/search/", {"q": "観光"}))


@pytest.mark.parametrize("kind", ["draft", "submitted", "rejected", "hidden"])
def test_nobody_finds_unpublished_proposals(client, people, kind) -> None:
    fields = {"hidden": True} if kind == "hidden" else {"status": kind}
    ProposalFactory(title="見えない防災", author=people.author, **fields)
    for user in (None, people.author, people.resident, people.moderator):
        client.logout()
        if user:
            client.force_login(user)
        assert not titles(client.get("/ja/search/", {"q": "防災"}))


def test_sessions_only_for_those_who_may_see_them(client, people) -> None:
    DialogueSessionFactory(title="公開の防災対話", organiser=people.org)
    DialogueSessionFactory(
        title="会員の防災対話", organiser=people.org, visibility=Visibility.MEMBERS
    )
    private = DialogueSessionFactory(
        title="非公開の防災対話", organiser=people.org, visibility=Visibility.PRIVATE
    )
    private.invited.add(people.author)
    outsider_org_member = MembershipFactory().user

    def seen(user) -> set[str]:
        client.logout()
        if user:
            client.force_login(user)
        return set(titles(client.get("/ja/search/", {"q": "防災", "type": "sessions"})))

    assert seen(None) == {"公開の防災対話"}
    assert seen(people.resident) == {"公開の防災対話"}
    assert seen(outsider_org_member) == {"公開の防災対話", "会員の防災対話"}
    assert seen(people.author) == {"公開の防災対話", "非公開の防災対話"}
    assert seen(people.member) == {"公開の防災対話", "会員の防災対話", "非公開の防災対話"}
    assert seen(people.moderator) == {"公開の防災対話", "会員の防災対話", "非公開の防災対話"}


@pytest.mark.parametrize("query", [*HOSTILE, "観光" * 5000, "a\x01b\x7f", "🙂", "' OR 1=1 --"])
def test_hostile_queries_answer_normally(client, pages, query) -> None:
    ProposalFactory(title="観光の提案")
    for params in ({"q": query}, {"q": query, "type": "pilots"}, {"q": query, "type": "?"}):
        response = client.get("/ja/search/", params)
        assert response.status_code == 200
        assert "<script>" not in response.content.decode().split("<main", 1)[1]
    api = client.get("/api/v2/pages/", {"search": query})
    assert api.status_code == 200, api.content[:300]


def test_api_percent_00_and_japanese_search(client, pages) -> None:
    assert client.get("/api/v2/pages/?search=%00").status_code == 200
    response = client.get("/api/v2/pages/", {"search": "観光"})
    assert response.status_code == 200
    found = {item["title"] for item in response.json()["items"]}
    assert "観光DXの実証実験" in found
    assert "観光の下書きページ" not in found
    assert client.get("/api/v2/pages/", {"search": "ＤＸ"}).json()["meta"]["total_count"] == 1


def test_snippet_marks_the_right_characters_when_one_folds_to_several() -> None:
    # ㍻ folds to 平成 (two characters): the highlight must still land on 観光.
    from japanese.search import query_clauses

    assert services.snippet("㍻の観光協会", query_clauses("観光")) == "㍻の<mark>観光</mark>協会"
    assert services.snippet("ＤＸの観光", query_clauses("dx")) == "<mark>ＤＸ</mark>の観光"


def test_pages_stop_where_ranking_stops(client, db, monkeypatch) -> None:
    """A query broader than the rank cap: the count says every match, the pages reach as far
    as the ranked hits (the newest matches), never to an empty page."""
    from cms.search.ranked import RANK_CAP, SinglePassCompiler

    assert services.MAX_PAGE * services.PER_PAGE <= RANK_CAP
    monkeypatch.setattr(SinglePassCompiler, "rank_cap", 4)
    monkeypatch.setattr(services, "PER_PAGE", 2)
    monkeypatch.setattr(services, "MAX_PAGE", 2)
    made = [ProposalFactory(title=f"防災の提案 {n}") for n in range(7)]
    newest = {p.title for p in sorted(made, key=lambda p: p.pk)[-4:]}
    pages = [client.get("/ja/search/", {"q": "防災", "page": n}) for n in (1, 2, 3)]
    results = [page.context["results"] for page in pages]
    assert [r.total for r in results] == [7, 7, 7]
    assert results[0].num_pages == 2
    assert set(titles(pages[0])) | set(titles(pages[1])) == newest
    assert results[2].page == 2
    assert titles(pages[2]) == titles(pages[1])
