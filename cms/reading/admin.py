"""The admin's readability figure for Japanese text: a panel and the endpoint it asks.

The panel (a static script, no outside assets) sends the text of its tab to the endpoint as
the editor types (debounced) or presses the button, and lists the figure and the hardest
sentences in a polite live region. Only people who may edit pages may use the endpoint.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, JsonResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from wagtail import hooks
from wagtail.admin.panels import ObjectList, Panel
from wagtail.permission_policies.pages import PagePermissionPolicy

from japanese.readability import MAX_CHARS, TextTooLong, readability

MAX_BODY_BYTES = MAX_CHARS * 8  # the text field's bytes, HTML and form encoding included
LEVELS = {
    "plain": gettext_lazy("plain"),
    "moderate": gettext_lazy("moderate"),
    "hard": gettext_lazy("hard"),
}


def _is_japanese(instance) -> bool:
    locale = getattr(instance, "locale", None)
    return locale is None or locale.language_code.startswith("ja")


class JapaneseOnlyTab(ObjectList):
    """A tab shown only when the page being edited is Japanese."""

    class BoundPanel(ObjectList.BoundPanel):
        def is_shown(self) -> bool:
            return _is_japanese(self.instance) and super().is_shown()


class ReadabilityPanel(Panel):
    """The readability figure of the Japanese text on the panel's tab."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("heading", gettext_lazy("Readability"))
        super().__init__(**kwargs)

    @property
    def clean_name(self) -> str:
        return super().clean_name or "readability"

    class BoundPanel(Panel.BoundPanel):
        template_name = "cms/reading/readability_panel.html"

        def is_shown(self) -> bool:
            return _is_japanese(self.instance)


def may_check(user) -> bool:
    """Editors of any page: the only people the admin shows the figure to."""
    if not (user.is_authenticated and user.is_active):
        return False
    return PagePermissionPolicy().user_has_any_permission(user, ["add", "change", "publish"])


@require_POST
def check_readability(request: HttpRequest) -> JsonResponse:
    if not may_check(request.user):
        raise PermissionDenied
    if int(request.META.get("CONTENT_LENGTH") or 0) > MAX_BODY_BYTES:
        return _too_long()
    text = request.POST.get("text", "")
    try:
        result = readability(text)
    except TextTooLong:
        return _too_long()
    data = result.as_dict()
    data["level_label"] = str(LEVELS[result.level])
    return JsonResponse(data)


def _too_long() -> JsonResponse:
    message = _(
        "The text is too long to check at once (more than %(n)s characters). "
        "Check it a section at a time."
    ) % {"n": f"{MAX_CHARS:,}"}
    return JsonResponse({"error": "too_long", "detail": message}, status=413)


@hooks.register("register_admin_urls")
def register_readability_urls():
    return [
        path(
            "plain-japanese/readability/",
            check_readability,
            name="plain_japanese_readability",
        )
    ]
