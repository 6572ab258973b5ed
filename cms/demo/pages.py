"""Demo pages for `seed_demo`: the home page in Japanese and English."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.db import transaction

from wagtail.models import Locale, Page, Site

from members import demo as members_demo

from ..home.models import HomePage

# The home page's texts per language; the Japanese one also in plain Japanese (やさしい日本語)
# for readers who choose it: cms/demo/pages.json.
HOME = members_demo.load_data(__file__)["home"]


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
