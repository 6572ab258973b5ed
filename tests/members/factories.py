from __future__ import annotations

import factory
from allauth.mfa.models import Authenticator

from django.contrib.auth.models import Group

from members.models import Invitation, Membership, Organization, OrganizationKind, User


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.jp")
    display_name = factory.Sequence(lambda n: f"利用者 {n}")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        if create and extracted is not False:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)
            self.save()

    @factory.post_generation
    def two_step(self, create, extracted, **kwargs):
        """`UserFactory(two_step=True)`: has an authenticator, as staff need for /admin/."""
        if create and extracted:
            AuthenticatorFactory(user=self)


class AuthenticatorFactory(factory.django.DjangoModelFactory):
    """A TOTP second factor; for a person who exists already (else `UserFactory(two_step=True)`)."""

    class Meta:
        model = Authenticator

    user = factory.SubFactory(UserFactory)
    type = Authenticator.Type.TOTP
    data = factory.LazyFunction(lambda: {"secret": "JBSWY3DPEHPK3PXP"})


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"団体{n}")
    name_en = factory.Sequence(lambda n: f"Organisation {n}")
    slug = factory.Sequence(lambda n: f"org-{n}")
    kind = OrganizationKind.OTHER


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Membership.Role.MEMBER
    status = Membership.Status.ACTIVE


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    organization = factory.SubFactory(OrganizationFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.jp")
    role = Membership.Role.MEMBER
    invited_by = None


def in_group(user: User, name: str) -> User:
    """`user`, now in the group called `name` (made if the migrations did not make it)."""
    user.groups.add(Group.objects.get_or_create(name=name)[0])
    return user
