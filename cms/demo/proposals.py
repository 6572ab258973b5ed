"""Demo proposals for `seed_demo`: 16 proposals across themes and every public status, with
supports, comments and replies, some on behalf of organisations, one adopted into the
goods-sharing pilot and one raised from a message in the live forum. Idempotent."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.db import transaction
from django.utils import timezone

from dialogue.models import Acknowledgement, DialogueSession, Message
from dialogue.models.proposals import (
    Comment,
    Proposal,
    ProposalStatus,
    ProposalStatusChange,
    Support,
    Theme,
)
from dialogue.rules import official_title
from dialogue.text import render
from members.models import Organization, User

from ..models import HomePage, PilotPage
from ..proposals.models import ProposalIndexPage
from .pages import ensure_locales

S = ProposalStatus

THEMES = [
    ("mobility", "移動・交通", "Mobility"),
    ("tourism", "観光", "Tourism"),
    ("agriculture", "農業", "Agriculture"),
    ("living", "くらし・循環", "Daily life and reuse"),
    ("childcare", "子育て", "Childcare"),
    ("elderly", "高齢者・見守り", "Older residents"),
    ("administration", "行政手続き", "Public services"),
    ("disaster", "防災", "Disaster preparedness"),
]

INDEX = {
    "ja": {
        "title": "みんなの提案",
        "intro": "<p>まちをこう変えたい、という提案を誰でも読めます。"
        "アカウントを作ると、提案を書いたり、"
        "賛同したり、コメントしたりできます。賛同が集まった提案は対話セッションで話し合い、"
        "実証実験につながることもあります。</p>",
        "how_it_works": "<p>提案はモデレーターが確認してから公開されます。状態が変わるたびに理由と"
        "ともに記録され、提案者にはメールでお知らせします。</p>",
    },
    "en": {
        "title": "Proposals",
        "intro": "<p>Anyone can read what residents and members would like to change in our city. "
        "With an account you can write proposals, support them and comment. Proposals with "
        "support are discussed in dialogue sessions, and some become pilot projects.</p>",
        "how_it_works": "<p>A moderator reads each proposal before it is published. Every change "
        "of status is recorded with its reason, and the author is told by e-mail.</p>",
    },
}

# key -> (title, text) in plain Japanese (やさしい日本語), for readers who choose it.
PLAIN = {
    "bus-app": (
        "バスが 今 どこに いるか わかるように",
        "冬の バス停で 30分 待つ ことが あります。\n"
        "- スマホで バスの 場所を 見たい です。\n"
        "- スマホが ない 人は、電話で「あと 何分」と 聞きたい です。\n"
        "年を とった 母も 安心して バスに 乗れます。",
    ),
}

# key, author, on behalf of, themes, status, days ago, title, summary, body, place, reason
PROPOSALS = [
    (
        "bus-app",
        "resident@example.jp",
        None,
        ["mobility", "elderly"],
        S.UNDER_DISCUSSION,
        40,
        "コミュニティバスの位置がスマホと電話で分かるように",
        "バス停で長く待たなくて済むよう、今どこを走っているかを誰でも確かめられるようにしたい。",
        "冬のバス停で30分待つことがあります。\n- スマートフォンで位置が見られる\n"
        "- スマホがない人は電話の自動音声で「あと何分」が聞ける\n"
        "の両方があると、高齢の母も安心です。",
        "市内全域",
        "",
    ),
    (
        "goods",
        "circle@example.jp",
        "residents-circle",
        ["living"],
        S.ADOPTED,
        400,
        "使わなくなった物を地域で譲り合える仕組みを",
        "粗大ごみとして捨てる前に、近所で必要な人に譲れる場をつくりたい。",
        "引っ越しや家の片付けで出る家具や子ども用品を、近所の人に譲れたら助かる人が多いはずです。"
        "公民館での受け渡しもできると、スマホが苦手な人も参加できます。",
        "",
        "まちつなぎと市の実証実験として始まりました。",
    ),
    (
        "onsen",
        "tourism@example.jp",
        "tourism-association",
        ["tourism", "mobility"],
        S.PUBLISHED,
        1,
        "温泉街の混雑状況をスマートフォンで見られるように",
        "観光客にも住民にも、混む時間を避けて動いてもらえるようにしたい。",
        "温泉街の混雑状況をスマートフォンで見られるようにしたい、という声が増えています。"
        "駐車場の空き状況と合わせて公開できれば、生活道路の渋滞も減らせるのではないでしょうか。",
        "みどり野温泉街",
        "",
    ),
    (
        "farm-data",
        "coop@example.jp",
        "agricultural-coop",
        ["agriculture"],
        S.UNDER_DISCUSSION,
        60,
        "出荷データを共有して、直売所の品切れを減らす",
        "農家と直売所が出荷予定を共有し、品切れと売れ残りを減らしたい。",
        "JA（農協）の出荷データのうち、個人が特定されない集計値を直売所と共有します。"
        "朝の時点で品切れしそうな品目が分かれば、追加の出荷をお願いできます。",
        "JA直売所 みどりの里",
        "",
    ),
    (
        "shutter",
        "chamber@example.jp",
        "chamber-of-commerce",
        ["living"],
        S.PUBLISHED,
        12,
        "商店街の空き店舗を、週末だけ借りられるように",
        "空き店舗を短期間だけ借りられる仕組みで、出店を試しやすくしたい。",
        "空き店舗の情報と予約を一か所にまとめ、週末だけのお試し出店ができるようにしたいです。",
        "駅前商店街",
        "",
    ),
    (
        "childcare-forms",
        "women@example.jp",
        "women-entrepreneurs",
        ["childcare", "administration"],
        S.PUBLISHED,
        5,
        "保育園の申し込みを、夜でもスマホで完結できるように",
        "働きながら子育てする人が、平日の昼に市役所へ行かなくても済むようにしたい。",
        "保育園の入園申し込みと、毎年の現況届をオンラインで出せるようにしてほしいです。"
        "書類の写真を撮って送るだけでもずいぶん楽になります。",
        "",
        "",
    ),
    (
        "snow",
        "resident@example.jp",
        None,
        ["elderly", "disaster"],
        S.PUBLISHED,
        8,
        "雪かきの助け合いを、近所でお願いしやすく",
        "一人暮らしの高齢者が、雪の朝に近所の人へ助けを頼みやすい仕組みを。",
        "大雪の朝、家の前の雪かきができずに困っている高齢者がいます。"
        "町内会単位で「助けてほしい」「手伝える」をつなげられないでしょうか。",
        "北地区",
        "",
    ),
    (
        "hazard",
        "chamber-member@example.jp",
        None,
        ["disaster"],
        S.IMPLEMENTED,
        300,
        "ハザードマップを外国語とやさしい日本語でも",
        "観光客や外国人住民も避難先が分かるようにしたい。",
        "ハザードマップを英語・中国語・韓国語と、やさしい日本語でも公開してください。",
        "",
        "令和7年度の改訂版で公開しました。",
    ),
    (
        "library",
        "resident@example.jp",
        None,
        ["administration"],
        S.NOT_ADOPTED,
        200,
        "図書館の本を駅のロッカーで受け取れるように",
        "仕事帰りに本を受け取れるようにしたい。",
        "図書館の開館時間に間に合わない人のために、駅のロッカーで予約本を受け取れるようにしてほしいです。",
        "みどり野駅",
        "ロッカーの設置費用に対して利用見込みが少ないため、今回は見送ります。"
        "代わりに開館時間の延長を試行します。",
    ),
    (
        "cashless",
        "company@example.jp",
        "machitsunagi",
        ["tourism"],
        S.PUBLISHED,
        20,
        "観光案内所でキャッシュレス決済を",
        "観光案内所の物販と体験予約で、キャッシュレス決済を使えるようにしたい。",
        "海外からの観光客から、現金しか使えないことへの不満が多く聞かれます。",
        "観光案内所",
        "",
    ),
    (
        "watch",
        "circle@example.jp",
        "residents-circle",
        ["elderly"],
        S.UNDER_DISCUSSION,
        30,
        "電気やガスの使用量で、さりげない見守りを",
        "一人暮らしの高齢者の見守りを、カメラを使わずにできないか。",
        "電気の使用量がいつもと違うときに家族へ知らせるサービスを、市の補助で使えるようにしたいです。",
        "",
        "",
    ),
    (
        "playground",
        "women@example.jp",
        None,
        ["childcare"],
        S.PUBLISHED,
        3,
        "雨の日に子どもが遊べる場所の情報をまとめて",
        "屋内で遊べる施設の空き状況を一覧で見たい。",
        "児童館や公民館の空き状況がばらばらに載っていて探しにくいです。一つのページにまとめてほしいです。",
        "",
        "",
    ),
    (
        "drone",
        "coop@example.jp",
        "agricultural-coop",
        ["agriculture"],
        S.PUBLISHED,
        15,
        "ドローンでの農薬散布を共同で",
        "小さな農家でもドローン散布を頼めるよう、共同で機体とオペレーターを持ちたい。",
        "JAが機体を持ち、予約制で農家が使えるようにする案です。",
        "",
        "",
    ),
    (
        "wifi",
        "tourism@example.jp",
        None,
        ["tourism"],
        S.PUBLISHED,
        25,
        "避難所と観光地で使える無料Wi-Fiを",
        "災害時にも観光にも使える公衆無線LANを整備したい。",
        "避難所に指定されている施設と主な観光地に、無料Wi-Fiを整えてほしいです。",
        "",
        "",
    ),
    (
        "counter",
        "resident@example.jp",
        None,
        ["administration"],
        S.PUBLISHED,
        2,
        "市役所の窓口の待ち時間をネットで",
        "今どれくらい待つかが分かれば、空いている時間に行ける。",
        "住民票などの窓口の待ち人数を、ホームページで見られるようにしてほしいです。",
        "市役所本庁舎",
        "",
    ),
    (
        "demand-bus",
        "chamber-editor@example.jp",
        "chamber-of-commerce",
        ["mobility"],
        S.SUBMITTED,
        0,
        "商店街と病院を結ぶデマンド交通",
        "予約制の乗り合いタクシーで、通院と買い物を一度に。",
        "病院の帰りに商店街へ寄れるような、予約制の乗り合い交通を試してみたいです。",
        "",
        "",
    ),
]
SUPPORTERS = [
    "resident@example.jp",
    "chamber@example.jp",
    "coop@example.jp",
    "tourism@example.jp",
    "women@example.jp",
    "company@example.jp",
    "circle@example.jp",
    "chamber-member@example.jp",
    "chamber-editor@example.jp",
    "staff@example.jp",
]
# key: (author, on behalf of, text, replies [(author, text)])
COMMENTS = {
    "bus-app": [
        (
            "circle@example.jp",
            "residents-circle",
            "電話で聞けるのは本当に大事だと思います。",
            [("staff@example.jp", "ありがとうございます。自動音声も含めて検討しています。")],
        ),
        ("company@example.jp", None, "位置情報の仕組みは既存の機器で対応できそうです。", []),
    ],
    "onsen": [("resident@example.jp", None, "生活道路の混雑が減るなら大賛成です。", [])],
    "farm-data": [
        (
            "chamber@example.jp",
            "chamber-of-commerce",
            "商店街の飲食店とも共有できると良いですね。",
            [("coop@example.jp", "agricultural-coop", "ぜひ。次の作業部会で相談させてください。")],
        ),
    ],
    "snow": [("women@example.jp", None, "学生ボランティアとも連携できそうです。", [])],
    "goods": [("resident@example.jp", None, "公民館での受け渡し、母も使えました。", [])],
    "library": [("circle@example.jp", None, "開館時間の延長、楽しみにしています。", [])],
}
HISTORY = {
    S.PUBLISHED: [S.DRAFT, S.SUBMITTED, S.PUBLISHED],
    S.UNDER_DISCUSSION: [S.DRAFT, S.SUBMITTED, S.PUBLISHED, S.UNDER_DISCUSSION],
    S.ADOPTED: [S.DRAFT, S.SUBMITTED, S.PUBLISHED, S.UNDER_DISCUSSION, S.ADOPTED],
    S.IMPLEMENTED: [S.DRAFT, S.SUBMITTED, S.PUBLISHED, S.ADOPTED, S.IMPLEMENTED],
    S.NOT_ADOPTED: [S.DRAFT, S.SUBMITTED, S.PUBLISHED, S.UNDER_DISCUSSION, S.NOT_ADOPTED],
    S.SUBMITTED: [S.DRAFT, S.SUBMITTED],
}


def ensure_index() -> dict[str, ProposalIndexPage]:
    locales = ensure_locales()
    home = HomePage.objects.filter(locale=locales["ja"]).first()
    index = ProposalIndexPage.objects.filter(locale=locales["ja"]).first()
    if index is None:
        index = home.add_child(
            instance=ProposalIndexPage(slug="proposals", locale=locales["ja"], **INDEX["ja"])
        )
        index.save_revision().publish()
    pages = {"ja": index}
    for code, locale in locales.items():
        if code == "ja":
            continue
        translation = index.get_translation_or_none(locale)
        if translation is None:
            translation = index.copy_for_translation(locale)
        translation = translation.specific
        for field, value in INDEX[code].items():
            setattr(translation, field, value)
        translation.save_revision().publish()
        pages[code] = translation
    return pages


@transaction.atomic
def seed(progress: Callable[[str], None]) -> None:
    ensure_index()
    themes = {}
    for slug, name, name_en in THEMES:
        themes[slug], _created = Theme.objects.update_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en}
        )
    people = {u.email: u for u in User.objects.filter(email__endswith="@example.jp")}
    orgs = {o.slug: o for o in Organization.objects.all()}
    moderator = people["moderator@example.jp"]
    staff = people["staff@example.jp"]
    now = timezone.now()
    stored: dict[str, Proposal] = {}
    for number, spec in enumerate(PROPOSALS):
        plain_title, plain_body = PLAIN.get(spec[0], ("", ""))
        key, email, org, slugs, status, days, title, summary, body, place, reason = spec
        created_at = now - dt.timedelta(days=days, hours=3)
        proposal, _created = Proposal.objects.update_or_create(
            author=people[email],
            submission_key=f"demo-{key}",
            defaults={
                "title": title,
                "summary": summary,
                "body": body,
                "html": render(body),
                "plain_title": plain_title,
                "plain_body": plain_body,
                "plain_html": render(plain_body) if plain_body else "",
                "place": place,
                "as_org": orgs.get(org or ""),
                "status": status,
                "status_reason": reason,
                "created_at": created_at,
                "submitted_at": created_at + dt.timedelta(hours=1),
                "published_at": None
                if status == S.SUBMITTED
                else created_at + dt.timedelta(hours=5),
            },
        )
        proposal.themes.set([themes[s] for s in slugs])
        stored[key] = proposal
        if not proposal.status_changes.exists():
            steps = HISTORY[status]
            for step, (before, after) in enumerate(zip(["", *steps], steps, strict=False)):
                who = (
                    people[email]
                    if after in (S.DRAFT, S.SUBMITTED)
                    else (moderator if after in (S.PUBLISHED, S.UNDER_DISCUSSION) else staff)
                )
                ProposalStatusChange.objects.create(
                    proposal=proposal,
                    changed_by=who,
                    from_status=before,
                    to_status=after,
                    reason=reason if after == status else "",
                    created_at=created_at + dt.timedelta(hours=step, minutes=number),
                )
        public = status not in (S.DRAFT, S.SUBMITTED, S.REJECTED)
        if public:
            count = (number * 3) % len(SUPPORTERS) + 1
            for supporter in SUPPORTERS[:count]:
                if supporter != email:
                    Support.objects.get_or_create(proposal=proposal, user=people[supporter])
        for author, org_slug, text, replies in COMMENTS.get(key, []) if public else []:
            top, _created = Comment.objects.get_or_create(
                proposal=proposal,
                author=people[author],
                submission_key=f"demo-{key}-{author}",
                defaults={"body": text, "html": render(text), "as_org": orgs.get(org_slug or "")},
            )
            for reply_author, *rest in replies:
                reply_org, reply_text = rest if len(rest) == 2 else [None, *rest]
                Comment.objects.get_or_create(
                    proposal=proposal,
                    author=people[reply_author],
                    submission_key=f"demo-{key}-{author}-reply",
                    defaults={
                        "body": reply_text,
                        "html": render(reply_text),
                        "parent": top,
                        "as_org": orgs.get(reply_org or ""),
                    },
                )
    _links(stored, people)
    for proposal in stored.values():
        Proposal.objects.filter(pk=proposal.pk).update(
            support_count=proposal.supports.count(),
            comment_count=proposal.comments.filter(hidden=False, deleted_at__isnull=True).count(),
        )
    progress(f"{len(stored)} proposals in {len(themes)} themes")


def _links(stored: dict[str, Proposal], people: dict[str, User]) -> None:
    pilot = PilotPage.objects.filter(slug="goods-sharing", locale__language_code="ja").first()
    if pilot is not None:
        Proposal.objects.filter(pk=stored["goods"].pk).update(pilot=pilot)
    report = DialogueSession.objects.filter(room__slug="yuzuriai-report-2026-10").first()
    if report is not None:
        stored["goods"].sessions.add(report)
    forum = DialogueSession.objects.filter(room__slug="open-forum").first()
    message = Message.objects.filter(
        author=people["tourism@example.jp"], client_id="demo-live-1"
    ).first()
    if message is not None:
        Proposal.objects.filter(pk=stored["onsen"].pk).update(source_message=message)
    if forum is not None:
        stored["onsen"].sessions.add(forum)
        stored["bus-app"].sessions.add(forum)
    mayor = people["mayor@example.jp"]
    for key in ("bus-app", "goods"):
        Acknowledgement.objects.get_or_create(
            proposal=stored[key], user=mayor, defaults={"title": official_title(mayor)}
        )
