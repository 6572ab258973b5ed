"""An index page under the Japanese home page, published with its English translation."""

from __future__ import annotations

from wagtail.models import Locale, Page


def publish_with_english(home_pages: Page, index: Page, english_title: str) -> dict:
    """`index` added under the home page and published, and its English copy titled
    `english_title`; {"ja": index, "en": its translation}."""
    home_pages.add_child(instance=index)
    index.save_revision().publish()
    english = index.copy_for_translation(Locale.objects.get(language_code="en")).specific
    english.title = english_title
    english.save_revision().publish()
    return {"ja": index, "en": english}
