"""Proposals, the people who support them and what became of them (comments.py: what is said
about them)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.text import slugify
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from wagtail.search import index

from japanese.readability import PlainVersion
from japanese.search import SEARCH_TERMS_FIELD, JapaneseSearchable

from ..moderation import Moderated
from ..proposal_links import proposal_url
from .authorship import author_field, on_behalf_of_field, submitted_once

TITLE_MAX = 120
SUMMARY_MAX = 400
BODY_MAX = 10_000
REASON_MAX = 1_000
PLACE_MAX = 120


class Theme(models.Model):
    """What a proposal is about (mobility, agriculture, tourism…). Named like organisations:
    the official Japanese name and an English one, one row shared by every language."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    name_en = models.CharField(_("name in English"), max_length=60, blank=True)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("proposal theme")
        verbose_name_plural = _("proposal themes")
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name

    def localized_name(self, language: str | None = None) -> str:
        language = language or get_language() or "ja"
        return self.name_en if language.startswith("en") and self.name_en else self.name


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Waiting for moderation")
    REJECTED = "rejected", _("Not published")
    PUBLISHED = "published", _("Published")
    UNDER_DISCUSSION = "under_discussion", _("Under discussion")
    ADOPTED = "adopted", _("Adopted")
    IMPLEMENTED = "implemented", _("Implemented")
    NOT_ADOPTED = "not_adopted", _("Not adopted")


PUBLIC_STATUSES = (
    ProposalStatus.PUBLISHED,
    ProposalStatus.UNDER_DISCUSSION,
    ProposalStatus.ADOPTED,
    ProposalStatus.IMPLEMENTED,
    ProposalStatus.NOT_ADOPTED,
)
# Still open for supports and comments.
OPEN_STATUSES = (ProposalStatus.PUBLISHED, ProposalStatus.UNDER_DISCUSSION)


class ProposalQuerySet(models.QuerySet):
    def public(self) -> ProposalQuerySet:
        """What anyone may see: published or later, and not hidden by a moderator."""
        return self.filter(status__in=PUBLIC_STATUSES, hidden=False)


class Proposal(JapaneseSearchable, index.Indexed, Moderated, models.Model):
    """An idea for the city, written by a person, perhaps on behalf of their organisation."""

    title = models.CharField(_("title"), max_length=TITLE_MAX)
    slug = models.SlugField(_("slug"), max_length=80, allow_unicode=True, blank=True)
    summary = models.TextField(_("summary"), max_length=SUMMARY_MAX)
    body = models.TextField(_("proposal"), max_length=BODY_MAX)
    # Rendered once when written (dialogue.text.render): the sanitised HTML readers get.
    html = models.TextField(_("rendered proposal"), blank=True, editable=False)
    # やさしい日本語: an optional plain-Japanese version readers may choose (cms.reading).
    plain_title = models.CharField(_("title in plain Japanese"), max_length=TITLE_MAX, blank=True)
    plain_body = models.TextField(_("proposal in plain Japanese"), max_length=BODY_MAX, blank=True)
    plain_html = models.TextField(
        _("rendered proposal in plain Japanese"), blank=True, editable=False
    )
    themes = models.ManyToManyField(Theme, verbose_name=_("themes"), blank=True)
    place = models.CharField(_("place"), max_length=PLACE_MAX, blank=True)
    author = author_field("proposals", on_delete=models.PROTECT)
    as_org = on_behalf_of_field("proposals")
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ProposalStatus.choices,
        default=ProposalStatus.DRAFT,
        db_index=True,
    )
    status_reason = models.TextField(_("reason given for the status"), blank=True)
    sessions = models.ManyToManyField(
        "dialogue.DialogueSession",
        verbose_name=_("sessions that discussed it"),
        related_name="proposals",
        blank=True,
    )
    # Pilots are cms pages, above this app: a plain page link keeps imports pointing down.
    pilot = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("pilot it became"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source_message = models.ForeignKey(
        "dialogue.Message",
        verbose_name=_("raised from room message"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="raised_proposals",
    )
    # Chosen by the form when it is first shown: a double submission is recognised.
    submission_key = models.CharField(max_length=64, blank=True, editable=False)
    # Kept by the services so that lists sort and count without aggregating.
    support_count = models.PositiveIntegerField(_("supports"), default=0, editable=False)
    comment_count = models.PositiveIntegerField(_("comments"), default=0, editable=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    published_at = models.DateTimeField(
        pgettext_lazy("date and time", "published"), null=True, blank=True, db_index=True
    )

    objects = ProposalQuerySet.as_manager()

    search_fields = [
        index.SearchField("title", boost=3),
        index.SearchField("summary", boost=2),
        index.SearchField("body"),
        SEARCH_TERMS_FIELD,  # Japanese: see japanese/search.py
        index.AutocompleteField("title"),
        index.FilterField("status"),
        index.FilterField("hidden"),
        index.FilterField("published_at"),
    ]

    class Meta:
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        ordering = ["-published_at", "-pk"]
        constraints = [submitted_once("proposal")]
        indexes = [
            models.Index(fields=["status", "hidden", "-published_at"], name="dialogue_prop_list"),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs) -> None:
        # The slug follows the title until publication, then stays: links keep working.
        if not self.slug or self.status in (ProposalStatus.DRAFT, ProposalStatus.SUBMITTED):
            self.slug = slugify(self.title, allow_unicode=True)[:80].strip("-") or "proposal"
        super().save(*args, **kwargs)

    def get_absolute_url(self, language: str | None = None) -> str:
        return proposal_url(self, language)

    @classmethod
    def get_indexed_objects(cls):
        """Only what the public may find is in the search index (see signals.py)."""
        return cls.objects.public()

    def plain_version(self):
        """The plain-Japanese version readers may choose, or None (see cms.reading.plain)."""
        if not self.plain_body.strip():
            return None
        return PlainVersion(
            title=self.plain_title.strip() or self.title,
            summary="",
            body=SafeString(self.plain_html),
        )

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES and not self.hidden

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES and not self.hidden

    @property
    def is_editable(self) -> bool:
        return self.status in (ProposalStatus.DRAFT, ProposalStatus.REJECTED)


class Support(models.Model):
    """One person standing behind a proposal. Withdrawing deletes the row."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="proposal_supports"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="dialogue_support_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} + {self.proposal_id}"


class ProposalStatusChange(models.Model):
    """The public history of a proposal: who moved it from what to what, when and why."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="status_changes")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=ProposalStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=20, choices=ProposalStatus.choices)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.proposal_id}: {self.from_status} → {self.to_status}"

    @property
    def is_public(self) -> bool:
        """Moderation steps before publication are between the author and the moderators."""
        return self.to_status in PUBLIC_STATUSES
