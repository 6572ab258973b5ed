"""Closing a session drafts its report; staff edit and publish it; readers see the record."""

from __future__ import annotations

import datetime as dt

import pytest

from django.urls import reverse
from django.utils import timezone

from cms.models import ReportDraft, ReportIndexPage, SessionReportPage
from dialogue.models import Acknowledgement, DialogueSession, Outcome, Reaction
from members import roles
from tests.dialogue.factories import DialogueSessionFactory, MessageFactory, RoomFactory
from tests.members.factories import MembershipFactory, OrganizationFactory, UserFactory, in_group

pytestmark = pytest.mark.django_db


@pytest.fixture
def report_index(home_pages):
    index = home_pages.add_child(instance=ReportIndexPage(title="報告書", slug="reports"))
    index.save_revision().publish()
    return index


@pytest.fixture
def staff(db):
    return in_group(UserFactory(display_name="市 職員", two_step=True), roles.CITY_STAFF)


@pytest.fixture
def live_session(db):
    chamber = OrganizationFactory(name="みどり野商工会", name_en="Chamber", slug="chamber")
    coop = OrganizationFactory(name="JAみどり野", name_en="JA", slug="ja")
    session = DialogueSessionFactory(
        organiser=chamber,
        status=DialogueSession.Status.LIVE,
        title="第3回 報告会",
        agenda="1. 実証の報告\n2. 意見交換",
        visibility="public",
    )
    room = RoomFactory(slug="report-session", session=session)
    speaker = MembershipFactory(organization=chamber).user
    farmer = MembershipFactory(organization=coop).user
    resident = UserFactory(display_name="住民 さん")
    mayor = in_group(UserFactory(display_name="高橋 誠"), roles.LEADERSHIP)
    key = MessageFactory(
        room=room, author=speaker, as_org=chamber, body="商店街の空き店舗を使いたい"
    )
    liked = MessageFactory(room=room, author=farmer, body="朝どれ野菜を駅で受け取りたい")
    MessageFactory(room=room, author=resident, body="バスの本数を増やしてほしい")
    MessageFactory(room=room, author=resident, body="見せない発言", hidden=True)
    Acknowledgement.objects.create(message=key, user=mayor, title="市長")
    for user in (speaker, resident, mayor):
        Reaction.objects.create(message=liked, user=user, emoji="👍")
    Outcome.objects.create(session=session, kind="decision", text="空き店舗の活用を検討する")
    Outcome.objects.create(
        session=session,
        kind="action",
        text="候補の店舗を一覧にする",
        owner=chamber,
        due_on=dt.date(2027, 1, 31),
    )
    return session


def close(session) -> None:
    session.status = DialogueSession.Status.CLOSED
    session.save()


def test_closing_a_session_drafts_its_report(
    report_index, live_session, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        close(live_session)
    job = ReportDraft.objects.get(session=live_session)
    assert job.status == ReportDraft.Status.DONE and job.progress == 100
    page = job.page
    assert page.get_parent().pk == report_index.pk and not page.live
    assert page.held_on == timezone.localtime(live_session.starts_at).date()
    assert page.organiser == "みどり野商工会"
    kinds = [block.block_type for block in page.body]
    assert kinds.count("participation") == 1 and "quote" in kinds
    rows = next(b.value for b in page.body if b.block_type == "participation")["rows"]
    counted = {row["organisation"]: row["people"] for row in rows}
    assert counted == {"みどり野商工会": 1, "JAみどり野": 1, "個人": 1}
    quotes = [b.value for b in page.body if b.block_type == "quote"]
    acknowledged = [q for q in quotes if q["acknowledged_by"]]
    assert [q["text"] for q in acknowledged] == ["商店街の空き店舗を使いたい"]
    assert acknowledged[0]["acknowledged_by"] == "市長 高橋 誠"
    assert any(q["text"] == "朝どれ野菜を駅で受け取りたい" for q in quotes)
    assert not any("見せない" in q["text"] for q in quotes)
    transcript = page.transcript.file.read().decode("utf-8-sig")
    assert "バスの本数" in transcript and "見せない発言" not in transcript
    # Closing again (a later save) does not draft a second report.
    with django_capture_on_commit_callbacks(execute=True):
        live_session.save()
    assert SessionReportPage.objects.count() == 1


def test_the_published_report_shows_chart_decisions_and_actions(
    client, report_index, live_session, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        close(live_session)
    page = SessionReportPage.objects.get()
    assert client.get(page.url).status_code == 404  # a draft is not public
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert 'role="img"' in html and "<desc" in html and "<table" in html
    assert "空き店舗の活用を検討する" in html and "候補の店舗を一覧にする" in html
    assert "2027年（令和9年）1月31日" in html
    assert "公式に受け止めました" in html
    index_html = client.get(report_index.url).content.decode()
    assert page.title in index_html


def test_without_a_report_index_the_draft_fails_visibly(
    home_pages, live_session, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        close(live_session)
    job = ReportDraft.objects.get(session=live_session)
    assert job.status == ReportDraft.Status.FAILED
    assert "報告書一覧ページ" in job.error


def test_staff_draft_from_the_admin_and_others_cannot(
    client, report_index, live_session, staff, django_capture_on_commit_callbacks
):
    url = reverse("cms_report_draft", args=[live_session.pk])
    for who in (
        UserFactory(),
        in_group(UserFactory(two_step=True), roles.MODERATORS),
        in_group(UserFactory(), roles.CITY_STAFF),  # staff without two-step
    ):
        client.force_login(who)
        response = client.post(url)
        assert response.status_code in (302, 403)
        assert not ReportDraft.objects.exists()
    client.force_login(staff)
    listing = client.get(reverse("cms_report_drafts"))
    assert listing.status_code == 200 and live_session.title in listing.content.decode()
    assert client.get(url).status_code == 405
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url)
    assert response.status_code == 302
    assert ReportDraft.objects.get().status == ReportDraft.Status.DONE
    listing = client.get(reverse("cms_report_drafts")).content.decode()
    assert 'value="100"' in listing


def test_hostile_texts_are_escaped_in_the_report(
    client, report_index, live_session, django_capture_on_commit_callbacks
):
    room = live_session.room
    MessageFactory(room=room, body="<script>alert(1)</script>'; DROP TABLE x; --")
    Reaction.objects.create(message=room.messages.last(), user=UserFactory(), emoji="👍")
    with django_capture_on_commit_callbacks(execute=True):
        close(live_session)
    page = SessionReportPage.objects.get()
    page.save_revision().publish()
    html = client.get(page.url).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html


def test_a_published_report_is_found_by_search(
    client, report_index, live_session, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        close(live_session)
    page = SessionReportPage.objects.get()
    assert page.title not in client.get("/ja/search/?q=空き店舗").content.decode()  # a draft
    page.save_revision().publish()
    html = client.get("/ja/search/?q=空き店舗").content.decode()
    assert page.title in html  # found by a word inside a quoted post of the report


def test_publishing_tells_those_who_took_part_once_in_their_language(
    report_index, live_session, django_capture_on_commit_callbacks
):
    from notifications.models import Notification

    with django_capture_on_commit_callbacks(execute=True):
        close(live_session)
    page = SessionReportPage.objects.get()
    authors = set(live_session.room.messages.values_list("author", flat=True))
    bystander = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        page.save_revision().publish()
        page.save_revision().publish()  # republishing tells nobody again
    told = Notification.objects.filter(kind="report_published")
    assert set(told.values_list("recipient", flat=True)) == authors
    assert told.count() == len(authors) and not told.filter(recipient=bystander).exists()


def test_a_private_sessions_report_tells_only_who_may_see_it(
    report_index, live_session, django_capture_on_commit_callbacks
):
    from notifications.models import Notification

    live_session.visibility = "private"
    live_session.save()
    insider = live_session.room.messages.filter(as_org__isnull=False).first().author
    with django_capture_on_commit_callbacks(execute=True):
        close(live_session)
    with django_capture_on_commit_callbacks(execute=True):
        SessionReportPage.objects.get().save_revision().publish()
    told = set(
        Notification.objects.filter(kind="report_published").values_list("recipient", flat=True)
    )
    # Members of the organiser (the chamber) may see it; a resident who once posted may not.
    assert insider.pk in told
    assert UserFactory._meta.model.objects.get(display_name="住民 さん").pk not in told


@pytest.fixture
def report_indexes(report_index):
    """The Japanese report index and its English translation, as the site has them."""
    from wagtail.models import Locale

    english = report_index.copy_for_translation(Locale.objects.get(language_code="en")).specific
    english.title = "Reports"
    english.save_revision().publish()
    return {"ja": report_index, "en": english}


def test_closing_a_session_drafts_the_report_in_japanese_and_english(
    client, report_indexes, live_session, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        close(live_session)
    job = ReportDraft.objects.get(session=live_session)
    assert job.status == ReportDraft.Status.DONE
    ja = job.page
    en = ja.get_translation(report_indexes["en"].locale).specific
    assert ja.locale.language_code == "ja" and not en.live
    assert en.get_parent().pk == report_indexes["en"].pk
    assert (ja.title, en.title) == ("報告：第3回 報告会", "Report: 第3回 報告会")
    assert (ja.organiser, en.organiser) == ("みどり野商工会", "Chamber")
    assert en.transcript_id == ja.transcript_id and en.session_id == live_session.pk
    assert en.latest_revision is not None  # editable in the admin like any draft

    def headings(page) -> str:
        return " ".join(str(b.value) for b in page.body if b.block_type == "text")

    assert "議題" in headings(ja) and "Agenda" not in headings(ja)
    assert "Agenda" in headings(en) and "Posts leadership acknowledged" in headings(en)
    assert "議題" not in headings(en)
    chart = next(b.value for b in en.body if b.block_type == "participation")
    assert chart["caption"] == "Participants by organisation"
    assert {row["organisation"] for row in chart["rows"]} == {"Chamber", "JA", "Individuals"}
    quotes = [b.value["text"] for b in en.body if b.block_type == "quote"]
    assert "商店街の空き店舗を使いたい" in quotes  # what people said stays as said

    # Drafting again (a second close, or "Draft again") adds no third page.
    from cms.reports import drafting

    drafting.draft(live_session)
    assert SessionReportPage.objects.filter(session=live_session).count() == 2


def test_a_report_drafted_before_english_existed_gets_its_english_draft_later(
    report_index, live_session, django_capture_on_commit_callbacks
):
    from cms.reports import drafting

    with django_capture_on_commit_callbacks(execute=True):
        close(live_session)
    assert SessionReportPage.objects.filter(session=live_session).count() == 1
    from wagtail.models import Locale

    english = report_index.copy_for_translation(Locale.objects.get(language_code="en")).specific
    english.save_revision().publish()
    page = drafting.draft(live_session)
    assert page.locale.language_code == "ja"
    assert page.get_translation(english.locale).specific.title == "Report: 第3回 報告会"


def test_both_languages_publish_and_each_participant_is_told_in_theirs(
    client, report_indexes, live_session, django_capture_on_commit_callbacks
):
    from django.core import mail

    from notifications.models import Notification, Preference

    with django_capture_on_commit_callbacks(execute=True):
        close(live_session)
    ja = SessionReportPage.objects.get(session=live_session, locale__language_code="ja")
    en = ja.get_translation(report_indexes["en"].locale).specific
    authors = live_session.room.messages.filter(hidden=False).values_list("author", flat=True)
    people = list(UserFactory._meta.model.objects.filter(pk__in=authors).order_by("pk"))
    english_reader, japanese_reader = people[0], people[1]
    english_reader.preferred_language = "en"
    english_reader.save()
    japanese_reader.preferred_language = "ja"
    japanese_reader.save()
    for person in (english_reader, japanese_reader):
        Preference.objects.create(user=person, kind="report_published", delivery="immediately")

    with django_capture_on_commit_callbacks(execute=True):
        ja.save_revision().publish()
        en.save_revision().publish()  # the translation tells nobody a second time
    told = Notification.objects.filter(kind="report_published")
    assert told.count() == len(set(authors))
    by_to = {m.to[0]: m for m in mail.outbox}
    # The session's title in each language's sentence, not the Japanese page's "報告：…".
    assert by_to[english_reader.email].subject == "The report of “第3回 報告会” was published"
    assert by_to[japanese_reader.email].subject == "「第3回 報告会」の報告が公開されました"

    # Each opens it in their language, and the page is there.
    for person, prefix, heading in (
        (english_reader, "/en/", "Agenda"),
        (japanese_reader, "/ja/", "議題"),
    ):
        client.force_login(person)
        note = told.get(recipient=person)
        response = client.get(f"{prefix}notifications/{note.pk}/")
        assert response.status_code == 302 and response["Location"].startswith(prefix)
        page = client.get(response["Location"])
        assert page.status_code == 200 and heading in page.content.decode()


def test_city_staff_edit_and_publish_the_drafted_report_and_others_cannot(
    client, report_index, live_session, staff, django_capture_on_commit_callbacks
):
    from wagtail.models import Locale

    english_index = report_index.copy_for_translation(Locale.objects.get(language_code="en"))
    english_index.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        close(live_session)
    page = SessionReportPage.objects.get(locale__language_code="ja")
    assert not page.live
    edit = f"/admin/pages/{page.pk}/edit/"

    # An editor of an organisation page and a moderator may not touch the report.
    editor = MembershipFactory(organization=OrganizationFactory(), role="editor").user
    moderator = in_group(UserFactory(two_step=True), roles.MODERATORS)
    for outsider in (editor, moderator):
        client.force_login(outsider)
        assert client.get(edit).status_code in (302, 403)

    client.force_login(staff)
    response = client.get(edit)
    assert response.status_code == 200
    assert 'name="action-publish"' in response.content.decode()
    # What the admin asks before it shows the buttons and accepts a publish.
    permissions = page.permissions_for_user(staff)
    assert permissions.can_edit() and permissions.can_publish()
    english = SessionReportPage.objects.get(locale__language_code="en")
    assert english.permissions_for_user(staff).can_publish()
    for outsider in (editor, moderator):
        assert not page.permissions_for_user(outsider).can_edit()
    page.save_revision(user=staff).publish(user=staff)
    assert SessionReportPage.objects.get(pk=page.pk).live


def test_markup_typed_into_the_agenda_stays_text_in_the_draft(
    report_index, live_session, django_capture_on_commit_callbacks
):
    live_session.agenda = "1. <script>alert(1)</script>\n2. <b>意見交換</b>"
    live_session.save()
    with django_capture_on_commit_callbacks(execute=True):
        close(live_session)
    page = SessionReportPage.objects.get(locale__language_code="ja")
    agenda = next(block.value.source for block in page.body if block.block_type == "text")
    assert "<script>" not in agenda and "&lt;script&gt;" in agenda
    assert "<p>2. &lt;b&gt;意見交換&lt;/b&gt;</p>" in agenda
