"""Wagtail admin for pilot results: measurements per indicator, and the CSV import.

Imported from CmsConfig.ready() so that the hooks are registered without a second
wagtail_hooks module.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import InlinePanel
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy

from . import measurement_import
from .indicators import Indicator
from .pages import PilotPage


class NoAddPolicy(ModelPermissionPolicy):
    """Indicators are added on their pilot page; here only their measurements change."""

    def user_has_permission(self, user, action):
        return action != "add" and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


def _source_indicators():
    return Indicator.objects.filter(
        page__locale__language_code=settings.LANGUAGE_CODE
    ).select_related("page")


class IndicatorIndexView(generic.IndexView):
    def get_base_queryset(self):
        return _source_indicators()


class IndicatorEditView(generic.EditView):
    def get_object(self, queryset=None):
        return super().get_object(queryset or _source_indicators())


class MeasurementViewSet(ModelViewSet):
    model = Indicator
    icon = "table"
    menu_label = _("Measurements")
    menu_order = 250
    add_to_admin_menu = True
    name = "pilot-measurements"
    list_display = ["name", "page", "unit", "key"]
    search_fields = None
    panels = [InlinePanel("measurements", heading=_("Measurements"), label=_("Measurement"))]
    index_view_class = IndicatorIndexView
    edit_view_class = IndicatorEditView
    inspect_view_enabled = False
    copy_view_enabled = False

    @property
    def permission_policy(self):
        return NoAddPolicy(self.model)


measurement_viewset = MeasurementViewSet()


@hooks.register("register_admin_viewset")
def register_measurement_viewset():
    return measurement_viewset


class ImportForm(forms.Form):
    pilot = forms.ModelChoiceField(
        label=_("Pilot"),
        queryset=PilotPage.objects.none(),
        help_text=_("Measurements are recorded on the pilot's page in Japanese."),
    )
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: indicator (its key), date (2025-04-01), value, note (optional). "
            "UTF-8 or Shift_JIS; up to 1 MB."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pilot"].queryset = PilotPage.objects.filter(
            locale__language_code=settings.LANGUAGE_CODE
        ).order_by("title")


def import_measurements(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("cms.import_measurement"):
        raise PermissionDenied
    result = None
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read(measurement_import.MAX_BYTES + 1)
        result = measurement_import.parse(data, form.cleaned_data["pilot"])
        if result.ok:
            measurement_import.save(result)
            messages.success(
                request,
                gettext("Imported: %(created)s new and %(updated)s updated measurements.")
                % {"created": result.created, "updated": result.updated},
            )
            return redirect("cms_import_measurements")
    return TemplateResponse(
        request,
        "cms/pilots/pilot_import.html",
        {
            "form": form,
            "result": result,
            "page_title": gettext("Import measurements"),
            "header_icon": "upload",
        },
    )


@hooks.register("register_admin_urls")
def register_import_url():
    return [path("pilots/import/", import_measurements, name="cms_import_measurements")]


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("cms.import_measurement")


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        _("Import measurements"), reverse("cms_import_measurements"), icon_name="upload", order=251
    )
