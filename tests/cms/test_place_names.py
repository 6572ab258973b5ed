"""Readings of place names: kept by city staff in the admin, used by the furigana."""

from __future__ import annotations

import pytest

from django.contrib.auth.models import Group
from django.test import Client

from members import roles
from members.models import Membership, PlaceName
from tests.members.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _staff(**kwargs):
    staff = UserFactory(**kwargs)
    staff.groups.add(Group.objects.get(name=roles.CITY_STAFF))
    return staff


def _furigana(path: str) -> str:
    client = Client()
    client.cookies["furigana"] = "on"
    return client.get(path).content.decode()


def test_the_city_name_is_read_as_the_city_reads_it(home_pages) -> None:
    OrganizationFactory(name="みどり野市 総務課", slug="soumu")
    # The dictionary alone guesses みどり野市 as みどりのいち.
    assert "<rt>のいち</rt>" in _furigana("/ja/organizations/soumu/")
    PlaceName.objects.create(name="みどり野市", reading="みどりの し")
    html = _furigana("/ja/organizations/soumu/")
    assert "<rt>のいち</rt>" not in html
    assert "<ruby>野市<rt>のし</rt></ruby>" in html


def test_city_staff_add_a_reading_in_the_admin_and_pages_follow(home_pages) -> None:
    OrganizationFactory(name="本町商店会", slug="honmachi")
    client = _signed_in(_staff(two_step=True))
    assert client.get("/admin/place_names/").status_code == 200
    response = client.post("/admin/place_names/new/", {"name": "本町", "reading": "ほんまち"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert "<ruby>本町<rt>ほんまち</rt></ruby>" in _furigana("/ja/organizations/honmachi/")

    place = PlaceName.objects.get(name="本町")
    response = client.post(
        f"/admin/place_names/edit/{place.pk}/", {"name": "本町", "reading": "ほんちょう"}
    )
    assert response.status_code == 302
    assert "<ruby>本町<rt>ほんちょう</rt></ruby>" in _furigana("/ja/organizations/honmachi/")


@pytest.mark.parametrize(
    ("name", "reading", "error"),
    [
        ("みどり野", "midorino", "hiragana or katakana"),
        ("みどり野", "<script>alert(1)</script>", "hiragana or katakana"),
        ("みどり野", "みどりの'; DROP TABLE x;--", "hiragana or katakana"),
        ("みどり野", "", "This field is required"),
        ("", "みどりの", "This field is required"),
        ("野" * 121, "の", "at most 120 characters"),
    ],
)
def test_bad_readings_get_a_clear_error_and_save_nothing(home_pages, name, reading, error) -> None:
    client = _signed_in(_staff(two_step=True, preferred_language="en"))
    response = client.post(
        "/admin/place_names/new/",
        {"name": name, "reading": reading},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not PlaceName.objects.exists()


def test_duplicate_names_are_refused(home_pages) -> None:
    PlaceName.objects.create(name="みどり野", reading="みどりの")
    client = _signed_in(_staff(two_step=True, preferred_language="en"))
    response = client.post("/admin/place_names/new/", {"name": "みどり野", "reading": "みどりや"})
    assert response.status_code == 200
    assert PlaceName.objects.get().reading == "みどりの"


def test_only_city_staff_keep_the_readings(home_pages) -> None:
    own = OrganizationFactory()
    representative = MembershipFactory(organization=own, role=Membership.Role.REPRESENTATIVE).user
    moderator = UserFactory(two_step=True)
    moderator.groups.add(Group.objects.get(name=roles.MODERATORS))
    for user in (representative, moderator, UserFactory()):
        response = _signed_in(user).post(
            "/admin/place_names/new/", {"name": "本町", "reading": "ほんまち"}
        )
        assert response.status_code in (302, 403)
        assert not PlaceName.objects.exists()
    # Staff without an authenticator are sent to set one up first.
    response = _signed_in(_staff()).post(
        "/admin/place_names/new/", {"name": "本町", "reading": "ほんまち"}
    )
    assert response.status_code == 302
    assert not PlaceName.objects.exists()
    assert Client().get("/admin/place_names/").status_code == 302


def test_signing_in_keeps_the_glossary(home_pages) -> None:
    from django.contrib.auth.signals import user_logged_in

    from cms.reading import glossary

    person = UserFactory()
    before = glossary._generation()
    user_logged_in.send(sender=type(person), request=None, user=person)  # saves last_login
    assert glossary._generation() == before
    person.name_reading = "やまだ はなこ"
    person.save(update_fields=["name_reading"])
    assert glossary._generation() != before
