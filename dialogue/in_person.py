"""The staff form on a session's page that records someone as attending in person."""

from __future__ import annotations

from django import forms
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from members import personal
from members.models import User
from members.rules import is_city_staff

from . import attendance
from .models import DialogueSession


class InPersonForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("E-mail address of the person"),
        max_length=254,
        help_text=gettext_lazy("The address they sign in with."),
    )

    def clean_email(self) -> User:
        email = self.cleaned_data["email"].strip()
        person = User.objects.filter(
            email__iexact=email, is_active=True, deleted_at__isnull=True
        ).first()
        if person is None:
            raise forms.ValidationError(_("No active account has this e-mail address."))
        return person


def session_attendance(request: HttpRequest, session: DialogueSession, form=None) -> dict:
    """What the session page shows staff who may record attendance (nothing to others)."""
    if not request.user.has_perm("dialogue.record_attendance"):
        return {}
    return {
        "attendance_form": form or InPersonForm(),
        "attendees": attendance.attendees_of(session),
    }


@personal.register_part("session_attendance")
def attendance_part(request: HttpRequest, session_pk: str) -> str:
    """The staff's attendance section, filled into the session page shared by everyone."""
    # The group check first: for everyone else it costs one query, not the permission
    # backends' three.
    if not is_city_staff(request.user) or not request.user.has_perm("dialogue.record_attendance"):
        return ""
    session = DialogueSession.objects.filter(pk=session_pk).first()
    if session is None:
        return ""
    return render_to_string(
        "dialogue/includes/session_attendance.html",
        {"session": session, **session_attendance(request, session)},
        request=request,
    )
