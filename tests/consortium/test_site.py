"""The walking skeleton: languages, layout, error pages, health check."""

from __future__ import annotations

import pytest

from django.test import Client

pytestmark = pytest.mark.django_db


def test_root_redirects_by_accept_language(client: Client, home_pages) -> None:
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en").headers["Location"] == "/en/"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="ja,en;q=0.5").headers["Location"] == "/ja/"
    # Japanese is the default for a browser that states no preference we have.
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="fr").headers["Location"] == "/ja/"


@pytest.mark.parametrize(
    ("path", "lang", "title", "skip"),
    [
        ("/ja/", "ja", "みどり野スマートシティ・コンソーシアム", "本文へスキップ"),
        ("/en/", "en", "Midorino Smart City Consortium", "Skip to main content"),
    ],
)
def test_home_page_in_each_language(client: Client, home_pages, path, lang, title, skip) -> None:
    response = client.get(path)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{lang}">' in html
    assert f'<h1 id="hero-title">{title}</h1>' in html
    assert skip in html
    assert 'id="main"' in html
    assert "data-text-size-toggle" in html


def test_language_switcher_links_to_the_translation(client: Client, home_pages) -> None:
    html = client.get("/ja/").content.decode()
    assert 'href="/i18n/en/?next=%2Fen%2F"' in html
    assert '<span aria-current="true" lang="ja">日本語</span>' in html


def test_switch_language_sets_cookie_and_refuses_foreign_next(client: Client) -> None:
    response = client.get("/i18n/en/", {"next": "/en/"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/en/"
    assert response.cookies["django_language"].value == "en"
    hostile = client.get("/i18n/en/", {"next": "https://evil.example/"})
    assert hostile.headers["Location"] == "/en/"
    assert client.get("/i18n/xx/", follow=True).status_code == 404


@pytest.mark.parametrize(
    ("path", "text"),
    [("/ja/no-such-page/", "ページが見つかりません"), ("/en/no-such-page/", "Page not found")],
)
def test_unknown_url_gets_styled_404_in_the_visitors_language(
    client: Client, home_pages, path, text
) -> None:
    response = client.get(path)
    assert response.status_code == 404
    html = response.content.decode()
    assert text in html
    assert "/static/css/site.css" in html


def test_server_error_is_styled_and_leaks_nothing(client: Client, home_pages, settings) -> None:
    from django.urls import path

    def boom(request):
        raise RuntimeError("secret database password is hunter2")

    settings.ROOT_URLCONF = type(
        "urls",
        (),
        {"urlpatterns": [path("en/boom/", boom)], "handler500": "consortium.views.server_error"},
    )
    client.raise_request_exception = False
    response = client.get("/en/boom/")
    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong" in html
    assert "hunter2" not in html
    assert "Traceback" not in html


def test_healthz_reports_database(client: Client) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}


def test_static_assets_are_local(client: Client, home_pages) -> None:
    html = client.get("/ja/").content.decode()
    assert "http://" not in html.replace("http://testserver", "")
    assert "//fonts.googleapis" not in html
    assert client.get("/static/css/site.css").status_code == 200


def test_uploaded_files_are_served_only_when_asked(client: Client, settings, tmp_path) -> None:
    (tmp_path / "logo.txt").write_text("ok")
    settings.MEDIA_ROOT = tmp_path
    response = client.get("/media/logo.txt")
    # The test settings leave SERVE_MEDIA off, as production does: the proxy serves uploads.
    assert response.status_code in {302, 404}
    assert b"ok" not in b"".join(getattr(response, "streaming_content", [response.content]))


def test_a_page_not_yet_published_in_english_sends_english_readers_to_the_japanese(
    client: Client, home_pages
) -> None:
    from wagtail.models import Locale, Page

    from cms.home.models import StandardPage

    home = Page.objects.get(depth=2, locale__language_code="ja").specific
    page = home.add_child(
        instance=StandardPage(title="アクセス", slug="access", body="<p>駅から五分</p>")
    )
    page.save_revision().publish()
    english = page.copy_for_translation(Locale.objects.get(language_code="en"))  # a draft
    assert not english.live

    response = client.get("/en/access/")
    assert response.status_code == 302
    assert response["Location"] == "/ja/access/"
    followed = client.get(response["Location"]).content.decode()
    assert "駅から五分" in followed
    assert "This page is not available in English yet." in followed

    english.save_revision().publish()
    assert client.get("/en/access/").status_code == 200
    # Nothing there in either language, or not a page read: the ordinary 404.
    assert client.get("/en/no-such-page/").status_code == 404
    assert client.post("/en/no-such-page/").status_code in (403, 404, 405)
