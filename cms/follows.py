"""Pilots, organisations and pilot themes can be followed (notifications.follows), and their
followers hear when they are published."""

from __future__ import annotations

import uuid

from django.conf import settings

from members.models import Organization
from notifications import follows, kinds, services
from notifications.urls_util import neutral

from .pilots.pages import PilotPage, PilotTheme


def _public_page(user, page) -> bool:
    return page.live and not page.get_view_restrictions().exists()


def _pilot(key: str):
    try:
        translation_key = uuid.UUID(key)
    except ValueError:
        return None
    return PilotPage.objects.live().filter(translation_key=translation_key).first()


def _organization(key: str):
    return (
        Organization.objects.filter(pk=int(key), is_active=True).first() if key.isdigit() else None
    )


def _theme(key: str):
    return PilotTheme.objects.filter(slug=key).first()


def register() -> None:
    follows.register("pilot", _pilot, _public_page)
    follows.register("organization", _organization, lambda user, org: True)
    follows.register("theme", _theme, lambda user, theme: True)


def _in_default_language(page) -> bool:
    # One notification per update: the source language's publication, not each translation's.
    return page.locale.language_code == settings.LANGUAGE_CODE


def pilot_published(sender, instance, **kwargs) -> None:
    page = instance.specific if hasattr(instance, "specific") else instance
    if not _in_default_language(page) or not _public_page(None, page):
        return
    targets = [follows.target("pilot", page.translation_key)]
    targets += [follows.target("theme", theme.slug) for theme in page.themes.all()]
    services.notify(
        kinds.PILOT_UPDATE.slug,
        services.followers(*targets),
        title=page.title,
        url=neutral(page.url or "/"),
        target=page,
    )


def organization_page_published(sender, instance, **kwargs) -> None:
    page = instance
    if page.organization_id is None or not _in_default_language(page):
        return
    if not _public_page(None, page):
        return
    services.notify(
        kinds.FOLLOWED_UPDATE.slug,
        services.followers(follows.target("organization", page.organization_id)),
        title=page.title,
        url=neutral(page.url or "/"),
        target=page,
    )
