"""seed_demo: idempotent, shows progress, refuses production without --force."""

from __future__ import annotations

from io import StringIO

import pytest

from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command

from wagtail.models import Page, Site

from cms.models import HomePage
from members import demo as members_demo
from members import roles
from members.models import Membership, Organization, User

pytestmark = pytest.mark.django_db


def seed(**options) -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out, **options)
    return out.getvalue()


def counts() -> tuple[int, ...]:
    return (
        User.objects.count(),
        Organization.objects.count(),
        Membership.objects.count(),
        Page.objects.count(),
    )


def test_refuses_when_debug_is_off_unless_forced(settings) -> None:
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        seed()
    assert User.objects.count() == 0
    seed(force=True)
    assert User.objects.filter(email__in=members_demo.DEMO_EMAILS).count() == len(
        members_demo.DEMO_EMAILS
    )


def test_is_idempotent_and_reports_progress(settings) -> None:
    settings.DEBUG = True
    first = seed()
    assert "[1/" in first and "done" in first
    assert "midorino-demo-2026" in first
    before = counts()
    seed()
    assert counts() == before


def test_if_empty_leaves_an_existing_database_alone(settings) -> None:
    settings.DEBUG = True
    User.objects.create_user("someone@example.jp", "pw-long-enough-2026")
    assert "not loaded" in seed(if_empty=True)
    assert User.objects.count() == 1


def test_demo_accounts_have_their_roles_and_can_sign_in(settings) -> None:
    settings.DEBUG = True
    seed()
    mayor = authenticate(email="mayor@example.jp", password="midorino-demo-2026")
    assert mayor is not None and mayor.has_perm("dialogue.acknowledge_in_room")
    staff = User.objects.get(email="staff@example.jp")
    assert {roles.CITY_STAFF, roles.MODERATORS} <= set(staff.groups.values_list("name", flat=True))
    assert staff.has_perm("dialogue.moderate_room")
    resident = User.objects.get(email="resident@example.jp")
    assert not resident.has_perm("dialogue.moderate_room")
    assert not resident.memberships.exists()
    chamber = User.objects.get(email="chamber@example.jp")
    assert chamber.has_perm("members.manage_organization", chamber.organizations.get())
    assert not chamber.has_perm(
        "members.manage_organization", Organization.objects.get(slug="agricultural-coop")
    )
    assert User.objects.get(email="admin@example.jp").is_superuser


def test_home_page_is_the_site_root_in_both_languages(settings) -> None:
    settings.DEBUG = True
    seed()
    site = Site.objects.get(is_default_site=True)
    home = site.root_page.specific
    assert isinstance(home, HomePage) and home.locale.language_code == "ja"
    english = home.get_translation(home.locale.__class__.objects.get(language_code="en"))
    assert english.live and english.title == "Midorino Smart City Consortium"
    assert not Page.objects.filter(depth=2).exclude(pk__in=[home.pk, english.pk]).exists()


def test_the_closed_session_has_a_published_report_with_a_decision_and_an_action(
    settings,
) -> None:
    from cms.models import SessionReportPage
    from dialogue.models import DialogueSession

    settings.DEBUG = True
    seed()
    closed = DialogueSession.objects.get(status=DialogueSession.Status.CLOSED)
    report = SessionReportPage.objects.get(session=closed, locale__language_code="ja")
    assert report.live and report.transcript is not None
    english = SessionReportPage.objects.get(session=closed, locale__language_code="en")
    assert english.live and english.translation_key == report.translation_key
    assert "reuse-sharing" in english.summary
    assert {"decision", "action"} == set(closed.outcomes.values_list("kind", flat=True))
    assert any(block.block_type == "participation" for block in report.body)
    assert any(b.block_type == "quote" and b.value["acknowledged_by"] for b in report.body)
