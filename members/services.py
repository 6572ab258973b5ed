"""Everything that changes memberships, invitations and accounts goes through here.

Views, the admin, the demo seed and the tests call these functions; each refusal raises
`Refused` with a translated reason and leaves the database as it was.
"""

from __future__ import annotations

import datetime as dt

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from . import audit
from .events import account_deleting
from .models import AuditEntry, Invitation, Membership, Organization, User

ROLE_RANK = [Membership.Role.MEMBER, Membership.Role.EDITOR, Membership.Role.REPRESENTATIVE]


class Refused(Exception):  # noqa: N818 (a refusal, not a failure)
    """A request the rules do not allow; `message` is shown to the person as it is."""

    def __init__(self, code: str, message: str, status: int = 400) -> None:
        super().__init__(code)
        self.code = code
        self.message = message
        self.status = status


INVALID_LINK = _("This invitation link is not valid. Please check that you copied all of it.")
EXPIRED = _("This invitation has expired. Please ask for a new one.")
USED = _("This invitation has already been used.")
REVOKED = _("This invitation has been withdrawn.")
WRONG_ADDRESS = _(
    "This invitation was sent to a different e-mail address. Sign in with the account "
    "for that address, or ask for an invitation to your own address."
)


def emails_of(user: User) -> set[str]:
    found = {user.email.lower()} if user.email else set()
    found.update(
        e.lower() for e in EmailAddress.objects.filter(user=user).values_list("email", flat=True)
    )
    return found


# --- Invitations -------------------------------------------------------------------------


def invite(
    *, organization: Organization, email: str, role: str, invited_by: User | None
) -> Invitation:
    email = email.strip().lower()
    if invited_by is not None:
        limit = getattr(settings, "MEMBERS_INVITATIONS_PER_HOUR", 30)
        recent = Invitation.objects.filter(
            invited_by=invited_by, created__gte=timezone.now() - dt.timedelta(hours=1)
        ).count()
        if recent >= limit:
            raise Refused(
                "too_many",
                str(_("You have sent many invitations in the last hour. Please try again later.")),
                status=429,
            )
    if role not in Membership.Role.values:
        raise Refused("bad_role", str(_("Choose one of the roles offered.")))
    if Membership.objects.filter(
        organization=organization, user__email__iexact=email, status=Membership.Status.ACTIVE
    ).exists():
        raise Refused("already_member", str(_("This person is already a member.")))
    if Invitation.objects.pending().filter(organization=organization, email__iexact=email).exists():
        raise Refused(
            "already_invited",
            str(_("This address already has an open invitation. Withdraw it first to resend.")),
        )
    return Invitation.objects.create(
        organization=organization, email=email, role=role, invited_by=invited_by
    )


def send_invitation_email(invitation: Invitation, accept_url: str, language: str) -> None:
    with translation.override(language):
        context = {
            "invitation": invitation,
            "organization_name": invitation.organization.localized_name(language),
            "inviter": invitation.invited_by.public_name if invitation.invited_by else "",
            "accept_url": accept_url,
            "role": invitation.get_role_display(),
            "expires": invitation.expires,
        }
        subject = render_to_string("members/email/invitation_subject.txt", context)
        body = render_to_string("members/email/invitation_message.txt", context)
    prefix = getattr(settings, "ACCOUNT_EMAIL_SUBJECT_PREFIX", "")
    send_mail(
        prefix + " ".join(subject.split()),
        body,
        settings.DEFAULT_FROM_EMAIL,
        [invitation.email],
    )


def find_invitation(token: str) -> Invitation:
    """The invitation behind a link, or a refusal saying why the link cannot be used."""
    if not token or len(token) > 64:
        raise Refused("invalid", str(INVALID_LINK), status=404)
    invitation = (
        Invitation.objects.select_related("organization", "invited_by").filter(token=token).first()
    )
    if invitation is None or not invitation.organization.is_active:
        raise Refused("invalid", str(INVALID_LINK), status=404)
    state = invitation.state
    if state == Invitation.State.ACCEPTED:
        raise Refused("used", str(USED), status=410)
    if state == Invitation.State.REVOKED:
        raise Refused("revoked", str(REVOKED), status=410)
    if state == Invitation.State.EXPIRED:
        raise Refused("expired", str(EXPIRED), status=410)
    return invitation


def check_addressee(invitation: Invitation, user: User) -> None:
    if invitation.email.lower() not in emails_of(user):
        raise Refused("wrong_address", str(WRONG_ADDRESS), status=403)


@transaction.atomic
def accept_invitation(token: str, user: User) -> Membership:
    invitation = find_invitation(token)
    check_addressee(invitation, user)
    now = timezone.now()
    # The conditional update is what makes a link work once, even under a double click.
    claimed = (
        Invitation.objects.pending()
        .filter(pk=invitation.pk)
        .update(accepted_at=now, accepted_by=user)
    )
    if claimed != 1:
        raise Refused("used", str(USED), status=410)
    membership = Membership.objects.filter(user=user, organization=invitation.organization).first()
    if membership is None:
        membership = Membership(user=user, organization=invitation.organization)
    if membership.pk is None or membership.status != Membership.Status.ACTIVE:
        membership.role = invitation.role
    else:
        # An old invitation never takes a role away from someone who is already a member.
        membership.role = max(membership.role, invitation.role, key=ROLE_RANK.index)
    membership.status = Membership.Status.ACTIVE
    membership.left_at = None
    membership.save()
    return membership


def revoke_invitation(invitation: Invitation) -> None:
    if invitation.state != Invitation.State.PENDING:
        raise Refused("not_pending", str(_("Only an open invitation can be withdrawn.")))
    Invitation.objects.filter(pk=invitation.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    invitation.refresh_from_db()


# --- Memberships -------------------------------------------------------------------------


def _is_last_representative(membership: Membership) -> bool:
    if membership.role != Membership.Role.REPRESENTATIVE:
        return False
    return not (
        Membership.objects.filter(
            organization=membership.organization,
            role=Membership.Role.REPRESENTATIVE,
            status=Membership.Status.ACTIVE,
        )
        .exclude(pk=membership.pk)
        .exists()
    )


LAST_REPRESENTATIVE = _(
    "An organisation needs at least one representative. Make someone else representative first."
)


def change_role(membership: Membership, role: str) -> Membership:
    if role not in Membership.Role.values:
        raise Refused("bad_role", str(_("Choose one of the roles offered.")))
    if membership.status != Membership.Status.ACTIVE:
        raise Refused("not_active", str(_("This person is no longer a member.")))
    if role != Membership.Role.REPRESENTATIVE and _is_last_representative(membership):
        raise Refused("last_representative", str(LAST_REPRESENTATIVE))
    membership.role = role
    membership.save()
    return membership


def remove_member(membership: Membership) -> Membership:
    if membership.status == Membership.Status.LEFT:
        raise Refused("not_active", str(_("This person is no longer a member.")))
    if _is_last_representative(membership):
        raise Refused("last_representative", str(LAST_REPRESENTATIVE))
    membership.status = Membership.Status.LEFT
    membership.left_at = timezone.now()
    membership.save()
    return membership


# --- Accounts ----------------------------------------------------------------------------


@transaction.atomic
def delete_account(user: User, *, erase_texts: bool = False) -> None:
    """Anonymise the person but keep the row: what they wrote is shown by "former member",
    or, if they chose so, erased (each app does this for its own content through
    events.account_deleting)."""
    account_deleting.send(sender=User, user=user, erase_texts=erase_texts)
    now = timezone.now()
    # The log names the person a delegation was about; it now says "former member".
    AuditEntry.objects.filter(
        action=AuditEntry.Action.DELEGATE,
        target_type=ContentType.objects.get_for_model(Membership),
        target_id__in=[str(m.pk) for m in Membership.objects.filter(user=user).only("pk")],
    ).update(context="")
    for membership in Membership.objects.filter(user=user).exclude(status=Membership.Status.LEFT):
        membership.status = Membership.Status.LEFT
        membership.left_at = now
        membership.is_listed = False
        membership.save()
    Invitation.objects.pending().filter(invited_by=user).update(revoked_at=now)
    EmailAddress.objects.filter(user=user).delete()
    SocialAccount.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    user.groups.clear()
    user.user_permissions.clear()
    user.email = f"deleted-{user.pk}@deleted.invalid"
    user.display_name = ""
    user.name_reading = ""
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.deleted_at = now
    user.set_unusable_password()
    user.save()


# --- Speaking on an organisation's behalf ----------------------------------------------


@transaction.atomic
def set_speakers(organization: Organization, chosen: set[int], *, actor: User) -> list[Membership]:
    """The representatives' choice of who may speak for the organisation.

    `chosen` holds membership ids; ids of other organisations' memberships change nothing.
    Representatives always may. Every change goes into the audit log. Returns the changed
    memberships.
    """
    changed = []
    memberships = (
        Membership.objects.select_for_update()
        .filter(organization=organization, status=Membership.Status.ACTIVE)
        .exclude(role=Membership.Role.REPRESENTATIVE)
        .select_related("user")
        .order_by("pk")
    )
    for membership in memberships:
        wanted = membership.pk in chosen
        if wanted == membership.may_speak:
            continue
        audit.record(
            actor=actor,
            organization=organization,
            action=audit.Action.DELEGATE,
            target=membership,
            context=membership.user.public_name,
            previous_text="yes" if membership.may_speak else "no",
            new_text="yes" if wanted else "no",
        )
        membership.speaks_for_organization = wanted
        membership.save(update_fields=["speaks_for_organization"])
        changed.append(membership)
    return changed
