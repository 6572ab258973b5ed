from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dialogue.models import DialogueSession, Room

from . import csvfile, sources
from .models import Group, OpinionMap


class NewMapForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    question = forms.CharField(
        label=_("Question asked"), max_length=300, required=False, help_text=_("Optional.")
    )
    source_kind = forms.ChoiceField(label=_("Source"), widget=forms.RadioSelect)
    room = forms.ModelChoiceField(
        label=_("Room"), queryset=Room.objects.order_by("title"), required=False
    )
    session = forms.ModelChoiceField(
        label=_("Session"), queryset=DialogueSession.objects.order_by("-starts_at"), required=False
    )
    csv_file = forms.FileField(
        label=_("CSV file"),
        required=False,
        help_text=_(
            "One comment per row; a “text” column is required, an “id” column and other "
            "columns (age group, area…) are optional. UTF-8 or Shift_JIS, at most 100,000 rows."
        ),
    )
    published = forms.BooleanField(
        label=_("Publish the map to everyone who may read its source"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["source_kind"].choices = sources.choices()
        self.rows = None

    def clean(self):
        data = super().clean()
        kind = data.get("source_kind")
        if kind == "room" and not data.get("room"):
            self.add_error("room", _("Choose the room."))
        if kind == "session" and not data.get("session"):
            self.add_error("session", _("Choose the session."))
        if kind == "csv":
            upload = data.get("csv_file")
            if upload is None:
                self.add_error("csv_file", _("Choose a CSV file."))
            elif upload.size > csvfile.MAX_BYTES:
                self.add_error("csv_file", _("The file is larger than 50 MB."))
            else:
                data["csv_bytes"] = upload.read()
                try:
                    csvfile.read(data["csv_bytes"])
                except csvfile.CsvError as error:
                    self.add_error("csv_file", str(error))
        return data


class MapSettingsForm(forms.ModelForm):
    class Meta:
        model = OpinionMap
        fields = ["title", "question", "published"]


class GroupForm(forms.ModelForm):
    class Meta:
        model = Group
        fields = ["name", "takeaway"]
        widgets = {"takeaway": forms.Textarea(attrs={"rows": 4})}
