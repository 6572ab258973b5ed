"""Demo pilots load (twice, without duplicates) and the page editor works with them."""

from __future__ import annotations

import pytest

from django.test import Client

from cms.demo import pilots as demo_pilots
from cms.models import Measurement, PilotPage, PilotTheme
from members import demo as members_demo
from members.models import User
from tests.members.factories import AuthenticatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(home_pages):
    members_demo.seed("pw-for-tests-only", lambda _what: None)
    demo_pilots.seed(lambda _what: None, "pw-for-tests-only")
    return home_pages


def test_demo_pilots_in_both_languages_and_idempotent(demo) -> None:
    counts = (PilotPage.objects.count(), Measurement.objects.count(), PilotTheme.objects.count())
    demo_pilots.seed(lambda _what: None, "pw-for-tests-only")
    assert (
        PilotPage.objects.count(),
        Measurement.objects.count(),
        PilotTheme.objects.count(),
    ) == counts
    assert PilotPage.objects.filter(locale__language_code="ja").count() == 4
    assert PilotPage.objects.filter(locale__language_code="en").count() == 4
    sharing = PilotPage.objects.get(slug="goods-sharing", locale__language_code="ja")
    assert sharing.partners.filter(organization__slug="machitsunagi").exists()
    assert sharing.image is not None
    english = sharing.get_translation(
        PilotPage.objects.filter(locale__language_code="en").first().locale
    ).specific
    assert english.title.startswith("Local goods-sharing")
    assert [r.latest.value for r in english.indicator_results][0] == 312
    assert all(len(r.measurements) >= 5 for r in sharing.indicator_results)


def test_demo_chamber_representative_may_edit_the_pilot_their_chamber_joins(demo) -> None:
    chamber = User.objects.get(email="chamber@example.jp")
    sharing = PilotPage.objects.get(slug="goods-sharing", locale__language_code="ja")
    farming = PilotPage.objects.get(slug="smart-agriculture", locale__language_code="ja")
    assert sharing.permissions_for_user(chamber).can_edit()
    assert not sharing.permissions_for_user(chamber).can_publish()
    assert not farming.permissions_for_user(chamber).can_edit()


def test_admin_add_and_edit_forms_render(client: Client, demo) -> None:
    admin = User.objects.get(email="admin@example.jp")
    AuthenticatorFactory(user=admin)
    client.force_login(admin)
    sharing = PilotPage.objects.get(slug="goods-sharing", locale__language_code="ja")
    edit = client.get(f"/admin/pages/{sharing.pk}/edit/")
    assert edit.status_code == 200
    html = edit.content.decode()
    assert "indicators-FORMS" in html and "partners-FORMS" in html
    add = client.get(f"/admin/pages/add/cms/pilotpage/{sharing.get_parent().pk}/")
    assert add.status_code == 200
    assert client.get("/admin/pilots/import/").status_code == 200
    assert client.get("/admin/pilot-measurements/").status_code == 200
    assert client.get(f"/admin/pages/{sharing.pk}/edit/preview/").status_code in (200, 405)
