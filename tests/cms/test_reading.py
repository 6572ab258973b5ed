"""Furigana on request: the toggle, the server-rendered <ruby>, stored readings win."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from django.template import Context, Template
from django.test import Client
from django.utils import translation

from tests.members.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def _with_furigana() -> Client:
    client = Client()
    client.cookies["furigana"] = "on"
    return client


def test_toggle_remembers_the_choice_and_goes_back(client: Client) -> None:
    response = client.get("/furigana/", {"furigana": "on", "next": "/ja/dialogue/"})
    assert response.status_code == 302
    assert response["Location"] == "/ja/dialogue/"
    assert response.cookies["furigana"].value == "on"
    assert response.cookies["furigana"]["max-age"] == 365 * 24 * 60 * 60
    response = client.get("/furigana/", {"furigana": "off", "next": "/ja/"})
    assert response.cookies["furigana"].value == "off"


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "javascript:x"])
def test_toggle_refuses_to_send_people_elsewhere(client: Client, target: str) -> None:
    response = client.get("/furigana/", {"furigana": "on", "next": target})
    assert response["Location"] == "/"


def test_toggle_refuses_other_methods(client: Client) -> None:
    assert client.post("/furigana/", {"furigana": "on"}).status_code == 405


def test_japanese_pages_get_ruby_only_when_asked(home_pages) -> None:
    plain = Client().get("/ja/")
    assert plain.status_code == 200
    assert "<ruby>" not in plain.content.decode()
    assert 'aria-pressed="false"' in plain.content.decode()
    ruby = _with_furigana().get("/ja/")
    html = ruby.content.decode()
    assert ruby.status_code == 200
    assert re.search(r"<ruby>[^<]+<rt>[ぁ-ゖー]+</rt></ruby>", html)
    assert 'aria-pressed="true"' in html
    assert ruby["X-Furigana"] == "on"
    assert "Cookie" in ruby["Vary"]


def test_english_pages_stay_plain_and_show_no_toggle(home_pages) -> None:
    response = _with_furigana().get("/en/")
    assert "<ruby>" not in response.content.decode()
    assert "/furigana/" not in response.content.decode()


def test_the_sessions_page_gets_ruby_too() -> None:
    response = _with_furigana().get("/ja/dialogue/")
    assert response.status_code == 200
    assert "<ruby>" in response.content.decode()


def test_stored_organisation_readings_win(home_pages) -> None:
    OrganizationFactory(name="緑野観光協会", name_reading="みどりの かんこうきょうかい", slug="mt")
    html = _with_furigana().get("/ja/organizations/mt/").content.decode()
    assert "<ruby>緑野観光協会<rt>みどりのかんこうきょうかい</rt></ruby>" in html


def test_a_renamed_reading_shows_at_once(home_pages) -> None:
    organization = OrganizationFactory(
        name="緑野商会", name_reading="みどりの しょうかい", slug="ms"
    )
    client = _with_furigana()
    assert "<rt>みどりのしょうかい</rt>" in client.get("/ja/organizations/ms/").content.decode()
    organization.name_reading = "りょくや しょうかい"
    organization.save()
    assert "<rt>りょくやしょうかい</rt>" in client.get("/ja/organizations/ms/").content.decode()


@pytest.mark.parametrize(
    ("language", "expected"),
    [("ja", "2026年（令和8年）11月26日"), ("en", "Nov. 26, 2026")],
)
def test_official_date_filter(language: str, expected: str) -> None:
    template = Template("{% load reading_aids %}{{ day|official_date }}")
    with translation.override(language):
        assert template.render(Context({"day": dt.date(2026, 11, 26)})) == expected


def test_session_pages_show_official_dates() -> None:
    from tests.dialogue.factories import DialogueSessionFactory

    session = DialogueSessionFactory(
        title="公開の会",
        starts_at=dt.datetime(2026, 11, 26, 5, 0, tzinfo=dt.UTC),  # 14:00 in Tokyo
    )
    with translation.override("ja"):
        html = Client().get(session.get_absolute_url()).content.decode()
    assert "2026年（令和8年）11月26日 14:00" in html
    with translation.override("en"):
        english = Client().get(session.get_absolute_url()).content.decode()
    assert "Nov. 26, 2026" in english
    assert "令和" not in english
