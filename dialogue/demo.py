"""Demo sessions and rooms for `seed_demo`. Idempotent: re-running changes nothing.

A live public session (room "open-forum"), a members-only working-group room, a closed
session with its transcript (replies, reactions, posts on behalf of organisations, posts
acknowledged by the mayor, and who attended it) and an upcoming session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from members.models import Organization, User
from notifications.models import Notification

from . import notify, reading
from .models import (
    Acknowledgement,
    Attendance,
    DialogueSession,
    Message,
    Reaction,
    Room,
    Visibility,
)
from .rules import official_title
from .text import render

JST = dt.timezone(dt.timedelta(hours=9))

# Transcript lines: (key, author e-mail, organisation slug or None, reply to key, minute, text)
TRANSCRIPT = [
    (
        "open",
        "staff@example.jp",
        "city-dx-office",
        None,
        0,
        "本日はお集まりいただきありがとうございます。**地域の不用品譲り合い実証実験**の結果を"
        "ご報告します。\n資料はこちらです: https://example.jp/pilots/yuzuriai-report",
    ),
    (
        "results",
        "staff@example.jp",
        "city-dx-office",
        None,
        3,
        "3か月間の主な結果です。\n- 登録者数: 1,284人（目標 1,000人）\n- 譲り合いの成立: 2,310件\n"
        "- 粗大ごみの回収依頼: 前年同期比 18% 減",
    ),
    (
        "tourism",
        "tourism@example.jp",
        "tourism-association",
        None,
        9,
        "観光協会としては、旅館やホテルで使わなくなった備品の譲り合いにも使えないか検討したいです。",
    ),
    (
        "chamber",
        "chamber@example.jp",
        "chamber-of-commerce",
        "tourism",
        12,
        "商店街の空き店舗に残った什器も対象にできれば、新しく出店する方の負担が*かなり*減ると思います。",
    ),
    (
        "resident",
        "resident@example.jp",
        None,
        None,
        16,
        "高齢の母が使えるか心配でしたが、公民館の相談会で職員の方に手伝ってもらい登録できました。"
        "紙のチラシがあったのも助かりました。",
    ),
    (
        "coop",
        "coop@example.jp",
        "agricultural-coop",
        "results",
        20,
        "農機具の譲り合いにも需要があります。JAの各支所に受付窓口を置くこともできます。",
    ),
    (
        "mayor",
        "mayor@example.jp",
        None,
        "resident",
        26,
        "公民館で登録できたというお話、とても嬉しく思います。デジタルは手段であって目的では"
        "ありません。誰も取り残さない形で、本格導入を前向きに検討します。",
    ),
    (
        "next",
        "staff@example.jp",
        "city-dx-office",
        "mayor",
        30,
        "ありがとうございます。次回のセッションで本格導入の工程表をお示しします。"
        "@山田花子 さん、旅館の備品の件は個別にご相談させてください。",
    ),
]
REACTIONS = {
    "results": [
        ("👍", "mayor@example.jp"),
        ("👍", "chamber@example.jp"),
        ("👏", "coop@example.jp"),
    ],
    "resident": [("🙏", "staff@example.jp"), ("👍", "tourism@example.jp")],
    "mayor": [("👏", "resident@example.jp"), ("👏", "chamber@example.jp")],
    "chamber": [("💡", "tourism@example.jp")],
}
ACKNOWLEDGED = {"resident": ["mayor@example.jp"], "coop": ["mayor@example.jp"]}

LIVE = [
    (
        "staff@example.jp",
        "city-dx-office",
        "みなさん、こんにちは。今日は「観光とデジタル」について自由にお話しください。",
    ),
    (
        "tourism@example.jp",
        "tourism-association",
        "温泉街の混雑状況をスマートフォンで見られるようにしたい、という声が増えています。",
    ),
    (
        "resident@example.jp",
        None,
        "住民としては、観光客の車で生活道路が混むのが気になります。データで分かると良いですね。",
    ),
]
WORKING_GROUP = [
    (
        "coop@example.jp",
        "agricultural-coop",
        "来週の作業部会では、出荷データの共有範囲について合意したいと考えています。",
    ),
    (
        "staff@example.jp",
        "city-dx-office",
        "承知しました。個人情報を含まない集計データから始める案を用意します。",
    ),
]


@transaction.atomic
def seed(progress: Callable[[str], None]) -> None:
    people = {u.email: u for u in User.objects.filter(email__endswith="@example.jp")}
    orgs = {o.slug: o for o in Organization.objects.all()}
    now = timezone.now()

    live = _session(
        "open-forum",
        title="第5回 みどり野対話フォーラム：観光とデジタル",
        theme="温泉と里山の観光を、データで住民と観光客の双方に優しくするには",
        agenda="1. DX推進課から近況報告\n2. 観光協会から課題提起\n3. 自由討議",
        starts_at=now - dt.timedelta(minutes=30),
        ends_at=now + dt.timedelta(minutes=90),
        organiser=orgs["city-dx-office"],
        participants=[orgs["tourism-association"], orgs["chamber-of-commerce"]],
        status=DialogueSession.Status.LIVE,
        visibility=Visibility.PUBLIC,
        room_title="みどり野対話フォーラム（公開ルーム）",
    )
    for number, (email, org, text) in enumerate(LIVE):
        _message(live, people[email], orgs.get(org or ""), f"demo-live-{number}", text, None, None)

    wg, _created = Room.objects.update_or_create(
        slug="wg-agri-data",
        defaults={"title": "農業データ連携ワーキンググループ", "visibility": Visibility.MEMBERS},
    )
    for number, (email, org, text) in enumerate(WORKING_GROUP):
        _message(wg, people[email], orgs.get(org or ""), f"demo-wg-{number}", text, None, None)

    started = dt.datetime(2026, 10, 20, 14, 0, tzinfo=JST)
    closed = _session(
        "yuzuriai-report-2026-10",
        title="第4回 対話セッション：不用品譲り合い実証実験の結果報告",
        theme="株式会社まちつなぎと市の実証実験を、本格導入につなげるために",
        agenda="1. 実証実験の結果報告（DX推進課・まちつなぎ）\n2. 各団体からの意見\n"
        "3. 市長からのコメント\n4. 今後の進め方",
        starts_at=started,
        ends_at=started + dt.timedelta(hours=1, minutes=30),
        organiser=orgs["city-dx-office"],
        participants=[
            orgs["machitsunagi"],
            orgs["chamber-of-commerce"],
            orgs["agricultural-coop"],
            orgs["tourism-association"],
            orgs["residents-circle"],
        ],
        status=DialogueSession.Status.CLOSED,
        visibility=Visibility.PUBLIC,
        room_title="第4回 対話セッション（記録）",
        invited=[people["mayor@example.jp"], people["resident@example.jp"]],
    )
    stored: dict[str, Message] = {}
    for key, email, org, reply, minute, text in TRANSCRIPT:
        stored[key] = _message(
            closed,
            people[email],
            orgs.get(org or ""),
            f"demo-report-{key}",
            text,
            stored.get(reply or ""),
            started + dt.timedelta(minutes=minute),
        )
    for key, pairs in REACTIONS.items():
        for emoji, email in pairs:
            Reaction.objects.get_or_create(message=stored[key], user=people[email], emoji=emoji)
    for key, emails in ACKNOWLEDGED.items():
        for email in emails:
            Acknowledgement.objects.get_or_create(
                message=stored[key],
                user=people[email],
                defaults={"title": official_title(people[email])},
            )

    _attendance(closed.session, people, started)

    upcoming_start = (
        (now + dt.timedelta(days=14))
        .astimezone(JST)
        .replace(hour=18, minute=30, second=0, microsecond=0)
    )
    _session(
        "digital-counter-2026-12",
        title="第6回 対話セッション：子育て世代と考えるデジタル窓口",
        theme="市役所に行かなくても済む手続きを、使う人の目線で選ぶ",
        agenda="1. 市の手続きのオンライン化の現状\n2. 子育て世代の困りごと\n3. グループ討議",
        starts_at=upcoming_start,
        ends_at=upcoming_start + dt.timedelta(hours=1, minutes=30),
        organiser=orgs["city-dx-office"],
        participants=[orgs["women-entrepreneurs"], orgs["residents-circle"]],
        status=DialogueSession.Status.SCHEDULED,
        visibility=Visibility.PUBLIC,
        room_title="第6回 対話セッション",
        keep_times=True,
        invited=[people["resident@example.jp"], people["women@example.jp"]],
    )
    # The demo's notifications wait in the centre; loading the demo e-mails nobody.
    Notification.objects.filter(email_pending=True).update(email_pending=False)
    progress("4 rooms, 3 sessions")


def _attendance(session: DialogueSession, people: dict[str, User], started: dt.datetime) -> None:
    """Everyone who spoke was in the room from a little before their first post to the end;
    the mayor was there in person, recorded by the DX office."""
    length = int((session.ends_at - started).total_seconds())
    first: dict[str, int] = {}
    for _key, email, _org, _reply, minute, _text in TRANSCRIPT:
        first.setdefault(email, minute)
    for email, minute in first.items():
        joined = started + dt.timedelta(minutes=max(minute - 2, 0))
        in_person = email == "mayor@example.jp"
        Attendance.objects.update_or_create(
            session=session,
            user=people[email],
            defaults={
                "first_joined_at": None if in_person else joined,
                "seconds_present": 0 if in_person else length - max(minute - 2, 0) * 60,
                "in_person": in_person,
                "added_by": people["staff@example.jp"] if in_person else None,
            },
        )


def _session(
    slug: str,
    *,
    title: str,
    room_title: str,
    participants: list[Organization],
    invited: list[User] = (),
    keep_times: bool = False,
    **fields,
) -> Room:
    room = Room.objects.filter(slug=slug).select_related("session").first()
    session = room.session if room and room.session_id else None
    if session is None:
        session = DialogueSession.objects.create(title=title, **fields)
    else:
        if keep_times:
            del fields["starts_at"], fields["ends_at"]
        for name, value in {"title": title, **fields}.items():
            setattr(session, name, value)
        session.save()
    session.organisations.set(participants)
    session.invited.set(invited)
    room, _created = Room.objects.update_or_create(
        slug=slug,
        defaults={"title": room_title, "visibility": fields["visibility"], "session": session},
    )
    return room


def _message(
    room: Room,
    author: User,
    org: Organization | None,
    client_id: str,
    text: str,
    reply_to: Message | None,
    created_at: dt.datetime | None,
) -> Message:
    people = [(u.pk, u.public_name) for u in User.objects.filter(email__endswith="@example.jp")]
    html = render(text, people)
    message, _created = Message.objects.update_or_create(
        author=author,
        client_id=client_id,
        defaults={
            "room": room,
            "as_org": org,
            "body": text,
            "html": html,
            "ruby": reading.ruby_html(html),
            "reply_to": reply_to,
            **({"created_at": created_at} if created_at else {}),
        },
    )
    if _created:
        # The demo accounts find their mentions and replies waiting in the notification centre.
        notify.message_posted(message, reply_to)
    return message
