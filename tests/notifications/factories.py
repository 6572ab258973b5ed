from __future__ import annotations

import uuid

import factory

from notifications.models import Notification
from tests.members.factories import UserFactory


class NotificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = "mention"
    url = "/dialogue/rooms/open-forum/"
    title = "公開ルーム"
    batch = factory.LazyFunction(lambda: uuid.uuid4().hex)
