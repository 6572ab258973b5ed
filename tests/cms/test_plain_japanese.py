"""やさしい日本語: plain versions of pages and proposals, the reader's choice, the page cache's
copies per choice, and the admin's readability figure (who may ask, and bad input)."""

from __future__ import annotations

import json

import pytest

from django.contrib.auth.models import Group
from django.test import Client
from django.utils import translation

from wagtail.models import Locale

from cms.models import HomePage, PilotIndexPage, ProposalIndexPage, StandardPage
from cms.reading.plain import COOKIE
from dialogue.models.proposals import Proposal, ProposalStatus
from dialogue.proposals import services
from dialogue.services import DialogueError
from members import roles
from members.models import Membership
from tests.cms.pilots.factories import PilotPageFactory
from tests.dialogue.proposals.factories import ProposalFactory
from tests.members.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

PLAIN_BODY = "<p>みんなで まちの これからを 話します。</p>"
ORDINARY_BODY = "<p>市民の目線から考え、完璧を待たずに小さく試します。</p>"
NOTE = "やさしい日本語の ページは まだ ありません"
ENDPOINT = "/admin/plain-japanese/readability/"


def reader(plain: bool | None = None, user=None) -> Client:
    client = Client()
    if plain is not None:
        client.cookies[COOKIE] = "on" if plain else "off"
    if user is not None:
        client.force_login(user)
    return client


@pytest.fixture
def home(home_pages) -> HomePage:
    home = HomePage.objects.get(pk=home_pages.pk)
    home.body = ORDINARY_BODY
    home.plain_title = "まちの 話し合いの ページ"
    home.plain_summary = "みんなの ページです。"
    home.plain_body = PLAIN_BODY
    home.save_revision().publish()
    return home


@pytest.fixture
def ordinary_page(home) -> StandardPage:
    page = home.add_child(
        instance=StandardPage(title="アクセス", slug="access", body="<p>駅から徒歩五分です。</p>")
    )
    page.save_revision().publish()
    return page


# --- the model -----------------------------------------------------------------------------


def test_a_page_without_plain_text_has_no_plain_version() -> None:
    page = StandardPage(title="題", plain_title="だい")
    assert page.plain_version() is None  # a title alone is not a version


def test_plain_version_falls_back_to_the_ordinary_title() -> None:
    version = StandardPage(title="題名", plain_body="<p>ぶん</p>").plain_version()
    assert version.title == "題名"
    assert "ぶん" in str(version.body)
    version = StandardPage(
        title="題名", plain_title=" だい ", plain_summary="みじかい"
    ).plain_version()
    assert (version.title, version.summary, version.body) == ("だい", "みじかい", "")


# --- choosing it ---------------------------------------------------------------------------


def test_choosing_plain_japanese_remembers_it_and_goes_back(client: Client) -> None:
    response = client.get("/plain-japanese/", {"plain": "on", "next": "/ja/dialogue/"})
    assert response.status_code == 302
    assert response["Location"] == "/ja/dialogue/"
    assert response.cookies[COOKIE].value == "on"
    assert response.cookies[COOKIE]["max-age"] == 365 * 24 * 60 * 60
    assert response.cookies["django_language"].value == "ja"
    response = client.get("/plain-japanese/", {"plain": "off", "next": "/ja/"})
    assert response.cookies[COOKIE].value == "off"


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", "/\\evil"]
)
def test_choosing_refuses_to_send_people_elsewhere(client: Client, target: str) -> None:
    assert client.get("/plain-japanese/", {"plain": "on", "next": target})["Location"] == "/ja/"


def test_choosing_refuses_other_methods(client: Client) -> None:
    assert client.post("/plain-japanese/", {"plain": "on"}).status_code == 405


def test_the_language_switcher_offers_plain_japanese(home) -> None:
    html = reader().get("/ja/").content.decode()
    assert "/plain-japanese/?plain=on&amp;next=%2Fja%2F" in html
    assert '<span aria-current="true" lang="ja">日本語</span>' in html
    html = reader(plain=True).get("/ja/").content.decode()
    assert '<span aria-current="true" lang="ja">やさしい日本語</span>' in html
    assert "/plain-japanese/?plain=off&amp;next=%2Fja%2F" in html
    english = reader(plain=True).get("/en/").content.decode()
    assert '<span aria-current="true" lang="en">English</span>' in english
    assert "/plain-japanese/?plain=on&amp;next=%2Fja%2F" in english


# --- what readers see ----------------------------------------------------------------------


def test_readers_who_chose_it_get_the_plain_version(home) -> None:
    ordinary = reader().get("/ja/").content.decode()
    assert "完璧を待たずに" in ordinary and "みんなで まちの" not in ordinary
    plain = reader(plain=True).get("/ja/").content.decode()
    assert "みんなで まちの これからを" in plain and "完璧を待たずに" not in plain
    assert "まちの 話し合いの ページ</h1>" in plain
    assert NOTE not in plain
    assert "完璧を待たずに" in reader(plain=False).get("/ja/").content.decode()


def test_a_page_without_one_shows_ordinary_japanese_with_a_note(ordinary_page) -> None:
    html = reader(plain=True).get("/ja/access/").content.decode()
    assert "駅から徒歩五分です" in html
    assert NOTE in html
    assert NOTE not in reader().get("/ja/access/").content.decode()


def test_english_pages_ignore_the_choice(home) -> None:
    english = home.get_translation(Locale.objects.get(language_code="en")).specific
    english.plain_body = PLAIN_BODY  # as if copied from Japanese: never shown in English
    english.save_revision().publish()
    html = reader(plain=True).get("/en/").content.decode()
    assert "みんなで まちの" not in html
    assert NOTE not in html


def test_a_pilot_shows_its_plain_version_and_keeps_its_facts(home) -> None:
    index = home.add_child(instance=PilotIndexPage(title="実証実験", slug="pilots"))
    index.save_revision().publish()
    PilotPageFactory(
        parent=index,
        slug="share",
        summary="家具を譲り合う掲示板を試行した。",
        funding_source="交付金",
        plain_summary="いらない ものを あげる ためしです。",
        plain_body="<p>ごみが へりました。</p>",
        lessons_learned="<p>紙の周知が不可欠であった。</p>",
    )
    plain = reader(plain=True).get("/ja/pilots/share/").content.decode()
    assert "いらない ものを あげる" in plain and "ごみが へりました" in plain
    assert "家具を譲り合う" not in plain and "不可欠" not in plain
    assert "交付金" in plain  # the facts stay
    ordinary = reader().get("/ja/pilots/share/").content.decode()
    assert "家具を譲り合う" in ordinary and "ごみが へりました" not in ordinary


# --- the page cache keeps one copy per choice ----------------------------------------------


def test_cached_pages_keep_a_copy_per_choice(home) -> None:
    first = reader(plain=True).get("/ja/")
    assert first["X-Page-Cache"] == "miss"
    ordinary = reader().get("/ja/")
    assert ordinary["X-Page-Cache"] == "miss"  # not the plain copy
    assert "完璧を待たずに" in ordinary.content.decode()
    again = reader(plain=True).get("/ja/")
    assert again["X-Page-Cache"] == "hit"
    assert "みんなで まちの" in again.content.decode()
    assert "完璧を待たずに" not in again.content.decode()
    ordinary_again = reader().get("/ja/")
    assert ordinary_again["X-Page-Cache"] == "hit"
    assert "みんなで まちの" not in ordinary_again.content.decode()
    assert "Cookie" in ordinary_again["Vary"] or "Cookie" in ordinary["Vary"]


def test_signed_in_shared_renderings_keep_a_copy_per_choice(home) -> None:
    person = UserFactory()
    assert "みんなで まちの" in reader(plain=True, user=person).get("/ja/").content.decode()
    ordinary = reader(user=person).get("/ja/")
    assert ordinary["X-Page-Cache"] == "shared-miss"
    assert "みんなで まちの" not in ordinary.content.decode()
    plain = reader(plain=True, user=UserFactory()).get("/ja/")
    assert plain["X-Page-Cache"] == "shared"
    assert "みんなで まちの" in plain.content.decode()


def test_furigana_and_plain_japanese_combine(home) -> None:
    client = reader(plain=True)
    client.cookies["furigana"] = "on"
    html = client.get("/ja/").content.decode()
    assert "<ruby>" in html and "これからを" in html and "完璧" not in html
    assert "<ruby>" not in reader(plain=True).get("/ja/").content.decode()


def test_the_session_page_keeps_a_copy_per_choice(home) -> None:
    from tests.dialogue.factories import DialogueSessionFactory

    session = DialogueSessionFactory()
    url = f"/ja/dialogue/sessions/{session.pk}/"
    assert NOTE in reader(plain=True).get(url).content.decode()
    assert NOTE not in reader().get(url).content.decode()
    assert NOTE in reader(plain=True).get(url).content.decode()


# --- proposals -----------------------------------------------------------------------------


@pytest.fixture
def proposal_index(home) -> ProposalIndexPage:
    index = home.add_child(
        instance=ProposalIndexPage(
            title="みんなの提案", slug="proposals", plain_body="<p>ていあんの ページ</p>"
        )
    )
    index.save_revision().publish()
    return index


def test_the_author_writes_a_plain_version_and_readers_choose_it(proposal_index) -> None:
    author = UserFactory()
    proposal, _ = services.save_draft(
        author,
        title="駅前に屋根付き駐輪場を設置",
        summary="雨天時の利便性向上のため。",
        body="駐輪場の屋根の設置を要望する。",
        plain_title="えきの まえに やねの ある 自転車おきばを",
        plain_body="雨の 日は 自転車が ぬれます。\n**やね**が ほしいです。<3",
    )
    assert proposal.plain_html.count("<strong>やね</strong>") == 1
    assert "&lt;3" in proposal.plain_html
    Proposal.objects.filter(pk=proposal.pk).update(status=ProposalStatus.PUBLISHED)
    url = f"/ja/proposals/{proposal.pk}-{proposal.slug}/"
    plain = reader(plain=True).get(url).content.decode()
    assert "えきの まえに やねの ある 自転車おきばを</h1>" in plain
    assert "雨の 日は 自転車が ぬれます" in plain
    assert "駐輪場の屋根の設置を要望する" not in plain
    assert "ていあんの ページ" not in plain  # the index's own plain version stays on the index
    assert NOTE not in plain
    ordinary = reader().get(url).content.decode()
    assert "駐輪場の屋根の設置を要望する" in ordinary and "ぬれます" not in ordinary


def test_a_proposal_without_one_shows_the_note(proposal_index) -> None:
    proposal = ProposalFactory()
    html = reader(plain=True).get(f"/ja/proposals/{proposal.pk}-{proposal.slug}/").content.decode()
    assert proposal.body in html
    assert NOTE in html
    assert "ていあんの ページ" in reader(plain=True).get("/ja/proposals/").content.decode()


def test_the_proposal_form_saves_the_plain_fields(proposal_index) -> None:
    author = UserFactory()
    response = reader(user=author).post(
        "/ja/proposals/new/",
        {
            "title": "公園にベンチを",
            "summary": "休める場所がほしい。",
            "body": "公園にベンチを増設してほしい。",
            "plain_title": "こうえんに いすを",
            "plain_body": "こうえんで すわりたい です。",
            "intent": "draft",
        },
    )
    assert response.status_code == 302
    proposal = Proposal.objects.get(author=author)
    assert (proposal.plain_title, proposal.plain_body) == (
        "こうえんに いすを",
        "こうえんで すわりたい です。",
    )
    form = reader(user=author).get(f"/ja/proposals/{proposal.pk}/edit/").content.decode()
    assert "こうえんで すわりたい です。" in form


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("plain_body", "<script>alert(1)</script>", "invalid"),
        ("plain_body", "あ" * 10_001, "too_long"),
        ("plain_title", "い" * 121, "too_long"),
        ("plain_title", "右から\u202e左へ", "invalid"),
    ],
)
def test_bad_plain_text_is_refused(db, field: str, value: str, code: str) -> None:
    with pytest.raises(DialogueError) as refused:
        services.save_draft(
            UserFactory(), title="題", summary="要約", body="本文", **{field: value}
        )
    assert refused.value.code == code


def test_only_people_who_may_change_the_proposal_set_its_plain_version(db) -> None:
    proposal = ProposalFactory(status=ProposalStatus.DRAFT)
    with pytest.raises(DialogueError):
        services.save_draft(
            UserFactory(),
            title="題",
            summary="要約",
            body="本文",
            plain_body="のっとり",
            proposal=proposal,
        )
    proposal.refresh_from_db()
    assert proposal.plain_body == ""


# --- the admin: the tab and the readability figure -----------------------------------------


@pytest.fixture
def editor(home):
    """An organisation's editor: edits the organisation's own page, without two-step."""
    organization = OrganizationFactory(name="観光協会", slug="tourism")
    user = MembershipFactory(organization=organization, role=Membership.Role.EDITOR).user
    return user, organization


def test_editing_a_japanese_page_shows_the_tab_and_the_figure(editor) -> None:
    from cms.models import OrganizationPage

    user, organization = editor
    pages = {
        p.locale.language_code: p
        for p in OrganizationPage.objects.filter(organization=organization)
    }
    html = reader(user=user).get(f"/admin/pages/{pages['ja'].pk}/edit/").content.decode()
    assert "やさしい日本語" in html
    assert "data-readability" in html
    assert 'name="plain_body"' in html
    english = reader(user=user).get(f"/admin/pages/{pages['en'].pk}/edit/").content.decode()
    assert "data-readability" not in english
    assert 'id="tab-label-plain_japanese"' not in english


def test_adding_a_japanese_page_shows_the_figure_too(editor) -> None:
    from cms.models import OrganizationPage

    user, organization = editor
    parent = OrganizationPage.objects.get(organization=organization, locale__language_code="ja")
    response = reader(user=user).get(f"/admin/pages/add/cms/standardpage/{parent.pk}/")
    assert response.status_code == 200
    assert "data-readability" in response.content.decode()


def _check(client: Client, text: str):
    return client.post(ENDPOINT, {"text": text})


def test_the_figure_is_refused_to_anonymous_visitors(home) -> None:
    response = _check(reader(), "きょうは 雨です。")
    assert response.status_code in (302, 403)
    assert response.get("Content-Type", "") != "application/json"


def test_the_figure_is_refused_to_residents(home) -> None:
    response = _check(reader(user=UserFactory()), "きょうは 雨です。")
    assert response.status_code in (302, 403)
    assert response.get("Content-Type", "") != "application/json"


def test_the_figure_is_refused_to_members_who_edit_no_page(home) -> None:
    member = MembershipFactory(organization=OrganizationFactory(), role=Membership.Role.MEMBER).user
    assert _check(reader(user=member), "きょうは 雨です。").status_code in (302, 403)


def test_an_editor_gets_the_figure_and_the_hardest_sentences(editor) -> None:
    user, _organization = editor
    response = _check(
        reader(user=user),
        "きょうは 雨です。本事業は地域経済の活性化及び持続可能な行政運営の実現を企図する。",
    )
    assert response.status_code == 200
    data = response.json()
    assert data["sentences"] == 2
    assert data["hardest"][0]["text"].startswith("本事業は")
    assert "企図" in data["hardest"][0]["hard_words"]
    assert data["level"] in {"plain", "moderate", "hard"}
    assert data["level_label"]


def test_city_staff_get_the_figure_as_they_edit_the_sites_pages(home) -> None:
    staff = UserFactory(two_step=True)
    staff.groups.add(Group.objects.get(name=roles.CITY_STAFF))
    assert _check(reader(user=staff), "やさしい 日本語。").status_code == 200
    # A person with the same group name but no page permission anywhere does not.
    Group.objects.get(name=roles.CITY_STAFF).page_permissions.all().delete()
    assert _check(reader(user=staff), "やさしい 日本語。").status_code in (302, 403)


def test_the_figure_refuses_get(editor) -> None:
    assert reader(user=editor[0]).get(ENDPOINT).status_code == 405


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "<script>alert('x')</script><p>こんにちは。</p>",
        "😀🎉 みんなで 👍。",
        "\u200b\u202e\ufeff漢字\u0000。",
        "'; DROP TABLE cms_standardpage; --",
        "𠮷野家の𩸽。" * 3,
        "あ" * 5000,
    ],
)
def test_the_figure_takes_odd_input(editor, text: str) -> None:
    response = _check(reader(user=editor[0]), text)
    assert response.status_code == 200
    data = response.json()
    body = json.dumps(data, ensure_ascii=False)
    assert "<script>" not in body and "alert" not in body
    assert "\u0000" not in body and "\u202e" not in body


def test_the_figure_refuses_huge_text_with_a_clear_error(editor) -> None:
    response = _check(reader(user=editor[0]), "あ" * 20_001)
    assert response.status_code == 413
    assert response.json()["error"] == "too_long"
    with translation.override("ja"):
        response = reader(user=editor[0]).post(
            ENDPOINT, {"text": "あ" * 200_000}, HTTP_ACCEPT_LANGUAGE="ja"
        )
    assert response.status_code == 413
    assert "20,000" in response.json()["detail"]


# --- translations --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("english", "japanese"),
    [
        ("Plain Japanese", "やさしい日本語"),
        ("Readability", "読みやすさ"),
        ("Hardest sentences", "特に読みにくい文"),
    ],
)
def test_the_interface_is_in_japanese(english: str, japanese: str) -> None:
    with translation.override("ja"):
        assert translation.gettext(english) == japanese
