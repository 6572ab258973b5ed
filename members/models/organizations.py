"""Member organisations and the memberships that tie people to them, with their roles."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class OrganizationKind(models.TextChoices):
    CITY_OFFICE = "city", _("City office")
    CHAMBER = "chamber", _("Chamber of commerce")
    COOP = "coop", _("Agricultural co-op")
    TOURISM = "tourism", _("Tourism association")
    ENTREPRENEURS = "entrepreneurs", _("Entrepreneurs' network")
    COMPANY = "company", _("Company")
    RESIDENTS = "residents", _("Residents' group")
    OTHER = "other", _("Other")


class Organization(models.Model):
    """A member organisation. Its editable public texts live on its Wagtail page."""

    # The official name is Japanese; the English name is how it introduces itself abroad.
    name = models.CharField(_("name"), max_length=120, unique=True)
    name_en = models.CharField(_("name in English"), max_length=120, blank=True)
    name_reading = models.CharField(
        _("reading of the name"),
        max_length=160,
        blank=True,
        help_text=_("Furigana for the name, in hiragana, e.g. かんこうきょうかい"),
    )
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OrganizationKind.choices)
    description = models.TextField(_("description"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="organizations/", blank=True)
    website = models.URLField(_("website"), blank=True)
    member_since = models.DateField(_("member since"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="organizations"
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def localized_name(self, language: str | None = None) -> str:
        language = language or get_language() or "ja"
        return self.name_en if language.startswith("en") and self.name_en else self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        REPRESENTATIVE = "representative", _("Representative")
        EDITOR = "editor", _("Editor")
        MEMBER = "member", _("Member")

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        ACTIVE = "active", _("Active")
        LEFT = "left", _("Left")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    title = models.CharField(_("job title"), max_length=80, blank=True)
    # None: what the role says (SPEAKING_ROLES); True or False: the representatives' choice.
    speaks_for_organization = models.BooleanField(
        _("may speak on the organisation's behalf"),
        null=True,
        blank=True,
        default=None,
        help_text=_("Empty: representatives and editors may, members may not."),
    )
    is_listed = models.BooleanField(_("listed on the organisation's page"), default=False)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)
    left_at = models.DateTimeField(_("left"), null=True, blank=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"], name="members_membership_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization} ({self.get_role_display()})"

    # Representatives always speak for their organisation; editors unless told otherwise.
    SPEAKING_ROLES = frozenset({Role.REPRESENTATIVE, Role.EDITOR})

    @property
    def may_speak(self) -> bool:
        if self.role == self.Role.REPRESENTATIVE:
            return True
        if self.speaks_for_organization is None:
            return self.role in self.SPEAKING_ROLES
        return self.speaks_for_organization

    @classmethod
    def speaking_q(cls) -> models.Q:
        """The query form of `may_speak`, for Membership querysets."""
        return (
            models.Q(role=cls.Role.REPRESENTATIVE)
            | models.Q(speaks_for_organization=True)
            | models.Q(speaks_for_organization__isnull=True, role__in=cls.SPEAKING_ROLES)
        )
