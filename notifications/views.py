"""The notification centre, preferences, following, and the one-click unsubscribe."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from members.models import User

from . import follows, kinds, services, tokens
from .mail import DIGEST
from .models import Delivery, Notification
from .urls_util import localized

PAGE_SIZE = 25


def _back(request: HttpRequest, fallback: str) -> HttpResponseRedirect:
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = fallback
    return HttpResponseRedirect(target)


@login_required
def centre(request: HttpRequest) -> HttpResponse:
    notifications = Notification.objects.filter(recipient=request.user).select_related("actor")
    page = Paginator(notifications, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/centre.html",
        {"page": page, "unread": services.unread_count(request.user)},
    )


@login_required
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark read and go to what it is about. Someone else's number is simply not found."""
    notification = services.mark_read(request.user, pk)
    if notification is None:
        return render(request, "notifications/not_found.html", status=404)
    language = translation.get_language() or settings.LANGUAGE_CODE
    return HttpResponseRedirect(localized(notification.url, language))


@login_required
@require_POST
def mark_read(request: HttpRequest, pk: int) -> HttpResponse:
    if services.mark_read(request.user, pk) is None:
        return render(request, "notifications/not_found.html", status=404)
    return _back(request, localized("/notifications/", translation.get_language()))


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    services.mark_all_read(request.user)
    return _back(request, localized("/notifications/", translation.get_language()))


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    current = services.preferences_for(request.user)
    saved = False
    errors = False
    if request.method == "POST":
        for kind in kinds.all_kinds():
            value = request.POST.get(kind.slug)
            if value is None:
                continue
            if value not in Delivery.values:
                errors = True
                continue
            if value != current[kind.slug]:
                services.set_preference(request.user, kind.slug, value)
                current[kind.slug] = value
        saved = not errors
    rows = [
        {"kind": kind, "delivery": current[kind.slug], "choices": Delivery.choices}
        for kind in kinds.all_kinds()
    ]
    return render(
        request,
        "notifications/preferences.html",
        {"rows": rows, "saved": saved, "errors": errors},
        status=400 if errors else 200,
    )


@login_required
@require_POST
def follow(request: HttpRequest) -> HttpResponse:
    found = follows.find(request.user, request.POST.get("target"))
    if found is None:
        return render(request, "notifications/not_found.html", status=404)
    wanted = request.POST.get("follow") == "1"
    services.set_following(request.user, found, wanted)
    return _back(request, localized("/notifications/", translation.get_language()))


# --- RFC 8058 ------------------------------------------------------------------------------


def _unsubscribe_subject(token: str) -> tuple[User, str] | None:
    read = tokens.read(token)
    if read is None:
        return None
    user_id, kind = read
    if kind != DIGEST and kinds.get(kind) is None:
        return None
    user = User.objects.filter(pk=user_id, is_active=True, deleted_at__isnull=True).first()
    if user is None:
        return None
    return user, kind


def _language_of(user: User | None) -> str:
    supported = {code for code, _name in settings.LANGUAGES}
    if user is not None and user.preferred_language in supported:
        return user.preferred_language
    return settings.LANGUAGE_CODE


@csrf_exempt
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """GET only asks; a bare POST (the mail client's one click, no cookie, no CSRF token)
    unsubscribes. A changed or unknown token gets the same answer whatever was wrong."""
    found = _unsubscribe_subject(token)
    user = found[0] if found else None
    with translation.override(_language_of(user)):
        if found is None:
            return render(request, "notifications/unsubscribe_invalid.html", status=400)
        user, kind = found
        label = _("Daily digest") if kind == DIGEST else str(kinds.get(kind).label)
        if request.method == "POST":
            if kind == DIGEST:
                for slug, delivery in services.preferences_for(user).items():
                    if delivery == kinds.DAILY:
                        services.set_preference(user, slug, kinds.NEVER)
            else:
                services.set_preference(user, kind, kinds.NEVER)
            return render(request, "notifications/unsubscribe_done.html", {"label": label})
        if request.method != "GET":
            return HttpResponse(status=405)
        return render(request, "notifications/unsubscribe.html", {"label": label})
