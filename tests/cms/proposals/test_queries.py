"""The list and a proposal's page cost the same number of queries at 10 and 1,000 rows."""

from __future__ import annotations

import pytest

from django.utils import timezone

from dialogue.models import Comment, Proposal, ProposalStatus, Support
from tests.dialogue.proposals.factories import ThemeFactory
from tests.members.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def seed(n: int):
    """n proposals with themes and organisations; the first has n supports and n comments."""
    author = UserFactory()
    org = OrganizationFactory()
    themes = [ThemeFactory(slug=f"t{i}") for i in range(3)]
    now = timezone.now()
    proposals = Proposal.objects.bulk_create(
        Proposal(
            title=f"提案 {i}",
            slug=f"p{i}",
            summary="概要",
            body="本文",
            html="<p>本文</p>",
            author=author,
            as_org=org if i % 2 else None,
            status=ProposalStatus.PUBLISHED,
            published_at=now,
            support_count=i % 7,
            comment_count=i % 5,
        )
        for i in range(n)
    )
    through = Proposal.themes.through
    through.objects.bulk_create(
        through(proposal_id=p.pk, theme_id=themes[i % 3].pk) for i, p in enumerate(proposals)
    )
    first = proposals[0]
    supporters = [UserFactory.build(email=f"s{n}-{i}@example.jp") for i in range(n)]
    for user in supporters:
        user.set_unusable_password()
    from members.models import User

    supporters = User.objects.bulk_create(supporters)
    member_org = OrganizationFactory()
    for user in supporters[:5]:
        MembershipFactory(user=user, organization=member_org)
    Support.objects.bulk_create(Support(proposal=first, user=u) for u in supporters)
    comments = Comment.objects.bulk_create(
        Comment(proposal=first, author=supporters[i], body=f"c{i}", html=f"<p>c{i}</p>")
        for i in range(n)
    )
    Comment.objects.bulk_create(
        Comment(proposal=first, author=author, parent=c, body="r", html="<p>r</p>")
        for c in comments[:20]
    )
    Proposal.objects.filter(pk=first.pk).update(support_count=n, comment_count=n + 20)
    return first


def count(client, django_assert_max_num_queries, url: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.mark.parametrize("signed_in", [False, True])
def test_queries_do_not_grow_with_proposals_supports_and_comments(
    client, index, people, signed_in, django_assert_num_queries
):
    if signed_in:
        client.force_login(people.member)
    small = seed(10)
    # Warm the per-process caches (site root paths, locales) first.
    client.get("/ja/proposals/")
    client.get(small.get_absolute_url("ja"))
    list_small = count(client, None, "/ja/proposals/?sort=supported")
    filtered_small = count(client, None, "/ja/proposals/?sort=discussed&theme=t1&page=3")
    page_small = count(client, None, small.get_absolute_url("ja").replace(small.slug, "p0"))
    Proposal.objects.all().delete()
    big = seed(1000)
    assert Proposal.objects.count() == 1000
    url = big.get_absolute_url("ja").replace(big.slug, "p0")
    # The new memberships retired the person's cached groups (the roles generation), as the
    # first seeding did before the warm-up above.
    client.get("/ja/proposals/")
    client.get(url)
    with django_assert_num_queries(list_small):
        client.get("/ja/proposals/?sort=supported")
    with django_assert_num_queries(page_small):
        response = client.get(url)
    assert "c999" not in response.content.decode()  # comments are paginated
    with django_assert_num_queries(filtered_small):  # the theme's slug is looked up once
        client.get("/ja/proposals/?sort=discussed&theme=t1&page=3")
    print(f"queries: list {list_small}, filtered {filtered_small}, page {page_small}")
    # The signed-in person is an organisation editor: Wagtail's user bar costs them five.
    assert list_small <= 30 and page_small <= 42
