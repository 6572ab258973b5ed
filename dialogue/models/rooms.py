"""Dialogue sessions, the live rooms they happen in, and what people say there."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.search import index

from japanese.search import SEARCH_TERMS_FIELD, JapaneseSearchable
from members.models import Organization

from ..moderation import Moderated
from .authorship import author_field, on_behalf_of_field

# Joining a scheduled session's room this long before it starts counts as attending.
ATTENDANCE_EARLY = dt.timedelta(minutes=30)


class Visibility(models.TextChoices):
    PUBLIC = "public", _("Public: anyone may read, signed-in people may post")
    MEMBERS = "members", _("Members: consortium members and city staff")
    PRIVATE = "private", _("Private: invited participants only")


class DialogueSession(JapaneseSearchable, index.Indexed, models.Model):
    """A scheduled dialogue (a working-group report, a town meeting) with its own room."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        LIVE = "live", _("Live")
        CLOSED = "closed", _("Closed")

    title = models.CharField(_("title"), max_length=200)
    theme = models.CharField(_("theme"), max_length=200, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    organiser = models.ForeignKey(
        Organization,
        verbose_name=_("organiser"),
        on_delete=models.PROTECT,
        related_name="organised_sessions",
    )
    organisations = models.ManyToManyField(
        Organization,
        verbose_name=_("participating organisations"),
        related_name="dialogue_sessions",
        blank=True,
    )
    invited = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited people"),
        related_name="invited_sessions",
        blank=True,
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED
    )
    related_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("related pilot or proposal page"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_training = models.BooleanField(
        _("training"),
        default=False,
        help_text=_("Attending it counts as a completed training in people's records."),
    )

    # Every session is indexed; who may find it is decided when searching (cms.search).
    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("theme", boost=2),
        index.SearchField("agenda"),
        SEARCH_TERMS_FIELD,
        index.FilterField("id"),
        index.FilterField("visibility"),
    ]

    class Meta:
        verbose_name = _("dialogue session")
        verbose_name_plural = _("dialogue sessions")
        ordering = ["-starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gte=models.F("starts_at")),
                name="dialogue_session_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        # The room's stored copy follows (listings and the admin show it); access reads the
        # session itself (Room.effective_visibility), so a stale copy could never leak.
        Room.objects.filter(session=self).update(
            visibility=self.visibility, read_only=self.status == self.Status.CLOSED
        )

    def get_absolute_url(self) -> str:
        return reverse("dialogue:session", args=[self.pk])

    def takes_attendance(self, now=None) -> bool:
        """Joining the room counts as attending: while live, or from shortly before a
        scheduled start until its end. Reading a closed session's transcript does not."""
        if self.status == self.Status.LIVE:
            return True
        if self.status == self.Status.CLOSED:
            return False
        now = now or timezone.now()
        return self.starts_at - ATTENDANCE_EARLY <= now <= self.ends_at


class Room(models.Model):
    """Where messages are exchanged. Standing rooms have no session."""

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    title = models.CharField(_("title"), max_length=200)
    visibility = models.CharField(
        _("visibility"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
        help_text=_("A session's room always has its session's visibility."),
    )
    read_only = models.BooleanField(
        _("read-only"),
        default=False,
        help_text=_("Nobody can post. A session's room is read-only exactly when it is closed."),
    )
    session = models.OneToOneField(
        DialogueSession,
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="room",
    )

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        session = self.session if self.session_id else None
        if session is not None:
            self.visibility = session.visibility
            self.read_only = session.status == DialogueSession.Status.CLOSED
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("dialogue:room", args=[self.slug])

    @property
    def ws_path(self) -> str:
        return f"/ws/rooms/{self.slug}/"

    @property
    def effective_visibility(self) -> str:
        """A session's room is exactly as visible as its session; a standing room has its own."""
        session = self.session if self.session_id else None
        return session.visibility if session is not None else self.visibility

    @property
    def is_read_only(self) -> bool:
        """A session's room is read-only when the session is closed; a standing room has a flag."""
        session = self.session if self.session_id else None
        if session is not None:
            return session.status == DialogueSession.Status.CLOSED
        return self.read_only

    def summary(self) -> dict:
        return {
            "slug": self.slug,
            "title": self.title,
            "visibility": self.effective_visibility,
            "read_only": self.is_read_only,
        }


class Message(Moderated, models.Model):
    # Registered as a snippet for moderation, but indexing its references would add five
    # queries to every send; nothing needs "where is this message used".
    wagtail_reference_index_ignore = True

    room = models.ForeignKey(
        Room, verbose_name=_("room"), on_delete=models.CASCADE, related_name="messages"
    )
    author = author_field("dialogue_messages")
    as_org = on_behalf_of_field()
    # Chosen by the client so that a resend after a lost connection is recognised.
    client_id = models.CharField(_("client id"), max_length=64)
    body = models.TextField(_("text"))
    # Rendered once when written: the sanitised HTML every reader gets.
    html = models.TextField(_("rendered text"), blank=True, editable=False)
    # The same with furigana over kanji (dialogue/reading.py); empty when it would not differ.
    ruby = models.TextField(_("rendered text with readings"), blank=True, editable=False)
    reply_to = models.ForeignKey(
        "self",
        verbose_name=_("reply to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replies",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True)
    deleted = models.BooleanField(_("deleted"), default=False)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "client_id"], name="dialogue_message_client_id_unique"
            )
        ]
        indexes = [models.Index(fields=["room", "id"], name="dialogue_msg_room_id")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.body[:40]}"


class Reaction(models.Model):
    wagtail_reference_index_ignore = True

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reactions")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    emoji = models.CharField(_("emoji"), max_length=16)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        constraints = [
            models.UniqueConstraint(
                fields=["message", "user", "emoji"], name="dialogue_reaction_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.emoji} #{self.message_id}"


class Acknowledgement(models.Model):
    """Leadership saying "I have read this and it counts": shown as official.

    One model for everything leadership acknowledges: a room message or a proposal
    (exactly one of the two is set).
    """

    wagtail_reference_index_ignore = True

    message = models.ForeignKey(
        Message,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="acknowledgements",
    )
    proposal = models.ForeignKey(
        "dialogue.Proposal",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="acknowledgements",
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    # The title at the time ("市長"), so the record stays true after a change of office.
    title = models.CharField(_("title"), max_length=80, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")
        constraints = [
            models.UniqueConstraint(fields=["message", "user"], name="dialogue_ack_unique"),
            models.UniqueConstraint(
                fields=["proposal", "user"], name="dialogue_ack_proposal_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(message__isnull=False, proposal__isnull=True)
                | models.Q(message__isnull=True, proposal__isnull=False),
                name="dialogue_ack_one_target",
            ),
        ]

    def __str__(self) -> str:
        if self.proposal_id:
            return f"{self.user} ✓ proposal {self.proposal_id}"
        return f"{self.user} ✓ #{self.message_id}"
