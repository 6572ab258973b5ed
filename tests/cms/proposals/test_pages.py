"""The public pages: list with filters and sorts, a proposal's page, feed, navigation."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from django.urls import reverse
from django.utils.encoding import iri_to_uri

from dialogue.models.proposals import ProposalStatus
from dialogue.proposals import services
from tests.dialogue.proposals.factories import (
    CommentFactory,
    ProposalFactory,
    SupportFactory,
    ThemeFactory,
)
from tests.members.factories import MembershipFactory, OrganizationFactory, UserFactory

S = ProposalStatus
pytestmark = pytest.mark.django_db

HIDDEN_KINDS = {
    "draft": {"status": S.DRAFT},
    "submitted": {"status": S.SUBMITTED},
    "rejected": {"status": S.REJECTED},
    "hidden": {"status": S.PUBLISHED, "hidden": True},
}


@pytest.fixture
def unseen(people):
    """One proposal of every kind the public must never see, titled by kind."""
    return {
        kind: ProposalFactory(title=f"見えない提案 {kind}", author=people.author, **fields)
        for kind, fields in HIDDEN_KINDS.items()
    }


def test_index_lists_public_proposals_only(client, index, unseen):
    visible = ProposalFactory(title="見える提案")
    response = client.get("/ja/proposals/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "見える提案" in html
    assert visible.get_absolute_url("ja") == f"/ja/proposals/{visible.pk}-{visible.slug}/"
    for kind in HIDDEN_KINDS:
        assert f"見えない提案 {kind}" not in html


def test_nobody_else_sees_unpublished_proposals_anywhere(client, index, unseen, people):
    ProposalFactory(title="見える提案")
    for user in (None, people.resident, people.mayor):
        client.logout()
        if user:
            client.force_login(user)
        pages = [
            client.get("/ja/proposals/").content.decode(),
            client.get("/ja/proposals/feed/").content.decode(),
            client.get("/en/proposals/?sort=supported").content.decode(),
            client.get("/api/v2/pages/?fields=*").content.decode(),
        ]
        for kind, proposal in unseen.items():
            assert all(f"見えない提案 {kind}" not in page for page in pages), (user, kind)
            response = client.get(f"/ja/proposals/{proposal.pk}-{proposal.slug}/")
            assert response.status_code == 404, (user, kind)


def test_authors_see_their_own_drafts_and_moderators_see_all(client, index, unseen, people):
    client.force_login(people.author)
    for kind in ("draft", "submitted", "rejected"):
        response = client.get(unseen[kind].get_absolute_url("ja"))
        assert response.status_code == 200
        assert "見えない提案" in response.content.decode()
    assert client.get(unseen["hidden"].get_absolute_url("ja")).status_code == 200
    mine = client.get("/ja/proposals/mine/").content.decode()
    assert all(f"見えない提案 {kind}" in mine for kind in HIDDEN_KINDS)
    client.force_login(people.moderator)
    for proposal in unseen.values():
        assert client.get(proposal.get_absolute_url("ja")).status_code == 200


def test_filters_by_theme_status_and_organisation(client, index):
    mobility = ThemeFactory(slug="mobility", name="移動")
    org = OrganizationFactory(slug="chamber", name="商工会")
    ProposalFactory(title="バス提案", themes=[mobility])
    ProposalFactory(title="商工会の提案", as_org=org, status=S.UNDER_DISCUSSION)
    ProposalFactory(title="採用された提案", status=S.ADOPTED)

    def titles(query: str) -> str:
        return client.get(f"/ja/proposals/?{query}").content.decode()

    assert "バス提案" in titles("theme=mobility") and "商工会の提案" not in titles("theme=mobility")
    assert "商工会の提案" in titles("organization=chamber")
    assert "バス提案" not in titles("organization=chamber")
    page = titles("status=adopted")
    assert "採用された提案" in page and "バス提案" not in page


@pytest.mark.parametrize(
    "query",
    [
        "status=draft",
        "status=%3Cscript%3Ealert(1)%3C/script%3E",
        "theme=nope",
        "organization=" + "x" * 5000,
        "sort=hack",
        "page=-5",
        "page=abc",
        "theme=%00",
    ],
)
def test_garbage_filters_answer_normally(client, index, unseen, query):
    ProposalFactory(title="見える提案")
    response = client.get(f"/ja/proposals/?{query}")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)" not in html
    assert "見えない提案" not in html


def test_sorting_by_supports_and_comments(client, index):
    quiet = ProposalFactory(title="静かな提案")
    popular = ProposalFactory(title="人気の提案", support_count=5)
    talked = ProposalFactory(title="話題の提案", comment_count=9)
    html = client.get("/ja/proposals/?sort=supported").content.decode()
    assert html.index("人気の提案") < html.index("静かな提案")
    html = client.get("/ja/proposals/?sort=discussed").content.decode()
    assert html.index("話題の提案") < html.index("人気の提案")
    html = client.get("/ja/proposals/").content.decode()
    assert html.index("話題の提案") < html.index("静かな提案")  # newest first
    assert quiet and popular and talked


def test_pagination(client, index):
    for n in range(index.per_page + 3):
        ProposalFactory(title=f"提案番号{n:03d}")
    first = client.get("/ja/proposals/").content.decode()
    second = client.get("/ja/proposals/?page=2").content.decode()
    assert first.count('class="proposal-card"') == index.per_page
    assert second.count('class="proposal-card"') == 3
    assert 'rel="next"' in first


def test_stable_readable_urls(client, index):
    proposal = ProposalFactory(title="駅前に屋根付きの駐輪場を")
    assert proposal.slug == "駅前に屋根付きの駐輪場を"
    url = f"/ja/proposals/{proposal.pk}-{proposal.slug}/"
    assert client.get(url).status_code == 200
    assert client.get(f"/ja/proposals/{proposal.pk}/").url == iri_to_uri(url)
    wrong = client.get(f"/ja/proposals/{proposal.pk}-old-title/")
    assert wrong.status_code == 301 and wrong.url == iri_to_uri(url)
    # The slug stays after publication even if the title changes.
    proposal.title = "別の題名"
    proposal.save()
    assert client.get(url).status_code == 200
    english = client.get(f"/en/proposals/{proposal.pk}-{proposal.slug}/")
    assert english.status_code == 200


def test_proposal_page_shows_supports_orgs_comments_history_links_and_acks(client, index, people):
    from tests.dialogue.factories import DialogueSessionFactory, MessageFactory, RoomFactory

    session = DialogueSessionFactory(title="第4回 対話セッション")
    room = RoomFactory(session=session, title="記録ルーム")
    message = MessageFactory(room=room, author=people.member)
    proposal = ProposalFactory(
        title="温泉街の混雑を見える化", author=people.author, source_message=message
    )
    proposal.sessions.add(session)
    for user in (people.member, people.resident):
        services.toggle_support(proposal, user)
    services.change_status(proposal, people.moderator, S.UNDER_DISCUSSION)
    comment = CommentFactory(proposal=proposal, body="とても良い案です")
    CommentFactory(proposal=proposal, parent=comment, body="同感です")
    CommentFactory(proposal=proposal, body="不適切な内容", hidden=True)
    services.toggle_acknowledgement(proposal, people.mayor)
    html = client.get(proposal.get_absolute_url("ja")).content.decode()
    assert "温泉街の混雑を見える化" in html
    assert "観光協会" in html  # a supporter's organisation
    assert "とても良い案です" in html and "同感です" in html
    assert "不適切な内容" not in html
    assert "第4回 対話セッション" in html and "記録ルーム" in html
    assert "市長" in html and "高橋 誠" in html
    assert "data-support-count>2<" in html


def test_every_page_advertises_both_feeds_and_navigation_leads_everywhere(client, index):
    from cms.models import OrganizationIndexPage

    index.get_parent().add_child(
        instance=OrganizationIndexPage(title="会員団体", slug="organizations")
    ).save_revision().publish()
    html = client.get("/ja/").content.decode()
    assert 'type="application/atom+xml"' in html
    assert 'href="/ja/proposals/feed/"' in html
    assert 'href="/ja/site/pilots/feed/"' in html
    assert 'href="/ja/proposals/"' in html
    assert 'href="/ja/organizations/"' in html
    sessions = client.get(reverse("dialogue:sessions")).content.decode()
    assert 'href="/ja/proposals/feed/"' in sessions


def test_feed_is_atom_of_new_public_proposals(client, index, unseen):
    ProposalFactory(title="新しい提案 <b>太字</b>")
    response = client.get("/ja/proposals/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314 (our own feed)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.text for e in root.findall("a:entry/a:title", ns)]
    assert titles == ["新しい提案 <b>太字</b>"]
    link = root.find("a:entry/a:link", ns).get("href")
    assert "/ja/proposals/" in link


def test_supporters_orgs_are_counted_by_organisation(client, index):
    org = OrganizationFactory(name="農協", name_en="JA")
    proposal = ProposalFactory()
    for _n in range(3):
        SupportFactory(proposal=proposal, user=MembershipFactory(organization=org).user)
    SupportFactory(proposal=proposal, user=UserFactory())
    html = client.get(proposal.get_absolute_url("ja")).content.decode()
    assert "農協 (3)" in html
