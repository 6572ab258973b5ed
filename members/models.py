"""People. E-mail is the login; there are no usernames."""

from __future__ import annotations

import datetime as dt
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

INVITATION_LIFETIME = dt.timedelta(days=7)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)

    def get_by_natural_key(self, email: str) -> User:
        return self.get(email__iexact=email)


class User(AbstractUser):
    username = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=80, blank=True)
    name_reading = models.CharField(
        _("reading of the name"),
        max_length=80,
        blank=True,
        help_text=_("Furigana, e.g. やまだ はなこ"),
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="ja",
    )
    deleted_at = models.DateTimeField(
        _("account deleted"),
        null=True,
        blank=True,
        help_text=_("Set when the person deleted their account; the row stays, anonymised."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="members_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        """The name others see: never the e-mail address."""
        if self.deleted_at is not None:
            return str(_("former member"))
        if self.display_name:
            return self.display_name
        full = f"{self.last_name} {self.first_name}".strip()
        return full or str(_("Member #%(id)s") % {"id": self.pk})

    def get_full_name(self) -> str:
        return self.public_name

    def get_short_name(self) -> str:
        return self.public_name


READING = RegexValidator(
    r"^[\u3041-\u309f\u30a0-\u30ff\u3000 ]+$",
    _("Write the reading in hiragana or katakana (spaces between words are allowed)."),
)


class PlaceName(models.Model):
    """How the city reads one of its place names (or another proper noun a dictionary would
    guess wrong, such as みどり野市), for furigana. Organisations and people keep their own."""

    name = models.CharField(
        _("name"),
        max_length=120,
        unique=True,
        help_text=_("As it is written, e.g. みどり野市"),
    )
    reading = models.CharField(
        _("reading"),
        max_length=160,
        validators=[READING],
        help_text=_("In hiragana, e.g. みどりのし"),
    )

    class Meta:
        verbose_name = _("reading of a place name")
        verbose_name_plural = _("readings of place names")
        ordering = ["reading"]

    def __str__(self) -> str:
        return f"{self.name}（{self.reading}）"


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


def _new_token() -> str:
    return secrets.token_urlsafe(32)


def _default_expiry() -> dt.datetime:
    return timezone.now() + INVITATION_LIFETIME


class InvitationQuerySet(models.QuerySet):
    def pending(self) -> InvitationQuerySet:
        return self.filter(
            accepted_at__isnull=True, revoked_at__isnull=True, expires__gt=timezone.now()
        )


class Invitation(models.Model):
    """An e-mailed offer to join an organisation. The token is the whole secret of the link."""

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        REVOKED = "revoked", _("Withdrawn")
        EXPIRED = "expired", _("Expired")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(
        _("role"), max_length=20, choices=Membership.Role.choices, default=Membership.Role.MEMBER
    )
    token = models.CharField(max_length=64, unique=True, default=_new_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_sent",
        verbose_name=_("invited by"),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    expires = models.DateTimeField(_("expires"), default=_default_expiry)
    accepted_at = models.DateTimeField(_("accepted"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_accepted",
        verbose_name=_("accepted by"),
    )
    revoked_at = models.DateTimeField(_("withdrawn"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.email} → {self.organization}"

    def save(self, *args, **kwargs) -> None:
        # Links are bound to the address whatever its case; store one spelling.
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    @property
    def state(self) -> str:
        if self.accepted_at is not None:
            return self.State.ACCEPTED
        if self.revoked_at is not None:
            return self.State.REVOKED
        if self.expires <= timezone.now():
            return self.State.EXPIRED
        return self.State.PENDING


class AuditEntry(models.Model):
    """What was said and done on an organisation's behalf, kept when the thing itself changes.

    Written by the service functions in the same transaction as the change they record
    (dialogue/services.py through members.audit.record), never edited afterwards. The target
    is whatever was acted on (a message, a membership), by content type and id, so the
    entry outlives it.
    """

    # Shown in a Wagtail viewset, but indexing its references would add queries to every
    # send on an organisation's behalf; nothing needs "where is this entry used".
    wagtail_reference_index_ignore = True

    class Action(models.TextChoices):
        POST = "post", _("Posted on the organisation's behalf")
        EDIT = "edit", _("Edited")
        DELETE = "delete", _("Deleted")
        HIDE = "hide", _("Hidden by a moderator")
        UNHIDE = "unhide", _("Shown again by a moderator")
        ACKNOWLEDGE = "acknowledge", _("Acknowledged")
        UNACKNOWLEDGE = "unacknowledge", _("Acknowledgement withdrawn")
        ERASE = "erase", _("Erased when the author deleted their account")
        DELEGATE = "delegate", _("Changed who may speak for the organisation")

    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organisation"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="audit_entries",
    )
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    target_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("kind of target"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    target_id = models.CharField(_("target id"), max_length=40, blank=True)
    # Where it happened, in words (a room's title), as it was then.
    context = models.CharField(_("where"), max_length=200, blank=True)
    previous_text = models.TextField(_("previous text"), blank=True)
    new_text = models.TextField(_("new text"), blank=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("audit log entry")
        verbose_name_plural = _("audit log")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["organization", "-created_at"], name="members_audit_org_time"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} #{self.target_id}"
