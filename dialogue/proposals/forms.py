"""Forms for writing proposals and comments. Validation is the services' (one set of rules
for the forms, the admin and the API): each field's cleaner calls the same function."""

from __future__ import annotations

import uuid
from functools import partial

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from ..models import (
    BODY_MAX,
    COMMENT_MAX,
    PLACE_MAX,
    SUMMARY_MAX,
    TITLE_MAX,
    Theme,
)
from ..services import DialogueError, speaking_orgs
from . import services


def _new_key() -> str:
    return uuid.uuid4().hex


def _interpolate(text, values) -> str:
    return text % values


# Interpolated when shown, in the language of the request, not once at import.
interpolate_lazy = lazy(_interpolate, str)


class _LocalizedThemes(forms.ModelMultipleChoiceField):
    """Themes by their name in the reader's language (the English name on English pages)."""

    def label_from_instance(self, obj: Theme) -> str:
        return obj.localized_name()


class _ServiceCleaned(forms.Form):
    """Runs a service cleaner per field, turning its refusal into that field's error."""

    cleaners: dict = {}

    def __init__(self, *args, user=None, **kwargs) -> None:
        kwargs.setdefault("label_suffix", "")  # Japanese labels take no colon
        super().__init__(*args, **kwargs)
        self.user = user
        if "as_org" in self.fields:
            self.fields["as_org"].choices = choices = _org_choices(user)
            if len(choices) == 1:  # nobody to speak for: no choice to show
                self.fields["as_org"].widget = forms.HiddenInput()

    def _clean_with(self, name: str):
        cleaner = self.cleaners[name]
        try:
            return cleaner(self.data.get(self.add_prefix(name), ""))
        except DialogueError as error:
            raise forms.ValidationError(str(error.detail), code=error.code) from None


def _org_choices(user) -> list[tuple[str, str]]:
    choices = [("", _("Myself"))]
    if user is not None and user.is_authenticated:
        choices += [(org.slug, org.localized_name()) for org in speaking_orgs(user)]
    return choices


class ProposalForm(_ServiceCleaned):
    title = forms.CharField(
        label=_("Title"),
        required=False,
        help_text=interpolate_lazy(_("Up to %(n)s characters."), {"n": TITLE_MAX}),
        widget=forms.TextInput(attrs={"maxlength": TITLE_MAX, "autocomplete": "off"}),
    )
    summary = forms.CharField(
        label=_("Summary"),
        required=False,
        help_text=interpolate_lazy(
            _("Two or three sentences shown in lists (up to %(n)s characters)."),
            {"n": SUMMARY_MAX},
        ),
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": SUMMARY_MAX}),
    )
    body = forms.CharField(
        label=_("Proposal"),
        required=False,
        help_text=interpolate_lazy(
            _(
                "What should change, for whom, and how could we try it? Up to %(n)s characters. "
                "**bold**, lists and links work."
            ),
            {"n": f"{BODY_MAX:,}"},
        ),
        widget=forms.Textarea(attrs={"rows": 12, "maxlength": BODY_MAX}),
    )
    themes = _LocalizedThemes(
        label=_("Themes"),
        queryset=Theme.objects.order_by("slug"),
        required=False,
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
    )
    place = forms.CharField(
        label=_("Place (optional)"),
        required=False,
        help_text=_("A district, street or facility, if the proposal is about one."),
        widget=forms.TextInput(attrs={"maxlength": PLACE_MAX}),
    )
    plain_title = forms.CharField(
        label=_("Title in plain Japanese (optional)"),
        required=False,
        help_text=_("Leave empty to keep the title above."),
        widget=forms.TextInput(attrs={"maxlength": TITLE_MAX, "autocomplete": "off"}),
    )
    plain_body = forms.CharField(
        label=_("Proposal in plain Japanese (optional)"),
        required=False,
        help_text=_(
            "For readers who choose やさしい日本語: short sentences, everyday words, few kanji."
        ),
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": BODY_MAX}),
    )
    as_org = forms.ChoiceField(label=_("Written as"), required=False)
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False)

    cleaners = {
        name: partial(services.clean_as, name)
        for name in ("title", "summary", "body", "place", "plain_title", "plain_body")
    }

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, user=user, **kwargs)
        if not self.is_bound and not self.initial.get("submission_key"):
            self.initial["submission_key"] = _new_key()

    def clean_title(self):
        return self._clean_with("title")

    def clean_summary(self):
        return self._clean_with("summary")

    def clean_body(self):
        return self._clean_with("body")

    def clean_place(self):
        return self._clean_with("place")

    def clean_plain_title(self):
        return self._clean_with("plain_title")

    def clean_plain_body(self):
        return self._clean_with("plain_body")

    def clean_submission_key(self):
        key = self.cleaned_data.get("submission_key", "")
        return key if key.isascii() and key.isalnum() and len(key) <= 64 else ""

    def save(self, proposal=None):
        data = self.cleaned_data
        return services.save_draft(
            self.user,
            title=data["title"],
            summary=data["summary"],
            body=data["body"],
            themes=data["themes"],
            place=data["place"],
            plain_title=data["plain_title"],
            plain_body=data["plain_body"],
            as_org=data["as_org"] or None,
            proposal=proposal,
            submission_key=data["submission_key"] if proposal is None else "",
        )


class CommentForm(_ServiceCleaned):
    body = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": COMMENT_MAX}),
        help_text=interpolate_lazy(_("Up to %(n)s characters."), {"n": f"{COMMENT_MAX:,}"}),
    )
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    as_org = forms.ChoiceField(label=_("Written as"), required=False)
    submission_key = forms.CharField(widget=forms.HiddenInput, required=False)

    cleaners = {"body": partial(services.clean_as, "comment")}

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, user=user, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_key", _new_key())

    def clean_body(self):
        return self._clean_with("body")

    def clean_submission_key(self):
        key = self.cleaned_data.get("submission_key", "")
        return key if key.isascii() and key.isalnum() and len(key) <= 64 else ""


class ReportForm(_ServiceCleaned):
    reason = forms.CharField(
        label=_("What is wrong?"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 500}),
    )

    cleaners = {"reason": partial(services.clean_as, "report")}

    def clean_reason(self):
        return self._clean_with("reason")


def apply_service_error(form: forms.Form, error: DialogueError) -> None:
    """A refusal from a service shown on the form: on its field when it names one."""
    field = error.context.get("field")
    form.add_error(field if field in form.fields else None, str(error.detail))
