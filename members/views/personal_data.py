"""A person's own data: downloading all of it, and deleting the account."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import exports, services
from ..forms import DeleteAccountForm


@login_required
def profile_data(request: HttpRequest) -> HttpResponse:
    data = {
        "exported_at": timezone.now(),
        "format": "consortium-personal-data/1",
        **exports.collect(request.user),
    }
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="my-consortium-data.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
def profile_delete(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            user = request.user
            logout(request)
            services.delete_account(
                user, erase_texts=form.cleaned_data["texts"] == DeleteAccountForm.ERASE
            )
            messages.success(
                request, _("Your account has been deleted. Thank you for taking part.")
            )
            return redirect("/")
        return render(request, "members/profile_delete.html", {"form": form}, status=400)
    return render(request, "members/profile_delete.html", {"form": form})
