"""A person's own profile, and whether their name is listed on their organisations' pages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, translate_url
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms import ProfileForm
from ..models import Membership


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST":
        if form.is_valid():
            user = form.save()
            messages.success(request, _("Your profile has been saved."))
            response = HttpResponseRedirect(
                translate_url(reverse("members:profile"), user.preferred_language)
            )
            response.set_cookie(
                "django_language",
                user.preferred_language,
                max_age=365 * 24 * 60 * 60,
                samesite="Lax",
                secure=request.is_secure(),
            )
            return response
        return render(request, "members/profile.html", _profile_context(request, form), status=400)
    return render(request, "members/profile.html", _profile_context(request, form))


def _profile_context(request: HttpRequest, form: ProfileForm) -> dict:
    memberships = (
        request.user.memberships.filter(status=Membership.Status.ACTIVE)
        .select_related("organization")
        .order_by("organization__name")
    )
    return {
        "form": form,
        "manages_every_organization": request.user.has_perm("members.manage_organization"),
        "memberships": [
            (m, request.user.has_perm("members.manage_organization", m.organization))
            for m in memberships
        ],
    }


@login_required
@require_POST
def membership_listing(request: HttpRequest, pk: int) -> HttpResponse:
    """A person decides alone whether their name appears on an organisation's page."""
    membership = get_object_or_404(
        Membership, pk=pk, user=request.user, status=Membership.Status.ACTIVE
    )
    membership.is_listed = request.POST.get("is_listed") == "on"
    membership.save(update_fields=["is_listed"])
    if membership.is_listed:
        message = _("Your name is now shown on the page of %(organization)s.")
    else:
        message = _("Your name is no longer shown on the page of %(organization)s.")
    messages.success(request, message % {"organization": membership.organization.localized_name()})
    return redirect("members:profile")
