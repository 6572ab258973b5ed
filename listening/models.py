"""Opinion maps, the opinions on them and their groups at two levels."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from dialogue.models import DialogueSession, Room


class OpinionMap(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be computed")
        RUNNING = "running", _("Computing")
        READY = "ready", _("Ready")
        TOO_SMALL = "too_small", _("Too small to group")
        FAILED = "failed", _("Failed")

    title = models.CharField(_("title"), max_length=200)
    question = models.CharField(
        _("question"), max_length=300, blank=True, help_text=_("What people were asked.")
    )
    # A key of listening.sources.REGISTRY ("room", "session", "proposals", "csv").
    source_kind = models.CharField(_("source"), max_length=20)
    room = models.ForeignKey(
        Room, verbose_name=_("room"), null=True, blank=True, on_delete=models.CASCADE
    )
    session = models.ForeignKey(
        DialogueSession,
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
    )
    published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Readable by everyone who may read its source (staff always can)."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    progress_step = models.CharField(_("step"), max_length=40, blank=True)
    error = models.TextField(_("error"), blank=True)
    computed_at = models.DateTimeField(_("computed"), null=True, blank=True)
    # What the last good computation found: comments read, opinions grouped, set aside.
    comment_count = models.PositiveIntegerField(default=0)
    opinion_count = models.PositiveIntegerField(default=0)
    short_count = models.PositiveIntegerField(default=0)
    method = models.CharField(max_length=20, blank=True)
    timings = models.JSONField(default=dict, blank=True)
    attribute_names = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("opinion map")
        verbose_name_plural = _("opinion maps")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("listening:map", args=[self.pk])

    @property
    def has_result(self) -> bool:
        return self.computed_at is not None

    @property
    def is_busy(self) -> bool:
        return self.status in {self.Status.PENDING, self.Status.RUNNING}

    @property
    def private_room(self) -> Room | None:
        """The room whose readers decide who may read this map, if any."""
        if self.room_id:
            return self.room
        if self.session_id:
            return getattr(self.session, "room", None)
        return None


class UploadedComment(models.Model):
    """A row of an uploaded CSV, kept so the map can be recomputed."""

    map = models.ForeignKey(OpinionMap, on_delete=models.CASCADE, related_name="uploaded")
    row = models.PositiveIntegerField(_("row"))
    comment_id = models.CharField(_("id"), max_length=100, blank=True)
    text = models.TextField(_("text"))
    attributes = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["row"]

    def __str__(self) -> str:
        return f"{self.row}: {self.text[:40]}"


class Group(models.Model):
    map = models.ForeignKey(OpinionMap, on_delete=models.CASCADE, related_name="groups")
    level = models.PositiveSmallIntegerField(_("level"))  # 1 broad, 2 fine
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    position = models.PositiveIntegerField()  # order on the map: largest first
    label = models.CharField(_("label"), max_length=200)  # computed from characteristic words
    name = models.CharField(
        _("name"), max_length=200, blank=True, help_text=_("Replaces the computed label.")
    )
    takeaway = models.TextField(_("takeaway"), blank=True)
    words = models.JSONField(default=list)
    quotes = models.JSONField(default=list)  # positions of its most central opinions
    size = models.PositiveIntegerField(default=0)
    density = models.FloatField(default=0)
    density_rank = models.PositiveIntegerField(default=0)
    density_rank_percentile = models.FloatField(default=0)
    x = models.FloatField(default=0)
    y = models.FloatField(default=0)

    class Meta:
        verbose_name = _("group")
        verbose_name_plural = _("groups")
        ordering = ["level", "position"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.name or self.label

    @property
    def kouchou_id(self) -> str:
        return f"{self.level}_{self.position}"


class Opinion(models.Model):
    map = models.ForeignKey(OpinionMap, on_delete=models.CASCADE, related_name="opinions")
    broad = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="broad_opinions")
    fine = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="opinions")
    position = models.PositiveIntegerField()
    text = models.TextField(_("opinion"))
    # Where it came from: "message:12", "csv:3"; its comment's id as exported; a link.
    source_key = models.CharField(max_length=60)
    sentence = models.PositiveSmallIntegerField(default=0)
    comment_id = models.CharField(max_length=100)
    source_url = models.CharField(max_length=500, blank=True)
    source_label = models.CharField(max_length=200, blank=True)
    attributes = models.JSONField(default=dict, blank=True)
    x = models.FloatField()
    y = models.FloatField()
    centrality = models.FloatField(default=0)

    class Meta:
        ordering = ["position"]
        indexes = [models.Index(fields=["map", "position"], name="listening_opinion_pos")]

    def __str__(self) -> str:
        return self.text[:60]

    @property
    def arg_id(self) -> str:
        return f"A{self.comment_id}_{self.sentence}"
