"""Writing, supporting, commenting and reporting through the pages, with bad input."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from django.core import mail

from dialogue.models import Comment, Proposal, ProposalStatus, Report, Support
from tests.dialogue.proposals.factories import CommentFactory, ProposalFactory, ThemeFactory

S = ProposalStatus
pytestmark = pytest.mark.django_db

GOOD = {
    "title": "駅前に屋根付きの駐輪場を 🚲",
    "summary": "雨の日でも自転車で通勤・通学できるように。",
    "body": "**理由**\n- 雨の日に濡れる\n- 高校生が多い",
    "place": "みどり野駅",
    "submission_key": "k" * 32,
}


def post(client, url, **fields):
    return client.post(url, {**GOOD, **fields})


def test_anonymous_visitors_are_sent_to_sign_in_and_back(client, index):
    proposal = ProposalFactory()
    page = proposal.get_absolute_url("ja")
    for url, method in [
        ("/ja/proposals/new/", "get"),
        ("/ja/proposals/mine/", "get"),
        (f"/ja/proposals/{proposal.pk}/support/", "post"),
        (f"/ja/proposals/{proposal.pk}/comment/", "post"),
        (f"/ja/proposals/{proposal.pk}/report/", "get"),
    ]:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response.url.startswith("/ja/accounts/login/?next="), url
        expected = url if method == "get" else page
        assert response.url.endswith(quote(expected, safe="/")), (url, response.url)
    assert Support.objects.count() == 0 and Comment.objects.count() == 0
    html = client.get(page).content.decode()
    assert "/ja/accounts/login/?next=" in html


def test_write_preview_save_draft_return_and_submit(
    client, index, people, django_capture_on_commit_callbacks
):
    client.force_login(people.author)
    theme = ThemeFactory(slug="mobility", name="移動")
    response = post(client, "/ja/proposals/new/", intent="preview", themes=["mobility"])
    assert response.status_code == 200
    html = response.content.decode()
    assert "<strong>理由</strong>" in html and Proposal.objects.count() == 0

    response = post(client, "/ja/proposals/new/", intent="draft", themes=["mobility"])
    proposal = Proposal.objects.get()
    assert response.status_code == 302 and response.url == quote(proposal.get_absolute_url("ja"))
    assert proposal.status == S.DRAFT and list(proposal.themes.all()) == [theme]
    assert "/ja/proposals/" in client.get("/ja/proposals/mine/").content.decode()

    edit = f"/ja/proposals/{proposal.pk}/edit/"
    assert GOOD["title"] in client.get(edit).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = post(client, edit, intent="submit", title="駅前に屋根付きの駐輪場を")
    proposal.refresh_from_db()
    assert proposal.status == S.SUBMITTED and proposal.title == "駅前に屋根付きの駐輪場を"
    assert len(mail.outbox) == 1
    # Nothing to edit any more, and others never could.
    assert client.get(edit).status_code == 404


def test_double_submission_through_the_form_makes_one_proposal(client, index, people):
    client.force_login(people.author)
    post(client, "/ja/proposals/new/", intent="submit")
    post(client, "/ja/proposals/new/", intent="submit")
    assert Proposal.objects.count() == 1
    assert Proposal.objects.get().status == S.SUBMITTED


HOSTILE = [
    ({"title": ""}, "title", "空"),
    ({"title": "   \u200b "}, "title", "空"),
    ({"title": "あ" * 121}, "title", "120"),
    ({"body": "あ" * 10_001}, "body", "10,000"),
    ({"summary": ""}, "summary", "空"),
    ({"title": "<script>alert(1)</script>"}, "title", "HTML"),
    ({"body": '<img src=x onerror="alert(1)">'}, "body", "HTML"),
    ({"title": "abc\u202etxt.exe"}, "title", "向き"),
    ({"place": "p" * 121}, "place", "120"),
    ({"as_org": "tourism-association"}, "as_org", None),
]


@pytest.mark.parametrize(("fields", "field", "words"), HOSTILE)
def test_bad_input_gets_a_clear_error_on_its_field(client, index, people, fields, field, words):
    client.force_login(people.resident)
    response = post(client, "/ja/proposals/new/", intent="draft", **fields)
    assert response.status_code == 200
    form = response.context["form"]
    assert field in form.errors, form.errors
    if words:
        assert words in " ".join(form.errors[field])
    assert Proposal.objects.count() == 0
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_emoji_and_odd_unicode_are_kept_safely(client, index, people):
    client.force_login(people.author)
    title = "👨‍👩‍👧 家族で使える公園を ｶﾀｶﾅ 𠮷野家の隣"
    body = "ゼロ幅\u200bスペース、結合文字 が\u3099、絵文字 🇯🇵 と 不等号 a < b > c"
    response = post(client, "/ja/proposals/new/", intent="draft", title=title, body=body)
    assert response.status_code == 302, response.context["form"].errors
    proposal = Proposal.objects.get()
    assert proposal.title == title
    assert "\u200b" not in proposal.body
    body_ok = "a &lt; b &gt; c"
    client.get(proposal.get_absolute_url("ja"))
    assert body_ok in proposal.html


def test_body_with_tags_is_refused_but_markdown_renders_inertly(client, index, people):
    client.force_login(people.author)
    response = post(
        client,
        "/ja/proposals/new/",
        intent="draft",
        body="[click](javascript:alert(1)) **太字** https://example.jp/?a=<b>",
    )
    assert response.status_code == 200  # the <b> is a tag: refused
    response = post(
        client, "/ja/proposals/new/", intent="draft", body="[click](javascript:alert(1)) **太字**"
    )
    proposal = Proposal.objects.get()
    assert "javascript:" not in proposal.html.replace("[click](javascript:alert(1))", "")
    assert "<strong>太字</strong>" in proposal.html


def test_support_comment_reply_edit_delete_report(client, index, people):
    proposal = ProposalFactory()
    client.force_login(people.resident)
    base = f"/ja/proposals/{proposal.pk}"
    client.post(f"{base}/support/", {"support": "1"})
    client.post(f"{base}/support/", {"support": "1"})  # resent form: still one
    proposal.refresh_from_db()
    assert proposal.support_count == 1
    html = client.get(proposal.get_absolute_url("ja")).content.decode()
    assert 'aria-pressed="true"' in html

    response = client.post(f"{base}/comment/", {"body": "賛成です 👍", "submission_key": "c1"})
    assert response.status_code == 302
    comment = Comment.objects.get()
    assert response.url.endswith(f"#comment-{comment.pk}")
    client.post(f"{base}/comment/", {"body": "賛成です 👍", "submission_key": "c1"})
    assert Comment.objects.count() == 1
    client.post(f"{base}/comment/", {"body": "返信", "parent": comment.pk})
    assert Comment.objects.filter(parent=comment).count() == 1

    response = client.post(f"{base}/comment/", {"body": "あ" * 2001})
    assert response.status_code == 200 and "body" in response.context["form"].errors
    response = client.post(f"{base}/comment/", {"body": "<script>x</script>"})
    assert "body" in response.context["form"].errors

    client.post(f"/ja/proposals/comments/{comment.pk}/edit/", {"body": "やはり大賛成です"})
    comment.refresh_from_db()
    assert comment.body == "やはり大賛成です" and comment.edited_at

    client.post(f"/ja/proposals/comments/{comment.pk}/delete/")
    comment.refresh_from_db()
    assert comment.deleted

    client.post(f"{base}/support/", {"support": "0"})
    proposal.refresh_from_db()
    assert proposal.support_count == 0

    other = CommentFactory(proposal=proposal)
    client.post(f"/ja/proposals/comments/{other.pk}/report/", {"reason": "個人攻撃"})
    client.post(f"{base}/report/", {"reason": "宣伝です"})
    assert Report.objects.count() == 2
    response = client.post(f"{base}/report/", {"reason": ""})
    assert "reason" in response.context["form"].errors


def test_no_one_edits_or_deletes_someone_elses_comment(client, index, people):
    comment = CommentFactory(author=people.member)
    client.force_login(people.resident)
    client.post(f"/ja/proposals/comments/{comment.pk}/edit/", {"body": "乗っ取り"})
    client.post(f"/ja/proposals/comments/{comment.pk}/delete/")
    comment.refresh_from_db()
    assert comment.body != "乗っ取り" and not comment.deleted


def test_actions_on_unseen_proposals_are_not_found(client, index, people):
    draft = ProposalFactory(status=S.DRAFT, author=people.author)
    client.force_login(people.resident)
    for action in ("support", "comment", "report", "edit", "acknowledge"):
        response = client.post(f"/ja/proposals/{draft.pk}/{action}/", {"body": "x"})
        assert response.status_code == 404, action
    assert client.post(f"/ja/proposals/{draft.pk}/nonsense/").status_code == 404
    assert client.get("/ja/proposals/999999/").status_code == 404


def test_too_many_comments_are_refused_politely_in_the_page(client, index, people):
    proposal = ProposalFactory()
    for n in range(30):
        CommentFactory(proposal=proposal, author=people.resident, body=f"{n}")
    client.force_login(people.resident)
    response = client.post(f"/ja/proposals/{proposal.pk}/comment/", {"body": "もう一つ"})
    assert response.status_code == 200
    assert "しばらく" in response.content.decode() or "wait" in response.content.decode()
    assert Comment.objects.count() == 30


@pytest.mark.parametrize(
    ("language", "shown", "hidden"), [("ja", "移動", "Mobility"), ("en", "Mobility", "移動")]
)
def test_the_form_names_themes_in_the_readers_language(
    client, index, people, language, shown, hidden
):
    ThemeFactory(slug="mobility", name="移動", name_en="Mobility")
    client.force_login(people.author)
    html = client.get(f"/{language}/proposals/new/").content.decode()
    assert shown in html
    assert hidden not in html
