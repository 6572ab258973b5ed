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

DATA = members_demo.load_data(__file__)
THEMES = DATA["themes"]  # [slug, ja, en]
INDEX = DATA["index"]
BODY_TEXT = DATA["body_text"]
REVIEWER = tuple(DATA["reviewer"])  # e-mail, name, reading, title


def _monthly(start: dt.date, values: list[float]) -> list[tuple[dt.date, Decimal]]:
    series = []
    year, month = start.year, start.month
    for value in values:
        series.append((dt.date(year, month, 1), Decimal(str(value))))
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return series


def _spec(raw: dict) -> dict:
    """A pilot as the seed uses it: dates, a colour tuple and measured series."""
    indicators = [
        {
            **ind,
            "target_date": dt.date.fromisoformat(ind["target_date"]),
            "series": _monthly(
                dt.date.fromisoformat(ind["series"]["monthly_from"]), ind["series"]["values"]
            ),
        }
        for ind in raw["indicators"]
    ]
    return {
        **raw,
        "colour": tuple(raw["colour"]),
        "start": dt.date.fromisoformat(raw["start"]),
        "end": dt.date.fromisoformat(raw["end"]) if raw["end"] else None,
        "indicators": indicators,
    }


PILOTS = [_spec(raw) for raw in DATA["pilots"]]


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
    plain = text.get("plain", {})
    page.plain_title = plain.get("title", "")
    page.plain_summary = plain.get("summary", "")
    page.plain_body = plain.get("body", "")


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
