"""Staff schedule sessions, open rooms and moderate messages in the Wagtail admin."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import DialogueSession, Message, Room


class DialogueSessionViewSet(SnippetViewSet):
    model = DialogueSession
    icon = "date"
    list_display = ["title", "starts_at", "status", "visibility", "organiser"]
    list_filter = ["status", "visibility"]
    search_fields = ["title", "theme", "agenda"]
    ordering = ["-starts_at"]


class RoomViewSet(SnippetViewSet):
    model = Room
    icon = "group"
    list_display = ["title", "slug", "visibility", "read_only", "session"]
    list_filter = ["visibility", "read_only"]
    search_fields = ["title", "slug"]


class MessageViewSet(SnippetViewSet):
    model = Message
    icon = "comment"
    list_display = ["__str__", "room", "author", "created_at", "hidden", "deleted"]
    list_filter = ["room", "hidden", "deleted"]
    search_fields = ["body"]
    ordering = ["-id"]
    form_fields = ["hidden", "hidden_reason"]
    inspect_view_enabled = True


class DialogueViewSetGroup(SnippetViewSetGroup):
    items = (DialogueSessionViewSet, RoomViewSet, MessageViewSet)
    menu_icon = "comment"
    menu_label = _("Dialogue")
    menu_name = "dialogue"


register_snippet(DialogueViewSetGroup)
