"""Demo pages for `seed_demo`: the home page in Japanese and English."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db import transaction

from wagtail.models import Locale, Page, Site

from ..home.models import HomePage

HOME = {
    "ja": {
        "title": "みどり野スマートシティ・コンソーシアム",
        "lead": "商工会、農協、観光協会、女性起業家、企業、市民、そして市役所が「わたしたち」として"
        "まちの未来を話し合い、一緒につくる対話のプラットフォームです。",
        "body": "<p>デジタルは目的ではなく手段です。市民の目線から考え、完璧を待たずに小さく試し、"
        "その結果をみんなで確かめます。</p>",
        # やさしい日本語 (plain Japanese), for readers who choose it.
        "plain_title": "みどり野市の まちづくりを 話し合う ところ",
        "plain_summary": "お店、農家、会社、市民、市役所が いっしょに まちの これからを 話します。",
        "plain_body": "<p>デジタルは 道具です。市民の ために つかいます。</p>"
        "<p>小さく ためして、けっかを みんなで 見ます。</p>",
    },
    "en": {
        "title": "Midorino Smart City Consortium",
        "lead": "A platform for dialogue where the chamber of commerce, the agricultural co-op, "
        "the tourism association, women entrepreneurs, companies, residents and city hall talk "
        "about the city's future as \u201cwe\u201d, and build it together.",
        "body": "<p>Digital is a means, not the goal. We start from residents' needs, try small "
        "things without waiting for perfection, and look at the results together.</p>",
    },
}


def ensure_locales() -> dict[str, Locale]:
    return {
        code: Locale.objects.get_or_create(language_code=code)[0]
        for code, _name in settings.LANGUAGES
    }


@transaction.atomic
def seed(progress: Callable[[str], None]) -> HomePage:
    locales = ensure_locales()
    home = HomePage.objects.filter(locale=locales["ja"]).first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's install leaves a plain "Welcome" page where our home page belongs.
        for child in root.get_children():
            if child.specific_class is Page:
                child.delete()
        home = root.add_child(instance=HomePage(locale=locales["ja"], slug="home", **HOME["ja"]))
        root.refresh_from_db()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={
            "hostname": "localhost",
            "port": 80,
            "root_page": home,
            "site_name": HOME["ja"]["title"],
        },
    )
    for code, locale in locales.items():
        if code == "ja":
            continue
        translation = home.get_translation_or_none(locale)
        if translation is None:
            translation = home.copy_for_translation(locale)
        translation = translation.specific
        for field in ("plain_title", "plain_summary", "plain_body"):
            setattr(translation, field, "")  # plain Japanese belongs to the Japanese page
        for field, value in HOME[code].items():
            setattr(translation, field, value)
        translation.save_revision().publish()
    progress("home pages (ja, en)")
    return home
