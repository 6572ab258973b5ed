from __future__ import annotations

import factory

from listening.models import OpinionMap


class OpinionMapFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OpinionMap

    title = factory.Sequence(lambda n: f"意見マップ {n}")
    source_kind = "csv"
    published = True
