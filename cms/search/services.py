"""One search over everything a person may see, ranked, with highlighted snippets.

Each kind is searched with Wagtail's search framework (the database backend by default) on
the `search_terms` field that japanese/search.py computes when an object is indexed; the
query goes through the same analyser. Kinds are merged by the backend's score, so "all"
shows the best hits first whatever their kind.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from django.db.models import Model, QuerySet
from django.utils.functional import cached_property
from django.utils.html import escape, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from wagtail.models import Locale, Page
from wagtail.search import index

from dialogue.models import DialogueSession
from dialogue.models.proposals import Proposal
from dialogue.rules import visible_sessions_filter
from japanese.analyzer import katakana_to_hiragana
from japanese.search import MAX_QUERY, clean, query_clauses, search_query

from ..organizations.models import OrganizationPage
from ..pilots.pages import PilotPage
from .backend import ranked
from .ranked import RANK_CAP

PER_PAGE = 20
# 500 hits, as many as are ranked (cms/search/ranked.py): past that, a person refines the query
MAX_PAGE = RANK_CAP // PER_PAGE
SNIPPET_CHARS = 160
SNIPPET_SOURCE = 1_500  # a match further into a long body shows the beginning instead

KINDS: dict[str, str] = {
    "pages": _("Pages"),
    "pilots": _("Pilots"),
    "organisations": _("Organisations"),
    "proposals": _("Proposals"),
    "sessions": _("Sessions"),
}


def _pages(user) -> QuerySet:
    return Page.objects.live().public().filter(locale=Locale.get_active(), depth__gt=1)


def querysets(user, kind: str | None = None) -> dict[str, QuerySet]:
    """What `user` may find, per kind (only `kind` when given): published public pages of
    the current language, public proposals, and the sessions this person may see."""
    wanted = [kind] if kind in KINDS else list(KINDS)
    found: dict[str, QuerySet] = {}
    if {"pages", "pilots", "organisations"} & set(wanted):
        # Public pages: one query for the view restrictions, one for the language.
        pages = _pages(user)
        found["pages"] = pages.not_type(PilotPage, OrganizationPage)
        found["pilots"] = pages.type(PilotPage)
        found["organisations"] = pages.type(OrganizationPage)
    found["proposals"] = Proposal.objects.public()
    if "sessions" in wanted:  # a signed-in person's organisations take queries
        found["sessions"] = DialogueSession.objects.filter(
            pk__in=DialogueSession.objects.filter(visible_sessions_filter(user)).values("pk")
        )
    return {name: found[name] for name in wanted}


@dataclass
class Hit:
    kind: str
    obj: Model
    score: float
    snippet: SafeString = SafeString("")

    @property
    def title(self) -> str:
        return getattr(self.obj, "title", str(self.obj))

    @property
    def url(self) -> str:
        if isinstance(self.obj, Page):
            return self.obj.get_url() or ""
        return self.obj.get_absolute_url()

    @property
    def kind_label(self) -> str:
        return KINDS[self.kind]


@dataclass
class Results:
    query: str
    kind: str | None
    page: int
    hits: list[Hit] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return self.counts.get(self.kind, 0) if self.kind else sum(self.counts.values())

    @cached_property
    def num_pages(self) -> int:
        return min(MAX_PAGE, max(1, -(-self.total // PER_PAGE)))

    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.num_pages


def search(text: str, user, kind: str | None = None, page: int = 1) -> Results:
    text = clean(text or "", MAX_QUERY).strip()
    kind = kind if kind in KINDS else None
    page = min(max(1, page), MAX_PAGE)
    results = Results(query=text, kind=kind, page=page)
    query = search_query(text)
    if query is None:
        return results
    wanted = page * PER_PAGE
    hits: list[Hit] = []
    # A filtered page searches only its kind (the other tabs then show no number).
    for name, queryset in querysets(user, kind).items():
        first = (page - 1) * PER_PAGE if kind else 0
        found, results.counts[name] = ranked(query, queryset, first, wanted)
        hits.extend(Hit(name, obj, score) for obj, score in found)
    if not kind:
        hits.sort(key=lambda hit: hit.score, reverse=True)
        hits = hits[(page - 1) * PER_PAGE : wanted]
    _load_specific(hits)
    clauses = query_clauses(text)
    for hit in hits:
        hit.snippet = snippet(searchable_text(hit.obj), clauses)
    results.hits = hits
    return results


def _load_specific(hits: list[Hit]) -> None:
    pages = [hit for hit in hits if isinstance(hit.obj, Page)]
    if pages:
        specific = Page.objects.filter(pk__in=[h.obj.pk for h in pages]).specific().in_bulk()
        for hit in pages:
            hit.obj = specific.get(hit.obj.pk, hit.obj)


def searchable_text(obj) -> str:
    """The text a snippet is cut from: an object's search fields, except the title."""
    if isinstance(obj, Proposal):
        return f"{obj.summary}\n{obj.body}"
    parts = []
    for search_field in obj.get_search_fields():
        if isinstance(search_field, index.SearchField) and search_field.field_name not in (
            "title",
            "search_terms",
        ):
            parts.append(_text(search_field.get_value(obj)))
    return "\n".join(p for p in parts if p)


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return " ".join(_text(v) for v in value)
    return strip_tags(str(value))


@lru_cache(maxsize=8192)
def _fold_char(ch: str) -> str:
    # Character by character, so that every folded character points back to its original;
    # a word-final long-vowel mark stays (the highlight then stops just before it).
    return (
        katakana_to_hiragana(unicodedata.normalize("NFKC", ch)).lower() if ch.isprintable() else " "
    )


def _folded_with_map(text: str) -> tuple[str, Sequence[int]]:
    """The folded text, and for each of its characters the index of the original one."""
    out = list(map(_fold_char, text))
    folded = "".join(out)
    if len(folded) == len(text):  # the usual case: each character folds to one
        return folded, range(len(text))
    where: list[int] = []
    for i, part in enumerate(out):
        where.extend([i] * len(part))
    return folded, where


def snippet(text: str, clauses, width: int = SNIPPET_CHARS) -> SafeString:
    """Up to `width` characters around the first match, every match in <mark>; escaped."""
    text = " ".join(text[:SNIPPET_SOURCE].split())
    if not text:
        return SafeString("")
    folded, where = _folded_with_map(text)
    spans: list[tuple[int, int]] = []
    for clause in clauses:
        needles = [n for n in clause.needles if n]
        for needle in needles:
            start = folded.find(needle)
            while start != -1:
                spans.append((where[start], where[start + len(needle) - 1] + 1))
                start = folded.find(needle, start + len(needle))
    spans.sort()
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    begin = max(0, merged[0][0] - width // 4) if merged else 0
    end = min(len(text), begin + width)
    html = ["…" if begin else ""]
    cursor = begin
    for start, stop in merged:
        if stop <= begin or start >= end:
            continue
        start, stop = max(start, begin), min(stop, end)
        html.append(escape(text[cursor:start]))
        html.append(f"<mark>{escape(text[start:stop])}</mark>")
        cursor = stop
    html.append(escape(text[cursor:end]))
    if end < len(text):
        html.append("…")
    return mark_safe("".join(html))  # noqa: S308 (every piece of text above is escaped)
