"""Organisation spaces: a page under the right directory and an editors' group per organisation.

Called from signals (cms/signals.py) when an Organization or a Membership changes, and by
the demo seed. Everything here is idempotent: calling it again repairs, never duplicates.
"""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.html import escape

from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    Locale,
    Page,
)

from members import roles
from members.models import Membership, Organization, OrganizationKind

from ..core.staff_pages import grant_page_permissions
from .models import OrganizationIndexPage, OrganizationPage, OrganizationSpace

EDITOR_ROLES = {Membership.Role.REPRESENTATIVE, Membership.Role.EDITOR}
PAGE_PERMISSIONS = ("add", "change", "publish")
IMAGE_PERMISSIONS = ("add_image", "change_image", "choose_image")
DOCUMENT_PERMISSIONS = ("add_document", "change_document", "choose_document")

DIRECTORIES = {
    OrganizationIndexPage.Section.ORGANIZATIONS: {
        "slug": "organizations",
        "ja": ("参加団体", "<p>コンソーシアムに参加している団体の紹介です。</p>"),
        "en": ("Member organisations", "<p>The organisations taking part in the consortium.</p>"),
    },
    OrganizationIndexPage.Section.RESIDENTS: {
        "slug": "residents",
        "ja": ("市民グループ", "<p>まちづくりに取り組む市民のグループです。</p>"),
        "en": ("Residents' groups", "<p>Groups of residents working on the city's future.</p>"),
    },
}


def editors_group_name(organization: Organization) -> str:
    return f"Editors: {organization.name}"[:150]


def section_of(organization: Organization) -> str:
    if organization.kind == OrganizationKind.RESIDENTS:
        return OrganizationIndexPage.Section.RESIDENTS
    return OrganizationIndexPage.Section.ORGANIZATIONS


def _default_locale() -> Locale | None:
    try:
        return Locale.get_default()
    except Locale.DoesNotExist:
        return None


def _publish(page: Page) -> None:
    page.save_revision().publish()


@transaction.atomic
def ensure_directories() -> dict[str, OrganizationIndexPage]:
    """Both directories under the default language's home page, translated, open to city staff."""
    locale = _default_locale()
    # By name, not import: the home package sits above this one (it shows organisations).
    home_page = apps.get_model("cms", "HomePage")
    home = home_page.objects.filter(locale=locale).first() if locale else None
    if home is None:
        return {}
    city_staff = Group.objects.filter(name=roles.CITY_STAFF).first()
    found = {}
    for section, texts in DIRECTORIES.items():
        directory = OrganizationIndexPage.objects.filter(locale=locale, section=section).first()
        if directory is None:
            title, intro = (
                texts[locale.language_code] if locale.language_code in texts else texts["ja"]
            )
            directory = OrganizationIndexPage(
                title=title, slug=texts["slug"], section=section, intro=intro, locale=locale
            )
            home.add_child(instance=directory)
            _publish(directory)
        for other in Locale.objects.exclude(pk=locale.pk):
            if directory.get_translation_or_none(other) is not None:
                continue
            if home.get_translation_or_none(other) is None:
                continue
            translation = directory.copy_for_translation(other).specific
            title, intro = texts.get(other.language_code, texts["ja"])
            translation.title, translation.intro = title, intro
            _publish(translation)
        if city_staff is not None:
            for page in directory.get_translations(inclusive=True):
                grant_page_permissions(city_staff, page, PAGE_PERMISSIONS)
        found[section] = directory
    return found


def ensure_page(organization: Organization) -> OrganizationPage | None:
    """The organisation's page in the default language and every language its directory has."""
    locale = _default_locale()
    if locale is None:
        return None
    page = OrganizationPage.objects.filter(organization=organization, locale=locale).first()
    if page is None:
        directory = ensure_directories().get(section_of(organization))
        if directory is None:
            return None
        page = OrganizationPage(
            title=organization.name,
            slug=organization.slug,
            organization=organization,
            locale=locale,
            description=f"<p>{escape(organization.description)}</p>"
            if organization.description
            else "",
            website=organization.website,
        )
        directory.add_child(instance=page)
        _publish(page)
    for other in Locale.objects.exclude(pk=locale.pk):
        if page.get_translation_or_none(other) is not None:
            continue
        if page.get_parent().get_translation_or_none(other) is None:
            continue
        translation = page.copy_for_translation(other).specific
        translation.title = organization.name_en or organization.name
        _publish(translation)
    return page


def _ensure_collection(space: OrganizationSpace) -> None:
    if space.collection is None:
        # A flushed database (transactional tests) has no root collection until one is made.
        root = Collection.get_first_root_node() or Collection.add_root(name="Root")
        space.collection = root.add_child(name=space.organization.name[:255])
        space.save(update_fields=["collection"])
    elif space.collection.name != space.organization.name:
        space.collection.name = space.organization.name[:255]
        space.collection.save()
    for permission in Permission.objects.filter(
        content_type__app_label__in=["wagtailimages", "wagtaildocs"],
        codename__in=IMAGE_PERMISSIONS + DOCUMENT_PERMISSIONS,
    ):
        GroupCollectionPermission.objects.get_or_create(
            group=space.editors, collection=space.collection, permission=permission
        )


@transaction.atomic
def ensure_space(organization: Organization) -> OrganizationSpace:
    name = editors_group_name(organization)
    space = (
        OrganizationSpace.objects.select_related("editors", "collection")
        .filter(organization=organization)
        .first()
    )
    if space is None:
        group, _created = Group.objects.get_or_create(name=name)
        space = OrganizationSpace.objects.create(organization=organization, editors=group)
    elif space.editors.name != name:
        space.editors.name = name
        space.editors.save(update_fields=["name"])
    space.editors.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    _ensure_collection(space)
    page = ensure_page(organization)
    if page is not None:
        for translation in page.get_translations(inclusive=True):
            grant_page_permissions(space.editors, translation, PAGE_PERMISSIONS)
    sync_organization(organization, space)
    return space


def should_edit(membership: Membership) -> bool:
    return (
        membership.status == Membership.Status.ACTIVE
        and membership.role in EDITOR_ROLES
        and membership.user.is_active
        and membership.organization.is_active
    )


def sync_membership(membership: Membership, *, deleted: bool = False) -> None:
    space = OrganizationSpace.objects.filter(organization_id=membership.organization_id).first()
    if space is None:
        return
    if not deleted and should_edit(membership):
        membership.user.groups.add(space.editors_id)
    else:
        membership.user.groups.remove(space.editors_id)


def sync_organization(organization: Organization, space: OrganizationSpace | None = None) -> None:
    space = space or OrganizationSpace.objects.filter(organization=organization).first()
    if space is None:
        return
    for membership in organization.memberships.select_related("user", "organization"):
        sync_membership(membership)
