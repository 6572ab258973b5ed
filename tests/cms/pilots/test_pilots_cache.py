"""Anonymous page views come from the cache; publishing purges it."""

from __future__ import annotations

import datetime as dt

import pytest

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.members.factories import UserFactory

from .factories import IndicatorFactory, MeasurementFactory, PilotPageFactory

pytestmark = pytest.mark.django_db


def test_second_anonymous_view_is_a_cache_hit_without_queries(client: Client, pilot_index):
    pilot = PilotPageFactory(parent=pilot_index, title="譲り合い")
    assert client.get(pilot.url)["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(pilot.url)
    assert response["X-Page-Cache"] == "hit"
    assert "譲り合い" in response.content.decode()
    # Session/auth lookups aside, the page itself costs nothing.
    assert not [q for q in queries if "cms_" in q["sql"] or "wagtailcore_page" in q["sql"]]


def test_publish_and_unpublish_purge(client: Client, pilot_index):
    pilot = PilotPageFactory(parent=pilot_index, title="古い題名")
    client.get("/ja/pilots/")
    pilot.title = "新しい題名"
    pilot.save_revision().publish()
    assert "新しい題名" in client.get("/ja/pilots/").content.decode()
    pilot.unpublish()
    assert "新しい題名" not in client.get("/ja/pilots/").content.decode()


def test_new_measurement_purges(client: Client, pilot_index):
    pilot = PilotPageFactory(parent=pilot_index)
    indicator = IndicatorFactory(page=pilot)
    assert "2025年5月5日" not in client.get(pilot.url).content.decode()
    MeasurementFactory(indicator=indicator, date=dt.date(2025, 5, 5), value=7)
    assert "2025年5月5日" in client.get(pilot.url).content.decode()


def test_languages_are_cached_apart(client: Client, pilot_indexes):
    client.get("/ja/")
    response = client.get("/en/")
    assert '<html lang="en">' in response.content.decode()


def test_signed_in_views_share_the_page_but_not_the_person(client: Client, pilot_index):
    pilot = PilotPageFactory(parent=pilot_index)
    user = UserFactory(display_name="佐藤")
    client.force_login(user)
    first = client.get(pilot.url)
    second = client.get(pilot.url)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("shared-miss", "shared")
    assert "佐藤" in second.content.decode()
    client.logout()
    assert "佐藤" not in Client().get(pilot.url).content.decode()


def test_unknown_query_parameters_are_not_cached(client: Client, pilot_index):
    first = client.get("/ja/pilots/", {"utm_source": "x"})
    assert "X-Page-Cache" not in first
    assert client.get("/ja/pilots/", {"status": "running"})["X-Page-Cache"] == "miss"


def test_restricted_page_is_never_cached_for_anonymous(client: Client, pilot_index):
    from wagtail.models import PageViewRestriction

    pilot = PilotPageFactory(parent=pilot_index, title="限定公開")
    client.get(pilot.url)  # cached while public
    PageViewRestriction.objects.create(page=pilot, restriction_type="login")
    response = client.get(pilot.url)
    assert response.status_code == 302
    assert "限定公開" not in client.get(pilot.url, follow=False).content.decode()
