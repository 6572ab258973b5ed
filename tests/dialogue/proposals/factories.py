from __future__ import annotations

import factory

from django.utils import timezone

from dialogue.models import Comment, Proposal, ProposalStatus, Support, Theme
from tests.members.factories import UserFactory


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"theme-{n}")
    name = factory.Sequence(lambda n: f"テーマ{n}")
    name_en = factory.Sequence(lambda n: f"Theme {n}")


class ProposalFactory(factory.django.DjangoModelFactory):
    """A published proposal unless told otherwise (status=ProposalStatus.DRAFT, …)."""

    class Meta:
        model = Proposal
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"駅前に屋根付きの駐輪場を {n}")
    summary = "雨の日でも自転車で通勤・通学できるように。"
    body = "駅前の駐輪場に屋根がなく、雨の日は自転車が濡れてしまいます。"
    html = factory.LazyAttribute(lambda o: f'<p dir="auto">{o.body}</p>')
    author = factory.SubFactory(UserFactory)
    status = ProposalStatus.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def themes(self, create, extracted, **kwargs):
        if create and extracted:
            self.themes.set(extracted)


class SupportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Support

    proposal = factory.SubFactory(ProposalFactory)
    user = factory.SubFactory(UserFactory)


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    proposal = factory.SubFactory(ProposalFactory)
    author = factory.SubFactory(UserFactory)
    body = factory.Sequence(lambda n: f"賛成です {n}")
    html = factory.LazyAttribute(lambda o: f'<p dir="auto">{o.body}</p>')
