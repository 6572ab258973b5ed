"""Reports in the Wagtail admin: "Draft the report" on a session, and the drafts' progress."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import ListingButton
from wagtail.signals import page_published

from dialogue import notify
from dialogue.models import DialogueSession

from .models import ReportDraft, SessionReportPage
from .tasks import request_draft

PERMISSION = "dialogue.record_outcome"  # city staff, with two-step verification


@receiver(post_save, sender=DialogueSession, dispatch_uid="cms_report_on_close")
def session_saved(sender, instance: DialogueSession, raw: bool = False, **kwargs) -> None:
    """Closing a session drafts its report (once; later closes do not redraft)."""
    if raw or instance.status != DialogueSession.Status.CLOSED:
        return
    if not ReportDraft.objects.filter(session=instance).exists():
        request_draft(instance)


@receiver(page_published, sender=SessionReportPage, dispatch_uid="cms_report_published")
def report_published(sender, instance: SessionReportPage, **kwargs) -> None:
    """Those who took part hear of it, in their language (the source language's publication
    only: one notification, not one per translation). The title told is the session's, which
    reads right in every language's sentence ("The report of “…” was published"), where the
    page's own title is the source language's "Report: …"."""
    if instance.session_id is None or instance.locale.language_code != settings.LANGUAGE_CODE:
        return
    notify.report_published(
        instance.session, title=instance.session.title, url=instance.url or "/", target=instance
    )


@require_POST
def draft_view(request, pk: int):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    session = get_object_or_404(DialogueSession, pk=pk)
    job = request_draft(session, request.user)
    if job.status == ReportDraft.Status.FAILED:
        messages.error(
            request, _("The report could not be drafted: %(error)s") % {"error": job.error}
        )
    else:
        messages.success(
            request, _("The report of “%(title)s” is being drafted.") % {"title": session.title}
        )
    return redirect("cms_report_drafts")


def drafts_view(request):
    if not request.user.has_perm(PERMISSION):
        raise PermissionDenied
    drafts = ReportDraft.objects.select_related("session", "page").order_by("-updated_at")[:100]
    sessions = (
        DialogueSession.objects.exclude(status=DialogueSession.Status.SCHEDULED)
        .exclude(pk__in=ReportDraft.objects.values("session"))
        .order_by("-starts_at")[:100]
    )
    return TemplateResponse(
        request,
        "cms/reports/admin_drafts.html",
        {
            "drafts": drafts,
            "sessions": sessions,
            "page_title": _("Report drafts"),
            "header_icon": "doc-full",
        },
    )


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path("reports/drafts/", drafts_view, name="cms_report_drafts"),
        path("reports/draft/<int:pk>/", draft_view, name="cms_report_draft"),
    ]


class DraftsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm(PERMISSION)


@hooks.register("register_admin_menu_item")
def register_drafts_menu_item():
    return DraftsMenuItem(
        gettext_lazy("Report drafts"), reverse("cms_report_drafts"), icon_name="doc-full", order=253
    )


@hooks.register("register_snippet_listing_buttons")
def session_report_button(snippet, user, next_url=None):
    if isinstance(snippet, DialogueSession) and user.has_perm(PERMISSION):
        yield ListingButton(
            gettext_lazy("Draft the report"),
            reverse("cms_report_drafts") + f"#session-{snippet.pk}",
            priority=60,
        )
