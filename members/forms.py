from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import User


class SignupForm(forms.Form):
    """Extra fields on allauth's sign-up form: the name others will see."""

    display_name = forms.CharField(
        label=_("Your name"),
        max_length=User._meta.get_field("display_name").max_length,
        help_text=_("Shown to others next to what you write, e.g. 山田 花子."),
    )
    name_reading = forms.CharField(
        label=_("Reading of your name (optional)"),
        max_length=User._meta.get_field("name_reading").max_length,
        required=False,
        help_text=_("Furigana, e.g. やまだ はなこ"),
    )
    field_order = ["email", "display_name", "name_reading", "password1", "password2"]

    def clean_display_name(self) -> str:
        name = " ".join(self.cleaned_data["display_name"].split())
        if not name or any(ord(ch) < 32 for ch in name):
            raise forms.ValidationError(_("Please enter your name."))
        return name

    def signup(self, request, user: User) -> None:
        user.display_name = self.cleaned_data["display_name"]
        user.name_reading = self.cleaned_data.get("name_reading", "")
        user.preferred_language = (request.LANGUAGE_CODE or "ja")[:2]
        user.save()
