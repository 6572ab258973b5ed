"""The staff form that records a decision or an action; validation is the service's. And
marking an action done or open again from a POST, as the follow-ups page and the admin do."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from members.models import Organization

from . import outcomes
from .models import NOTE_MAX, OUTCOME_MAX, Outcome
from .outcomes import clean_outcome_text
from .services import DialogueError


class DateInput(forms.DateInput):
    input_type = "date"  # the browser's own date picker


class OutcomeForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("This is"), choices=Outcome.Kind.choices, widget=forms.RadioSelect
    )
    text = forms.CharField(
        label=_("What was decided or is to be done"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": OUTCOME_MAX}),
    )
    owner = forms.ModelChoiceField(
        label=_("Owner organisation (actions)"),
        queryset=Organization.objects.filter(is_active=True).order_by("name"),
        required=False,
    )
    due_on = forms.DateField(
        label=_("Due date (actions)"),
        required=False,
        widget=DateInput(),
    )

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean_text(self):
        try:
            return clean_outcome_text(self.cleaned_data.get("text", ""))
        except DialogueError as error:
            raise forms.ValidationError(str(error.detail)) from None

    def clean(self):
        data = super().clean()
        if data.get("kind") == Outcome.Kind.ACTION:
            if not data.get("owner"):
                self.add_error("owner", _("An action needs the organisation that owns it."))
            if not data.get("due_on"):
                self.add_error("due_on", _("An action needs a due date."))
        return data


class NoteForm(forms.Form):
    note = forms.CharField(required=False, max_length=NOTE_MAX)


def settle_action(request: HttpRequest, action: Outcome) -> None:
    """Done with the POSTed note, or open again when the POST says `reopen`; the result is told
    as a message, a refusal raises PermissionDenied."""
    try:
        if request.POST.get("reopen"):
            outcomes.reopen_action(request.user, action)
            messages.success(request, gettext("The action is open again."))
        else:
            outcomes.complete_action(request.user, action, request.POST.get("note", ""))
            messages.success(request, gettext("The action is marked done."))
    except DialogueError as error:
        if error.code == "forbidden":
            raise PermissionDenied from error
        messages.error(request, str(error.detail))
