"""Following pilots, themes, organisations and proposals: the buttons, the hostile inputs, and
the followers told when a followed thing is published, in a fixed number of queries."""

from __future__ import annotations

import pytest

from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.models import Follow, Notification
from tests.cms.pilots.factories import PilotPageFactory, PilotThemeFactory
from tests.members.factories import OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(client):
    user = UserFactory(display_name="フォロー する人")
    client.force_login(user)
    return user


@pytest.fixture
def theme():
    return PilotThemeFactory(name="移動", slug="mobility")


@pytest.fixture
def pilot(pilot_index, theme):
    return PilotPageFactory(parent=pilot_index, themes=[theme])


def follow(client, target, on=True, next_url="/ja/"):
    return client.post(
        "/ja/notifications/follow/",
        {"target": target, "follow": "1" if on else "0", "next": next_url},
    )


def test_a_pilot_page_has_a_follow_button_that_follows_and_unfollows(client, person, pilot):
    page = client.get(pilot.url).content.decode()
    assert 'aria-pressed="false"' in page and f"pilot:{pilot.translation_key}" in page
    assert follow(client, f"pilot:{pilot.translation_key}", next_url=pilot.url)["Location"] == (
        pilot.url
    )
    assert Follow.objects.filter(user=person, target=f"pilot:{pilot.translation_key}").exists()
    assert 'aria-pressed="true"' in client.get(pilot.url).content.decode()
    follow(client, f"pilot:{pilot.translation_key}", on=False)
    assert not Follow.objects.exists()


def test_the_pilot_index_offers_every_theme(client, person, pilot_index, theme) -> None:
    page = client.get(pilot_index.url).content.decode()
    assert 'value="theme:mobility"' in page


def test_anonymous_visitors_see_no_button_and_cannot_follow(client, pilot) -> None:
    client.logout()
    assert "follow-form" not in client.get(pilot.url).content.decode()
    response = follow(client, f"pilot:{pilot.translation_key}")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Follow.objects.exists()


@pytest.mark.parametrize(
    "target",
    [
        "pilot:no-such-key",
        "nonsense:1",
        "organization:99999999",
        "organization:99999999999999999999999999",
        "theme:<script>",
        "theme:' OR 1=1 --",
        "proposal:1",
        "",
        ":",
        "x" * 500,
        "theme:mobility\u202e",
    ],
)
def test_hostile_or_unknown_targets_are_not_found(client, person, theme, target) -> None:
    response = follow(client, target)
    assert response.status_code == 404
    assert not Follow.objects.exists()


def test_an_organisation_can_be_followed(client, person) -> None:
    org = OrganizationFactory()
    follow(client, f"organization:{org.pk}")
    assert Follow.objects.filter(target=f"organization:{org.pk}").exists()
    org.is_active = False
    org.save()
    assert follow(client, f"organization:{org.pk}", on=False).status_code == 404


def test_publishing_a_pilot_tells_its_followers_and_its_themes_followers(pilot, theme) -> None:
    direct, by_theme, both, other = UserFactory(), UserFactory(), UserFactory(), UserFactory()
    Follow.objects.create(user=direct, target=f"pilot:{pilot.translation_key}")
    Follow.objects.create(user=by_theme, target="theme:mobility")
    Follow.objects.create(user=both, target=f"pilot:{pilot.translation_key}")
    Follow.objects.create(user=both, target="theme:mobility")
    Follow.objects.create(user=other, target="theme:agriculture")
    pilot.summary = "結果を公開しました。"
    pilot.save_revision().publish()
    told = Notification.objects.filter(kind="pilot_update")
    assert sorted(told.values_list("recipient", flat=True)) == sorted(
        [direct.pk, by_theme.pk, both.pk]
    )
    assert told.first().url == f"/pilots/{pilot.slug}/"


def test_telling_500_followers_costs_what_telling_5_costs(pilot_index, theme) -> None:
    from cms import follows

    counts = {}
    for n in (5, 500):
        page = PilotPageFactory(parent=pilot_index, themes=[theme])
        people = UserFactory.create_batch(n)
        Follow.objects.bulk_create(
            [Follow(user=p, target=f"pilot:{page.translation_key}") for p in people]
        )
        with CaptureQueriesContext(connection) as queries:
            follows.pilot_published(sender=None, instance=page)
        counts[n] = len(queries.captured_queries)
        assert Notification.objects.filter(target_id=str(page.pk)).count() == n
    assert counts[5] == counts[500], counts


def test_what_one_follows_is_read_once_and_follows_every_change_at_once(
    client, person, pilot_index, theme
) -> None:
    """The list's follow buttons read the person's follows from the cache until they change
    (notifications.services.followed_by)."""
    target = "theme:mobility"
    client.get(pilot_index.url)
    with CaptureQueriesContext(connection) as queries:
        assert 'aria-pressed="true"' not in client.get(pilot_index.url).content.decode()
    assert not [q for q in queries.captured_queries if "notifications_follow" in q["sql"]]
    follow(client, target)
    assert 'aria-pressed="true"' in client.get(pilot_index.url).content.decode()
    Follow.objects.filter(user=person).delete()  # as the admin would
    assert 'aria-pressed="true"' not in client.get(pilot_index.url).content.decode()
    Follow.objects.create(user=person, target=target)
    assert 'aria-pressed="true"' in client.get(pilot_index.url).content.decode()
