"""Staff schedule sessions, open rooms, moderate messages and record decisions and actions
in the Wagtail admin."""

from __future__ import annotations

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.widgets import ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import outcome_admin
from .models import Comment, DialogueSession, Message, Proposal, Report, Room, Theme
from .serializers import with_related
from .services import broadcast_update


class DialogueSessionViewSet(SnippetViewSet):
    model = DialogueSession
    icon = "date"
    list_display = ["title", "starts_at", "status", "visibility", "organiser"]
    list_filter = ["status", "visibility", "is_training"]
    search_fields = ["title", "theme", "agenda"]
    ordering = ["-starts_at"]


class RoomViewSet(SnippetViewSet):
    model = Room
    icon = "group"
    list_display = ["title", "slug", "visibility", "read_only", "session"]
    list_filter = ["visibility", "read_only"]
    search_fields = ["title", "slug"]


class NoAddPermissionPolicy(ModelPermissionPolicy):
    """Messages are written in rooms (services.post_message), never created in the admin."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


class ModerationForm(WagtailAdminModelForm):
    """Hiding or showing a message again is done with a reason, kept with the message."""

    def clean(self):
        cleaned = super().clean()
        hidden = cleaned.get("hidden")
        changed = self.instance.pk and hidden != self.initial.get("hidden")
        if changed and not (cleaned.get("hidden_reason") or "").strip():
            self.add_error(
                "hidden_reason",
                forms.ValidationError(_("Give a reason for hiding or showing this message.")),
            )
        return cleaned


class MessageViewSet(SnippetViewSet):
    model = Message
    icon = "comment"
    list_display = ["__str__", "room", "author", "created_at", "hidden", "deleted"]
    list_filter = ["room", "hidden", "deleted"]
    search_fields = ["body"]
    ordering = ["-id"]
    edit_handler = ObjectList(
        [FieldPanel("hidden"), FieldPanel("hidden_reason")], base_form_class=ModerationForm
    )
    inspect_view_enabled = True

    def get_queryset(self, request):
        # The room and author columns, and the session for "Record as decision or action".
        return Message.objects.select_related("room", "author")

    @property
    def permission_policy(self):
        return NoAddPermissionPolicy(self.model)


class ProposalViewSet(SnippetViewSet):
    """Proposals are written on the site; here staff link sessions and themes. Status
    changes go through the moderation queue (services.change_status), not this form."""

    model = Proposal
    icon = "doc-full"
    list_display = ["title", "status", "author", "support_count", "comment_count", "hidden"]
    list_filter = ["status", "hidden", "themes"]
    search_fields = ["title", "summary"]
    ordering = ["-pk"]
    panels = [FieldPanel("themes"), FieldPanel("sessions"), FieldPanel("place")]
    inspect_view_enabled = True

    @property
    def permission_policy(self):
        return NoAddPermissionPolicy(self.model)


class CommentViewSet(SnippetViewSet):
    model = Comment
    icon = "comment"
    list_display = ["__str__", "proposal", "author", "created_at", "hidden"]
    list_filter = ["hidden"]
    search_fields = ["body"]
    ordering = ["-pk"]
    panels = [FieldPanel("hidden"), FieldPanel("hidden_reason")]
    inspect_view_enabled = True

    @property
    def permission_policy(self):
        return NoAddPermissionPolicy(self.model)


class ReportViewSet(SnippetViewSet):
    model = Report
    icon = "warning"
    list_display = ["__str__", "reporter", "created_at", "resolved_at"]
    ordering = ["-pk"]
    panels = [FieldPanel("resolved_at")]
    inspect_view_enabled = True

    @property
    def permission_policy(self):
        return NoAddPermissionPolicy(self.model)


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    list_display = ["name", "name_en", "slug"]
    panels = [FieldPanel("name"), FieldPanel("name_en"), FieldPanel("slug")]


class DialogueViewSetGroup(SnippetViewSetGroup):
    items = (
        DialogueSessionViewSet,
        RoomViewSet,
        MessageViewSet,
        ProposalViewSet,
        CommentViewSet,
        ReportViewSet,
        ThemeViewSet,
    )
    menu_icon = "comment"
    menu_label = _("Dialogue")
    menu_name = "dialogue"


register_snippet(DialogueViewSetGroup)


@hooks.register("after_edit_snippet")
def tell_the_room(request, instance) -> None:
    """A message hidden or shown again in the admin changes in open rooms at once."""
    if isinstance(instance, Message):
        if instance.hidden_by_id != request.user.pk:
            instance.hidden_by = request.user
            instance.save(update_fields=["hidden_by"])
        broadcast_update(with_related(Message.objects.filter(pk=instance.pk)).get())


@hooks.register("after_edit_snippet")
def comment_hidden_in_admin(request, instance) -> None:
    """Hiding a comment in the admin records who did it and keeps the counts true."""
    if isinstance(instance, Comment):
        from .proposals.services import recount  # noqa: PLC0415

        if instance.hidden and instance.hidden_by_id is None:
            instance.hidden_by = request.user
            instance.save(update_fields=["hidden_by"])
        recount(instance.proposal_id)


@hooks.register("register_admin_urls")
def register_outcome_urls():
    return outcome_admin.urls()


@hooks.register("register_snippet_listing_buttons")
def outcome_buttons(snippet, user, next_url=None):
    """Staff record decisions and actions from a session's messages, and list them."""
    if not user.has_perm(outcome_admin.PERMISSION):
        return
    if isinstance(snippet, DialogueSession):
        yield ListingButton(
            _("Decisions and actions"),
            reverse("dialogue_admin_outcomes", args=[snippet.pk]),
            priority=50,
        )
    elif (
        isinstance(snippet, Message)
        and snippet.room.session_id
        and not (snippet.hidden or snippet.deleted)
    ):
        yield ListingButton(
            _("Record as decision or action"),
            reverse("dialogue_admin_outcome_new", args=[snippet.room.session_id])
            + f"?message={snippet.pk}",
            priority=50,
        )
