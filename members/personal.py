"""Pages rendered once for everyone, with the signed-in person's parts filled in per request.

A shared rendering ("skeleton") is made with `shared_render(request)`: the request's user is
anonymous for its duration, so nothing in it can depend on who asked, and every
`{% personal "name" %}` in the templates (the header's account links, flash messages, the
editor's userbar, a room's initial state) and every `{% csrf_token %}` becomes a marker
instead. The skeleton is cached under a key carrying the generation of what it shows
(members.generations); `fill(request, skeleton)` then renders only the marked parts for the
person asking. Markers carry a token derived from SECRET_KEY, so page content cannot forge
one, and a filled page never contains one.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache

from django import template
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

from . import generations

register = template.Library()

SHARED_ATTRIBUTE = "_shared_render"

# name -> template rendered with the request (and the fill's context) for the person.
TEMPLATES: dict[str, str] = {
    "account": "includes/account_nav.html",
    "messages": "includes/messages.html",
    "userbar": "includes/userbar.html",
}
# name -> callable(request, argument) -> HTML, for parts that are not one template.
RENDERERS: dict[str, Callable[[HttpRequest, str], str]] = {}


# name -> callable(request) -> short string: how a reader's choices (furigana, plain Japanese)
# change a rendering. Every cache of rendered pages keys on variant(request), so each choice
# keeps its own copy; higher apps register the choices they own.
VARIANTS: dict[str, Callable[[HttpRequest], str]] = {}


def register_variant(name: str, function: Callable[[HttpRequest], str]) -> None:
    VARIANTS[name] = function


def variant(request: HttpRequest) -> str:
    """The part of a rendering's cache key that tells the reader's chosen variants apart."""
    return "-".join(function(request) for _, function in sorted(VARIANTS.items())) or "default"


def register_part(name: str):
    def decorator(function: Callable[[HttpRequest, str], str]):
        RENDERERS[name] = function
        return function

    return decorator


@cache
def _token() -> str:
    return hashlib.sha256(f"personal-parts:{settings.SECRET_KEY}".encode()).hexdigest()[:20]


def may_use_admin(user) -> bool:
    """Whether Wagtail's userbar is drawn for this person: asked of the permission backends
    once per person and generation of roles (two queries saved on every signed-in page)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return generations.remembered(
        generations.ROLES,
        f"members:admin-access:{user.pk}",
        lambda: user.has_perm("wagtailadmin.access_admin"),
    )


def marker(name: str, argument: str = "") -> str:
    # Letters, digits and dashes only: HTML escaping leaves it as it is.
    return f"personal{_token()}-{name}-{argument}-end"


def _markers() -> re.Pattern[str]:
    return re.compile(rf"personal{_token()}-([a-z_]+)-([0-9A-Za-z_]*)-end")


def is_shared_render(request: HttpRequest | None) -> bool:
    return bool(request is not None and getattr(request, SHARED_ATTRIBUTE, False))


def shared_context() -> dict:
    return {"csrf_token": SafeString(marker("csrf"))}


@contextmanager
def shared_render(request: HttpRequest) -> Iterator[dict]:
    """Render for everyone inside this block. Yields context to add to the template's
    (shared_context(): its csrf_token is a marker, above what the csrf context processor
    would give)."""
    user = request.user
    request.user = AnonymousUser()
    setattr(request, SHARED_ATTRIBUTE, True)
    try:
        yield shared_context()
    finally:
        request.user = user
        setattr(request, SHARED_ATTRIBUTE, False)


def fill(
    request: HttpRequest,
    skeleton: str,
    context: dict | None = None,
    parts: dict[str, str] | None = None,
    annotate: Callable[[str], str] | None = None,
) -> str:
    """The skeleton with each marker replaced by the person's rendering of that part.

    `parts` gives ready HTML for names a view renders itself (its escaping is its own);
    `annotate`, when given, is applied to each rendered part (not to the CSRF token)."""
    rendered: dict[tuple[str, str], str] = {}

    def part(match: re.Match[str]) -> str:
        name, argument = match.group(1), match.group(2)
        if (name, argument) not in rendered:
            if name == "csrf":
                html = get_token(request)
            elif parts is not None and name in parts:
                html = parts[name]
            elif name in RENDERERS:
                html = RENDERERS[name](request, argument)
            elif name in TEMPLATES:
                html = render_to_string(TEMPLATES[name], context or {}, request=request)
            else:
                html = ""
            if annotate is not None and name != "csrf" and html:
                html = annotate(html)
            rendered[name, argument] = html
        return rendered[name, argument]

    return _markers().sub(part, skeleton)


class PersonalNode(template.Node):
    def __init__(self, name: template.base.FilterExpression, argument) -> None:
        self.name, self.argument = name, argument

    def render(self, context) -> str:
        name = self.name.resolve(context)
        argument = "" if self.argument is None else str(self.argument.resolve(context) or "")
        if is_shared_render(context.get("request")):
            return marker(name, re.sub(r"[^0-9A-Za-z_]", "", argument))
        if name in TEMPLATES:
            included = context.template.engine.get_template(TEMPLATES[name])
            with context.push():
                return included.render(context)
        if name in RENDERERS:
            return RENDERERS[name](context["request"], argument)
        return str(context.get(f"personal_{name}", ""))


@register.tag
def personal(parser, token) -> PersonalNode:
    """{% personal "name" [argument] %}: the person's part here, a marker in a shared render."""
    bits = token.split_contents()
    if len(bits) not in (2, 3):
        raise template.TemplateSyntaxError("{% personal %} takes a name and an optional argument")
    argument = parser.compile_filter(bits[2]) if len(bits) == 3 else None
    return PersonalNode(parser.compile_filter(bits[1]), argument)
