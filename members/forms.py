from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Membership, User


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    role = forms.ChoiceField(
        label=_("Role"), choices=Membership.Role.choices, initial=Membership.Role.MEMBER
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Membership.Role.choices)


class SpeakersForm(forms.Form):
    """Who may speak for the organisation: its members who are not representatives
    (representatives always may). Ids of anyone else's memberships are invalid."""

    speakers = forms.TypedMultipleChoiceField(
        label=_("May speak on the organisation's behalf"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, organization, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.memberships = list(
            organization.memberships.filter(status=Membership.Status.ACTIVE)
            .exclude(role=Membership.Role.REPRESENTATIVE)
            .select_related("user")
            .order_by("role", "user__display_name", "pk")
        )
        self.fields["speakers"].choices = [
            (m.pk, f"{m.user.public_name} ({m.get_role_display()})") for m in self.memberships
        ]
        self.fields["speakers"].initial = [m.pk for m in self.memberships if m.may_speak]


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["display_name", "name_reading", "preferred_language"]
        help_texts = {
            "display_name": _("Shown next to what you write. Your e-mail address is never shown."),
        }

    def clean_display_name(self) -> str:
        value = " ".join(self.cleaned_data["display_name"].split())
        if not value:
            raise forms.ValidationError(_("Please enter the name others will see."))
        return value

    def clean_name_reading(self) -> str:
        return " ".join(self.cleaned_data["name_reading"].split())


class DeleteAccountForm(forms.Form):
    password = forms.CharField(
        label=_("Your password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        max_length=4096,
    )
    KEEP, ERASE = "keep", "erase"
    texts = forms.ChoiceField(
        label=_("What you wrote"),
        choices=[
            (KEEP, _("Keep the text of my messages, shown as written by a former member")),
            (ERASE, _("Erase the text of my messages; only “deleted” remains in their place")),
        ],
        widget=forms.RadioSelect,
        help_text=_(
            "Either way your name is removed everywhere: in conversations, mentions and "
            "acknowledgements you are shown as a former member."
        ),
    )
    confirm = forms.BooleanField(
        label=_("I understand that my account will be deleted and cannot be restored."),
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        if not user.has_usable_password():
            del self.fields["password"]

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("The password is not correct."))
        return password


class SignupDetailsForm(forms.Form):
    """Extra fields on allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS): the public name."""

    display_name = forms.CharField(
        label=_("Name shown to others"),
        max_length=80,
        help_text=_(
            "Your real name or how you like to be called. Your e-mail address is never shown."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    name_reading = forms.CharField(
        label=_("Reading of the name"),
        max_length=80,
        required=False,
        help_text=_("Furigana, e.g. やまだ はなこ"),
    )

    field_order = ["email", "display_name", "name_reading", "password1", "password2"]

    def clean_display_name(self) -> str:
        value = " ".join(self.cleaned_data["display_name"].split())
        if not value or any(ord(ch) < 32 or ord(ch) == 127 for ch in value):
            raise forms.ValidationError(_("Please enter the name others will see."))
        return value

    def signup(self, request, user: User) -> None:
        user.display_name = self.cleaned_data["display_name"]
        user.name_reading = " ".join(self.cleaned_data.get("name_reading", "").split())
        user.preferred_language = (getattr(request, "LANGUAGE_CODE", "") or "ja")[:2]
        user.save(update_fields=["display_name", "name_reading", "preferred_language"])
