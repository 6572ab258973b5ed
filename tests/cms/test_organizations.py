"""Organisation spaces: a page per organisation that only its editors (and city staff) edit."""

from __future__ import annotations

import pytest

from django.contrib.auth.models import Group
from django.test import Client

from wagtail.models import GroupPagePermission, Locale

from cms.models import OrganizationIndexPage, OrganizationPage, OrganizationSpace
from cms.organizations import spaces
from members import roles
from members.models import Membership, OrganizationKind
from tests.members.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _page(organization, language: str = "ja") -> OrganizationPage:
    return OrganizationPage.objects.get(
        organization=organization, locale=Locale.objects.get(language_code=language)
    )


def _signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_new_organisation_gets_page_and_editors_group(home_pages) -> None:
    organization = OrganizationFactory(name="観光協会", name_en="Tourism", slug="tourism")
    page = _page(organization)
    assert page.live
    assert page.title == "観光協会"
    parent = page.get_parent().specific
    assert isinstance(parent, OrganizationIndexPage)
    assert parent.section == OrganizationIndexPage.Section.ORGANIZATIONS
    english = _page(organization, "en")
    assert english.title == "Tourism"
    assert english.url == "/en/organizations/tourism/"
    group = Group.objects.get(name="Editors: 観光協会")
    assert group.permissions.filter(codename="access_admin").exists()
    granted = {
        (p.page_id, p.permission.codename)
        for p in GroupPagePermission.objects.filter(group=group).select_related("permission")
    }
    assert granted == {
        (pg.pk, codename)
        for pg in (page, english)
        for codename in ("add_page", "change_page", "publish_page")
    }


def test_residents_group_gets_a_page_in_the_residents_space(home_pages) -> None:
    organization = OrganizationFactory(kind=OrganizationKind.RESIDENTS, slug="circle")
    parent = _page(organization).get_parent().specific
    assert parent.section == OrganizationIndexPage.Section.RESIDENTS
    assert _page(organization).url == "/ja/residents/circle/"
    assert Group.objects.filter(name=f"Editors: {organization.name}").exists()


def test_space_is_idempotent_and_follows_renames(home_pages) -> None:
    organization = OrganizationFactory(name="旧名")
    spaces.ensure_space(organization)
    spaces.ensure_space(organization)
    assert OrganizationPage.objects.filter(organization=organization).count() == 2  # ja, en
    assert OrganizationSpace.objects.count() == 1
    organization.name = "新名"
    organization.save()
    assert Group.objects.filter(name="Editors: 新名").count() == 1
    assert not Group.objects.filter(name="Editors: 旧名").exists()


def test_without_a_site_only_the_group_is_made(db) -> None:
    organization = OrganizationFactory()
    assert not OrganizationPage.objects.exists()
    assert organization.space.editors.name == f"Editors: {organization.name}"


def test_deleting_an_organisation_removes_its_group(home_pages) -> None:
    organization = OrganizationFactory(name="消える団体")
    organization.delete()
    assert not Group.objects.filter(name="Editors: 消える団体").exists()


def test_editor_and_representative_memberships_sync_into_the_group(home_pages) -> None:
    organization = OrganizationFactory()
    group = organization.space.editors
    editor = MembershipFactory(organization=organization, role=Membership.Role.EDITOR)
    representative = MembershipFactory(
        organization=organization, role=Membership.Role.REPRESENTATIVE
    )
    member = MembershipFactory(organization=organization, role=Membership.Role.MEMBER)
    assert set(group.user_set.all()) == {editor.user, representative.user}

    editor.role = Membership.Role.MEMBER
    editor.save()
    assert editor.user not in group.user_set.all()
    member.role = Membership.Role.EDITOR
    member.save()
    assert member.user in group.user_set.all()
    member.status = Membership.Status.LEFT
    member.save()
    assert member.user not in group.user_set.all()
    representative.delete()
    assert list(group.user_set.all()) == []


def test_existing_memberships_join_when_the_space_appears(db, home_pages) -> None:
    organization = OrganizationFactory()
    OrganizationSpace.objects.all().delete()
    editor = MembershipFactory(organization=organization, role=Membership.Role.EDITOR)
    space = spaces.ensure_space(organization)
    assert editor.user in space.editors.user_set.all()


def test_editor_edits_own_page_and_is_refused_on_another(home_pages) -> None:
    own = OrganizationFactory(name="自分の団体")
    other = OrganizationFactory(name="よその団体")
    editor = MembershipFactory(organization=own, role=Membership.Role.EDITOR).user
    client = _signed_in(editor)
    own_page, other_page = _page(own), _page(other)

    assert client.get(f"/admin/pages/{own_page.pk}/edit/").status_code == 200
    assert client.get(f"/admin/pages/{_page(own, 'en').pk}/edit/").status_code == 200
    refused = client.get(f"/admin/pages/{other_page.pk}/edit/")
    assert refused.status_code in (302, 403)
    if refused.status_code == 302:
        assert f"/admin/pages/{other_page.pk}/edit/" not in refused.headers["Location"]

    response = client.post(
        f"/admin/pages/{other_page.pk}/edit/",
        {"title": "乗っ取り", "slug": other_page.slug, "action-publish": "publish"},
    )
    assert response.status_code in (302, 403)
    other_page.refresh_from_db()
    assert other_page.title == "よその団体"
    # Nor may they add pages beside their own in the directory.
    directory = own_page.get_parent()
    assert client.get(f"/admin/pages/add/cms/organizationpage/{directory.pk}/").status_code in (
        302,
        403,
    )


def test_editor_publishes_a_change_to_own_page(home_pages) -> None:
    own = OrganizationFactory(name="自分の団体", slug="own")
    editor = MembershipFactory(organization=own, role=Membership.Role.EDITOR).user
    page = _page(own)
    response = _signed_in(editor).post(
        f"/admin/pages/{page.pk}/edit/",
        {
            "title": "自分の団体",
            "slug": "own",
            "lead": "新しい紹介文",
            "description": '{"blocks":[],"entityMap":{}}',
            "show_members": "on",
            "action-publish": "action-publish",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    page.refresh_from_db()
    assert page.lead == "新しい紹介文"


def test_removed_editor_loses_access(home_pages) -> None:
    own = OrganizationFactory()
    membership = MembershipFactory(organization=own, role=Membership.Role.EDITOR)
    membership.status = Membership.Status.LEFT
    membership.save()
    response = _signed_in(membership.user).get(f"/admin/pages/{_page(own).pk}/edit/")
    assert response.status_code in (302, 403)


def test_city_staff_edit_every_organisation_page(home_pages) -> None:
    organization = OrganizationFactory()
    staff = UserFactory(two_step=True)
    staff.groups.add(Group.objects.get(name=roles.CITY_STAFF))
    assert _signed_in(staff).get(f"/admin/pages/{_page(organization).pk}/edit/").status_code == 200


def test_page_lists_only_listed_members_and_escapes_names(client, home_pages) -> None:
    organization = OrganizationFactory(slug="listed")
    MembershipFactory(
        organization=organization,
        is_listed=True,
        title="事務局長",
        user__display_name="<script>alert(1)</script>鈴木",
    )
    MembershipFactory(organization=organization, is_listed=False, user__display_name="非公開の人")
    MembershipFactory(
        organization=organization,
        is_listed=True,
        status=Membership.Status.LEFT,
        user__display_name="去った人",
    )
    response = client.get("/ja/organizations/listed/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt;鈴木" in html
    assert "<script>alert(1)</script>" not in html
    assert "事務局長" in html
    assert "非公開の人" not in html
    assert "去った人" not in html


def test_directory_lists_organisations(client, home_pages, django_assert_max_num_queries) -> None:
    for n in range(5):
        OrganizationFactory(name=f"団体その{n}")
    with django_assert_max_num_queries(40):
        response = client.get("/ja/organizations/")
    html = response.content.decode()
    assert response.status_code == 200
    assert all(f"団体その{n}" in html for n in range(5))
    assert client.get("/en/organizations/").status_code == 200


def test_city_staff_create_an_organisation_in_the_admin_and_its_space_follows(
    home_pages,
) -> None:
    from members.models import Organization

    staff = UserFactory(two_step=True)
    staff.groups.add(Group.objects.get(name=roles.CITY_STAFF))
    client = _signed_in(staff)
    assert client.get("/admin/organizations/").status_code == 200
    response = client.post(
        "/admin/organizations/new/",
        {
            "name": "みどり野子育てネット",
            "name_en": "Midorino Parents",
            "slug": "parents",
            "kind": OrganizationKind.RESIDENTS,
            "description": "<b>子育て</b>中の親の会",
            "website": "",
            "member_since": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    organization = Organization.objects.get(slug="parents")
    page = _page(organization)
    assert page.url == "/ja/residents/parents/"
    assert "&lt;b&gt;" in page.description
    assert Group.objects.filter(name="Editors: みどり野子育てネット").exists()


def test_editors_cannot_manage_the_organisation_list(home_pages) -> None:
    own = OrganizationFactory()
    editor = MembershipFactory(organization=own, role=Membership.Role.EDITOR).user
    client = _signed_in(editor)
    # Seeing the list is fine (organisations are public); changing it is not.
    response = client.post("/admin/organizations/new/", {"name": "x", "slug": "x", "kind": "other"})
    assert response.status_code in (302, 403)
    assert not OrganizationPage.objects.filter(slug="x").exists()
    response = client.post(
        f"/admin/organizations/edit/{own.pk}/",
        {"name": "改名", "slug": own.slug, "kind": "other", "is_active": "on"},
    )
    assert response.status_code in (302, 403)
    own.refresh_from_db()
    assert own.name != "改名"
