from __future__ import annotations

import datetime as dt
from decimal import Decimal

import factory

from wagtail.models import Locale

from cms.models import Indicator, Measurement, PilotPage, PilotPartner, PilotTheme


class PilotThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PilotTheme

    name = factory.Sequence(lambda n: f"テーマ{n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")
    locale = factory.LazyFunction(lambda: Locale.objects.get(language_code="ja"))


class PilotPageFactory(factory.Factory):
    """Wagtail pages are created under a parent and published, not saved directly."""

    class Meta:
        model = PilotPage

    title = factory.Sequence(lambda n: f"実証実験 {n}")
    slug = factory.Sequence(lambda n: f"pilot-{n}")
    summary = "市民と一緒に試した取り組みです。"
    status = "running"
    start_date = dt.date(2025, 4, 1)

    @classmethod
    def _create(cls, model_class, parent=None, publish=True, **kwargs):
        themes = kwargs.pop("themes", [])
        partners = kwargs.pop("partners", [])
        page = model_class(**kwargs)
        page.themes = themes
        page.partners = [PilotPartner(**p) for p in partners]
        page.live = publish
        parent.add_child(instance=page)
        if publish:
            page.save_revision().publish()
        return page


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    key = factory.Sequence(lambda n: f"kpi-{n}")
    name = factory.Sequence(lambda n: f"指標{n}")
    unit = "件"
    direction = "higher"
    baseline = Decimal(0)
    target = Decimal(100)
    target_date = dt.date(2026, 3, 31)


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement

    indicator = factory.SubFactory(IndicatorFactory)
    date = factory.Sequence(lambda n: dt.date(2025, 1, 1) + dt.timedelta(days=n))
    value = Decimal(10)
