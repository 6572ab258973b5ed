from __future__ import annotations

import datetime as dt

import factory

from django.utils import timezone

from dialogue.models import DialogueSession, Message, Room, Visibility
from tests.members.factories import OrganizationFactory, UserFactory


class DialogueSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DialogueSession
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"対話セッション {n}")
    agenda = "1. 開会\n2. 報告\n3. 意見交換"
    starts_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=3))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + dt.timedelta(hours=2))
    organiser = factory.SubFactory(OrganizationFactory)
    visibility = Visibility.PUBLIC


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    slug = factory.Sequence(lambda n: f"room-{n}")
    title = factory.Sequence(lambda n: f"ルーム {n}")
    visibility = Visibility.PUBLIC


class MessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Message

    room = factory.SubFactory(RoomFactory)
    author = factory.SubFactory(UserFactory)
    client_id = factory.Sequence(lambda n: f"client-{n}")
    body = factory.Sequence(lambda n: f"発言 {n}")
    html = factory.LazyAttribute(lambda o: f'<p dir="auto">{o.body}</p>')
