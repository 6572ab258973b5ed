"""Demo pilot projects for `seed_demo`, in Japanese and English, with measured results.

Images are drawn here with Pillow (nothing is downloaded). Idempotent: existing pilots are
left alone, missing measurements are added, the review workflow is (re)asserted.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from decimal import Decimal

from PIL import Image as PILImage
from PIL import ImageDraw

from django.contrib.auth.models import Group
from django.core.files.images import ImageFile
from django.db import transaction

from wagtail.images.models import Image
from wagtail.models import Locale

from members import demo as members_demo
from members.models import Membership, Organization, User

from ..home.models import HomePage
from ..home.targets import TargetCounts
from ..pilots.indicators import Indicator, Measurement
from ..pilots.pages import PilotIndexPage, PilotPage, PilotPartner, PilotTheme
from ..pilots.permissions import REVIEWERS, ensure_review_workflow, sync_pilot_editors
from .pages import ensure_locales

THEMES = [
    # slug, ja, en
    ("living", "くらし・循環", "Daily life and reuse"),
    ("agriculture", "農業", "Agriculture"),
    ("tourism", "観光", "Tourism"),
    ("administration", "行政手続き", "Public services"),
]

INDEX = {
    "ja": {
        "title": "実証実験",
        "intro": "<p>市と会員団体・企業が一緒に取り組んだ実証実験と、その測定結果です。"
        "うまくいったことも、いかなかったことも公開しています。</p>",
    },
    "en": {
        "title": "Pilot projects",
        "intro": "<p>Pilots the city ran with member organisations and companies, with their "
        "measured results: what worked and what did not.</p>",
    },
}

REVIEWER = ("dx-reviewer@example.jp", "中村 由紀", "なかむら ゆき", "DX推進課 課長")


def _monthly(start: dt.date, values: list[float]) -> list[tuple[dt.date, Decimal]]:
    series = []
    year, month = start.year, start.month
    for value in values:
        series.append((dt.date(year, month, 1), Decimal(str(value))))
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return series


PILOTS = [
    {
        "slug": "goods-sharing",
        "colour": (15, 76, 92),
        "status": "adopted",
        "start": dt.date(2024, 6, 1),
        "end": dt.date(2025, 3, 31),
        "themes": ["living"],
        "funding_amount": 12_000_000,
        "partners": [
            ("machitsunagi", "", {"ja": "サービス運営", "en": "Runs the service"}),
            ("chamber-of-commerce", "", {"ja": "加盟店への周知", "en": "Outreach to shops"}),
            ("city-dx-office", "", {"ja": "事務局", "en": "Secretariat"}),
        ],
        "ja": {
            "title": "地域のモノ譲り合い実証（まちつなぎ）",
            "summary": "使わなくなった家具や子ども用品を、近所の人に無料で譲れる掲示板を"
            "株式会社まちつなぎと試しました。ごみの削減と、顔の見える関係づくりが目的です。",
            "funding_source": "デジタル田園都市国家構想交付金",
            "lessons": "<p>高齢の方には紙のチラシと公民館での説明会が欠かせませんでした。"
            "受け渡し場所を公民館にしたことで、安心して使えるという声が増えました。</p>",
            "next": "<p>2025年度から市の事業として本格導入し、近隣2町との連携を検討します。</p>",
            "quote": ("ベビーカーを譲った方と、今では道で挨拶する仲です。", "参加した市民"),
            "callout": ("主な成果", "<p>1年間で約6.8トンのごみ削減につながりました。</p>"),
        },
        "en": {
            "title": "Local goods-sharing pilot (Machitsunagi)",
            "summary": "With Machitsunagi Inc. we tried a noticeboard where residents give "
            "unused furniture and children's things to neighbours for free, to cut waste and "
            "get to know each other.",
            "funding_source": "Digital Garden City Nation grant",
            "lessons": "<p>Older residents needed paper leaflets and sessions at the community "
            "centre. Handing items over at the community centre made people feel safe.</p>",
            "next": "<p>The city adopts the service from fiscal 2025 and is talking to two "
            "neighbouring towns.</p>",
            "quote": (
                "I gave away a pushchair, and now the family and I say hello in the street.",
                "A participating resident",
            ),
            "callout": ("Key result", "<p>About 6.8 tonnes less waste in one year.</p>"),
        },
        "indicators": [
            {
                "key": "items",
                "ja": ("譲渡成立件数（月）", "件"),
                "en": ("Items given away per month", "items"),
                "direction": "higher",
                "baseline": 0,
                "target": 300,
                "target_date": dt.date(2025, 3, 31),
                "series": _monthly(
                    dt.date(2024, 6, 1), [18, 45, 80, 110, 150, 170, 205, 240, 270, 312]
                ),
            },
            {
                "key": "households",
                "ja": ("登録世帯数", "世帯"),
                "en": ("Registered households", "households"),
                "direction": "higher",
                "baseline": 0,
                "target": 1500,
                "target_date": dt.date(2025, 3, 31),
                "series": _monthly(
                    dt.date(2024, 6, 1), [120, 260, 410, 560, 700, 820, 950, 1080, 1190, 1320]
                ),
            },
        ],
    },
    {
        "slug": "smart-agriculture",
        "colour": (30, 107, 52),
        "status": "evaluating",
        "start": dt.date(2025, 4, 1),
        "end": dt.date(2026, 3, 31),
        "themes": ["agriculture"],
        "funding_amount": 28_500_000,
        "partners": [
            ("agricultural-coop", "", {"ja": "生産者の取りまとめ", "en": "Works with growers"}),
            ("", "株式会社みどりセンシング", {"ja": "センサー提供", "en": "Sensor supplier"}),
        ],
        "ja": {
            "title": "水田センサーによるスマート農業",
            "summary": "JAみどり野と協力し、水田30枚に水位・水温センサーを設置しました。"
            "見回りの時間と水の使い過ぎを減らせるかを確かめています。",
            "funding_source": "農林水産省 スマート農業実証事業",
            "lessons": "<p>通知が多すぎると見られなくなるため、"
            "本当に必要な警告だけに絞りました。</p>",
            "next": "<p>評価結果をもとに、来年度の対象地区拡大を判断します。</p>",
            "quote": ("夜中に田んぼへ行く回数が減って、体が楽になりました。", "参加農家"),
            "callout": ("評価中", "<p>2026年3月までのデータで最終評価を行います。</p>"),
        },
        "en": {
            "title": "Smart agriculture with paddy-field sensors",
            "summary": "With JA Midorino we put water-level and temperature sensors in 30 rice "
            "paddies, to see whether growers can patrol less and use less water.",
            "funding_source": "Ministry of Agriculture smart-farming grant",
            "lessons": "<p>Too many alerts get ignored, so we kept only the ones that matter.</p>",
            "next": "<p>The evaluation decides whether more districts join next year.</p>",
            "quote": ("I go out to the fields at night far less often.", "A participating grower"),
            "callout": (
                "Being evaluated",
                "<p>The final evaluation uses data up to March 2026.</p>",
            ),
        },
        "indicators": [
            {
                "key": "patrol-hours",
                "ja": ("見回り時間（週）", "時間"),
                "en": ("Patrol time per week", "hours"),
                "direction": "lower",
                "baseline": 14,
                "target": 7,
                "target_date": dt.date(2026, 3, 31),
                "series": _monthly(dt.date(2025, 4, 1), [14, 12.5, 11, 10.2, 9.6, 9.1, 8.8, 8.5]),
            },
            {
                "key": "water",
                "ja": ("10aあたり用水量", "m³"),
                "en": ("Water used per 10 ares", "m³"),
                "direction": "lower",
                "baseline": 120,
                "target": 90,
                "target_date": dt.date(2026, 3, 31),
                "series": _monthly(dt.date(2025, 4, 1), [121, 118, 116, 117, 115, 114, 113, 112]),
            },
        ],
    },
    {
        "slug": "visitor-flow",
        "colour": (138, 59, 0),
        "status": "running",
        "start": dt.date(2025, 7, 1),
        "end": None,
        "themes": ["tourism"],
        "funding_amount": 6_400_000,
        "partners": [
            ("tourism-association", "", {"ja": "実施主体", "en": "Lead partner"}),
            ("", "合同会社ひとながれラボ", {"ja": "人流データ分析", "en": "Visitor-flow analysis"}),
            ("women-entrepreneurs", "", {"ja": "周遊ルートの企画", "en": "Designs walking routes"}),
        ],
        "ja": {
            "title": "観光客の人流データを活かした周遊促進",
            "summary": "温泉街と里山の主な地点で人の流れを匿名で計測し、混雑の分散と"
            "まだ知られていない名所への周遊を促しています。",
            "funding_source": "観光庁 地域観光新発見事業",
            "lessons": "<p>個人を特定しない計測であることを、現地の掲示で丁寧に説明しました。</p>",
            "next": "<p>秋の紅葉シーズンの結果を見て、案内板のデジタル化を検討します。</p>",
            "quote": ("混む時間がわかると、お客さまに別の道をご案内できます。", "旅館のおかみ"),
            "callout": ("プライバシー", "<p>カメラ映像は保存せず、人数だけを数えています。</p>"),
        },
        "en": {
            "title": "Using visitor-flow data to spread tourism",
            "summary": "Anonymous counts of people at key spots in the spa town and the hills "
            "help spread the crowds and send visitors to lesser-known places.",
            "funding_source": "Japan Tourism Agency regional tourism grant",
            "lessons": "<p>Signs on site explained that nobody is identified by the counts.</p>",
            "next": "<p>After the autumn-leaves season we decide on digital signposts.</p>",
            "quote": (
                "When we know the busy hours we can suggest another route to guests.",
                "An innkeeper",
            ),
            "callout": (
                "Privacy",
                "<p>No camera images are stored; only the number of people is counted.</p>",
            ),
        },
        "indicators": [
            {
                "key": "stay-minutes",
                "ja": ("平均滞在時間", "分"),
                "en": ("Average length of stay", "minutes"),
                "direction": "higher",
                "baseline": 95,
                "target": 120,
                "target_date": dt.date(2026, 6, 30),
                "series": _monthly(dt.date(2025, 7, 1), [96, 99, 101, 108, 112]),
            },
            {
                "key": "lesser-known-share",
                "ja": ("穴場スポットへの来訪割合", "%"),
                "en": ("Share of visitors reaching lesser-known spots", "%"),
                "direction": "higher",
                "baseline": 12,
                "target": 25,
                "target_date": dt.date(2026, 6, 30),
                "series": _monthly(dt.date(2025, 7, 1), [12, 12.5, 13, 13.2, 13.1]),
            },
        ],
    },
    {
        "slug": "online-procedures",
        "colour": (11, 83, 148),
        "status": "completed",
        "start": dt.date(2024, 10, 1),
        "end": dt.date(2025, 9, 30),
        "themes": ["administration"],
        "funding_amount": 145_000_000,
        "partners": [
            ("city-dx-office", "", {"ja": "実施主体", "en": "Lead"}),
            ("residents-circle", "", {"ja": "使いやすさの検証", "en": "Usability testing"}),
            (
                "women-entrepreneurs",
                "",
                {"ja": "子育て手続きの意見", "en": "Advice on parenting forms"},
            ),
        ],
        "ja": {
            "title": "行政手続きのオンライン化",
            "summary": "住民票の写しや子育て関連の手続きをスマートフォンから申請できるようにし、"
            "窓口の待ち時間を減らす実証です。窓口での対面の支援も続けました。",
            "funding_source": "一般財源および自治体DX推進交付金",
            "lessons": "<p>申請画面は市民の会の皆さんと一緒に5回作り直しました。"
            "文字の大きさと言葉づかいが、使われるかどうかを分けました。</p>",
            "next": "<p>対象手続きを80件に広げ、窓口の「書かない申請」と組み合わせます。</p>",
            "quote": ("仕事を休まずに手続きできたのが一番うれしいです。", "子育て中の市民"),
            "callout": ("結果", "<p>窓口の平均待ち時間は35分から14分になりました。</p>"),
        },
        "en": {
            "title": "Online administrative procedures",
            "summary": "Residents can apply for certificates and childcare procedures from their "
            "phones, which cuts queues at the counter; help in person continued throughout.",
            "funding_source": "General budget and municipal DX grant",
            "lessons": "<p>We rebuilt the forms five times with the residents' circle. Text size "
            "and plain wording decided whether people used them.</p>",
            "next": "<p>80 procedures next, together with no-writing forms at the counter.</p>",
            "quote": (
                "I could do it without taking a day off work.",
                "A parent living in the city",
            ),
            "callout": ("Result", "<p>Average wait at the counter fell from 35 to 14 minutes.</p>"),
        },
        "indicators": [
            {
                "key": "procedures-online",
                "ja": ("オンライン対応手続き数", "件"),
                "en": ("Procedures available online", "procedures"),
                "direction": "higher",
                "baseline": 12,
                "target": 40,
                "target_date": dt.date(2025, 9, 30),
                "series": _monthly(
                    dt.date(2024, 10, 1), [12, 15, 18, 22, 25, 28, 31, 34, 36, 38, 40, 42]
                ),
            },
            {
                "key": "wait-minutes",
                "ja": ("窓口の平均待ち時間", "分"),
                "en": ("Average wait at the counter", "minutes"),
                "direction": "lower",
                "baseline": 35,
                "target": 15,
                "target_date": dt.date(2025, 9, 30),
                "series": _monthly(
                    dt.date(2024, 10, 1), [35, 33, 31, 28, 26, 24, 22, 20, 18, 16, 15, 14]
                ),
            },
        ],
    },
]


def _demo_image(slug: str, colour: tuple[int, int, int], title: str) -> Image:
    """A simple illustration: hills, a sun and a path, in the pilot's colour."""
    existing = Image.objects.filter(title=title).first()
    if existing is not None:
        return existing
    width, height = 1200, 675
    canvas = PILImage.new("RGB", (width, height), (235, 242, 244))
    draw = ImageDraw.Draw(canvas)
    seed = sum(slug.encode())
    draw.ellipse((900, 60, 1040, 200), fill=(255, 191, 71))
    light = tuple(min(255, c + 90) for c in colour)
    for index, shade in enumerate((light, colour)):
        offset = index * 120 + seed % 60
        draw.polygon(
            [
                (0, 430 + offset // 2),
                (350, 260 + offset),
                (700, 420),
                (1200, 300 + offset // 3),
                (1200, height),
                (0, height),
            ],
            fill=shade,
        )
    draw.line([(600, height), (640, 520), (560, 450), (620, 380)], fill=(250, 250, 250), width=18)
    for col in range(6):
        x = 80 + col * 70
        draw.rectangle((x, 560, x + 40, 620), fill=(255, 255, 255), outline=colour, width=4)
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG")
    return Image.objects.create(
        title=title, file=ImageFile(io.BytesIO(buffer.getvalue()), name=f"pilot-{slug}.png")
    )


BODY_TEXT = {
    "ja": "<h2>取り組みの進め方</h2><p>期間中は参加者の声を毎月聞き取り、測定結果とあわせて"
    "改善を重ねました。結果は、うまくいかなかった点も含めて報告会で市長と共有しました。</p>",
    "en": "<h2>How we worked</h2><p>Every month we asked participants what they thought and "
    "improved the service together with the measured results. We reported the results, "
    "including what did not work, to the mayor at the consortium's sessions.</p>",
}


def _body(
    text: dict, image: Image, gallery: list[Image], language: str
) -> list[tuple[str, object]]:
    blocks: list[tuple[str, object]] = [
        ("text", BODY_TEXT[language]),
        ("image", {"image": image, "alt_text": "", "caption": text["title"]}),
        ("callout", {"tone": "success", "heading": text["callout"][0], "text": text["callout"][1]}),
        ("quote", {"text": text["quote"][0], "attribution": text["quote"][1]}),
    ]
    if gallery:
        blocks.append(
            (
                "gallery",
                {
                    "heading": "",
                    "images": [{"image": img, "alt_text": "", "caption": ""} for img in gallery],
                },
            )
        )
    return blocks


def _ensure_themes(locales: dict[str, Locale]) -> None:
    for slug, ja, en in THEMES:
        theme, _ = PilotTheme.objects.update_or_create(
            slug=slug, locale=locales["ja"], defaults={"name": ja}
        )
        translation = theme.get_translation_or_none(locales["en"])
        if translation is None:
            translation = theme.copy_for_translation(locales["en"])
        translation.name = en
        translation.save()


def _ensure_index(home: HomePage, locales: dict[str, Locale]) -> dict[str, PilotIndexPage]:
    index = PilotIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(
            instance=PilotIndexPage(slug="pilots", locale=locales["ja"], **INDEX["ja"])
        )
        index.save_revision().publish()
    pages = {"ja": index}
    translation = index.get_translation_or_none(locales["en"])
    if translation is None:
        translation = index.copy_for_translation(locales["en"])
        translation = translation.specific
        translation.title = INDEX["en"]["title"]
        translation.intro = INDEX["en"]["intro"]
        translation.save_revision().publish()
    pages["en"] = translation.specific
    return pages


def _set_content(page: PilotPage, spec: dict, language: str, image: Image, gallery) -> None:
    text = spec[language]
    page.title = text["title"]
    page.summary = text["summary"]
    page.funding_source = text["funding_source"]
    page.lessons_learned = text["lessons"]
    page.next_steps = text["next"]
    page.body = _body(text, image, gallery, language)


def _create_pilot(
    spec: dict, indexes: dict[str, PilotIndexPage], locales: dict[str, Locale], images
) -> PilotPage:
    image, gallery = images
    orgs = {org.slug: org for org in Organization.objects.all()}
    page = PilotPage(
        slug=spec["slug"],
        locale=locales["ja"],
        status=spec["status"],
        start_date=spec["start"],
        end_date=spec["end"],
        funding_amount=spec["funding_amount"],
        image=image,
    )
    _set_content(page, spec, "ja", image, gallery)
    page.themes = list(PilotTheme.objects.filter(locale=locales["ja"], slug__in=spec["themes"]))
    page.partners = [
        PilotPartner(organization=orgs.get(org_slug), name=name, role=role["ja"])
        for org_slug, name, role in spec["partners"]
    ]
    page.indicators = [
        Indicator(
            key=ind["key"],
            name=ind["ja"][0],
            unit=ind["ja"][1],
            direction=ind["direction"],
            baseline=Decimal(ind["baseline"]),
            target=Decimal(ind["target"]),
            target_date=ind["target_date"],
        )
        for ind in spec["indicators"]
    ]
    indexes["ja"].add_child(instance=page)
    page.save_revision().publish()

    translation = page.copy_for_translation(locales["en"]).specific
    _set_content(translation, spec, "en", image, gallery)
    translation.themes = list(
        PilotTheme.objects.filter(locale=locales["en"], slug__in=spec["themes"])
    )
    roles_en = [role["en"] for _slug, _name, role in spec["partners"]]
    for partner, role in zip(translation.partners.order_by("sort_order"), roles_en, strict=False):
        partner.role = role
        partner.save()
    by_key = {ind["key"]: ind for ind in spec["indicators"]}
    for indicator in translation.indicators.all():
        indicator.name, indicator.unit = by_key[indicator.key]["en"]
        indicator.save()
    translation.save_revision().publish()
    return page


def _ensure_reviewer(password: str) -> User:
    email, name, reading, title = REVIEWER
    user = members_demo.ensure_person(email, name, reading, password)
    Membership.objects.update_or_create(
        user=user,
        organization=Organization.objects.get(slug="city-dx-office"),
        defaults={"role": Membership.Role.MEMBER, "title": title, "is_listed": True},
    )
    return user


@transaction.atomic
def seed(progress: Callable[[str], None], password: str = "midorino-demo-2026") -> None:  # noqa: S107
    locales = ensure_locales()
    home = HomePage.objects.filter(locale=locales["ja"]).first()
    if home is None:
        raise RuntimeError("Run the pages step first: there is no Japanese home page.")
    _ensure_themes(locales)
    indexes = _ensure_index(home, locales)

    created = 0
    for spec in PILOTS:
        image = _demo_image(spec["slug"], spec["colour"], f"Demo pilot: {spec['slug']}")
        gallery = []
        if spec["slug"] == "goods-sharing":
            gallery = [
                _demo_image(f"{spec['slug']}-{n}", colour, f"Demo pilot: {spec['slug']} {n}")
                for n, colour in enumerate([(120, 60, 140), (30, 107, 52), (164, 22, 26)], 1)
            ]
        page = PilotPage.objects.child_of(indexes["ja"]).filter(slug=spec["slug"]).first()
        if page is None:
            page = _create_pilot(spec, indexes, locales, (image, gallery))
            created += 1
        indicators = {ind.key: ind for ind in page.indicators.all()}
        for ind in spec["indicators"]:
            indicator = indicators.get(ind["key"])
            if indicator is None:
                continue
            for day, value in ind["series"]:
                Measurement.objects.get_or_create(
                    indicator=indicator, date=day, defaults={"value": value}
                )
        sync_pilot_editors(page)
    progress(f"{len(PILOTS)} pilots ({created} new) in ja and en")

    for language, target_label in (
        ("ja", "2027年度までに計画しているデジタル施策"),
        ("en", "Digital projects planned up to fiscal 2027"),
    ):
        page = HomePage.objects.filter(locale=locales[language]).first()
        if page is not None and not page.target_total:
            page.target_label = target_label
            page.target_total = 10
            page.target_counts = TargetCounts.COMPLETED_OR_ADOPTED
            page.save_revision().publish()

    reviewer = _ensure_reviewer(password)
    ensure_review_workflow(indexes.values())
    reviewer.groups.add(Group.objects.get(name=REVIEWERS))
    progress(f"review workflow (reviewer: {reviewer.email})")
