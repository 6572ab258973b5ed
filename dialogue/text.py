"""What people type, made safe: cleaned text and a sanitised markdown-lite rendering.

The renderer escapes everything first and only then adds the few tags it knows, so no
input can open a tag of its own; nh3 then checks the result as a second line of defence.
Every block gets dir="auto" so right-to-left text and stray bidi controls stay inside it.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable

import nh3

_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x85]")
_LIST_ITEM = re.compile(r"^\s{0,3}(?:([-*]\s+|・\s*)|(\d{1,3})[.)]\s+)(.*)$")
# Runs on escaped text: "&", "<" and quotes already are entities.
_MD_LINK = re.compile(r"\[([^\[\]\n]{1,300})\]\(((?:https?://|mailto:)[^\s()<>]{1,2000})\)")
_BARE_URL = re.compile(r"(?<![\w/@])(https?://[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]{1,2000})")
_TRAILING = ".,;:!?)]'"
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
# Japanese has no spaces between words: only ASCII letters and digits stop emphasis.
_ITALIC = re.compile(
    r"(?<![*A-Za-z0-9])\*(?=[^\s*])(.+?)(?<=[^\s*])\*(?![*A-Za-z0-9])"
    r"|(?<![A-Za-z0-9_])_(?=\S)(.+?)(?<=\S)_(?![A-Za-z0-9_])"
)
_TOKEN = re.compile(r"\x00(\d+)\x00")

ALLOWED_TAGS = {"p", "br", "strong", "em", "a", "ul", "ol", "li", "span"}


def clean_text(raw: str) -> str:
    """Drop NUL, control characters and lone surrogates (keeping newlines and tabs); trim."""
    text = _NEWLINES.sub("\n", raw)
    text = "".join(
        ch for ch in text if ch in "\n\t" or unicodedata.category(ch) not in {"Cc", "Cs"}
    )
    return text.strip()


def render(text: str, people: Iterable[tuple[int, str]] = ()) -> str:
    """Markdown-lite: **bold**, *italics*, links, line breaks, lists, @mentions."""
    mentions = _mention_pattern(people)
    blocks: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []
    list_tag = ""

    def flush_paragraph() -> None:
        if paragraph:
            blocks.append('<p dir="auto">' + "<br>".join(paragraph) + "</p>")
            paragraph.clear()

    def flush_list() -> None:
        nonlocal list_tag
        if items:
            inner = "".join(f'<li dir="auto">{item}</li>' for item in items)
            blocks.append(f"<{list_tag}>{inner}</{list_tag}>")
            items.clear()
        list_tag = ""

    for line in text.split("\n"):
        if not line.strip():
            flush_paragraph()
            flush_list()
            continue
        match = _LIST_ITEM.match(line)
        if match:
            tag = "ol" if match.group(2) else "ul"
            flush_paragraph()
            if list_tag and tag != list_tag:
                flush_list()
            list_tag = tag
            items.append(_inline(match.group(3), mentions))
        else:
            flush_list()
            paragraph.append(_inline(line, mentions))
    flush_paragraph()
    flush_list()
    return sanitise("".join(blocks))


def sanitise(markup: str) -> str:
    return nh3.clean(
        markup,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes={"a": {"href"}, "span": {"data-user-id"}},
        tag_attribute_values={"p": {"dir": {"auto"}}, "li": {"dir": {"auto"}}},
        allowed_classes={"span": {"mention"}},
        set_tag_attribute_values={"a": {"target": "_blank"}},
        link_rel="nofollow noopener noreferrer",
        url_schemes={"http", "https", "mailto"},
        url_relative=nh3.UrlRelative.Deny if hasattr(nh3, "UrlRelative") else None,
    )


def excerpt(text: str, length: int = 140) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1] + "…"


def _inline(line: str, mentions: tuple[re.Pattern, dict[str, int]] | None) -> str:
    tokens: list[str] = []

    def keep(markup: str) -> str:
        tokens.append(markup)
        return f"\x00{len(tokens) - 1}\x00"

    def md_link(match: re.Match) -> str:
        return keep(f'<a href="{match.group(2)}">{match.group(1)}</a>')

    def bare_url(match: re.Match) -> str:
        url = match.group(1)
        tail = ""
        for stop in ("&quot;", "&#x27;", "&lt;", "&gt;"):
            if stop in url:
                tail = url[url.index(stop) :] + tail
                url = url[: url.index(stop)]
        while url and (url[-1] in _TRAILING or url.endswith(("&#x27;", "&quot;"))):
            cut = 6 if url.endswith(("&#x27;", "&quot;")) else 1
            tail = url[-cut:] + tail
            url = url[:-cut]
        return keep(f'<a href="{url}">{url}</a>') + tail

    text = html.escape(line, quote=True)
    text = _MD_LINK.sub(md_link, text)
    text = _BARE_URL.sub(bare_url, text)
    if mentions is not None:
        pattern, names = mentions
        text = pattern.sub(
            lambda m: keep(
                f'<span class="mention" data-user-id="{names[m.group(1)]}">@{m.group(1)}</span>'
            ),
            text,
        )
    text = _BOLD.sub(r"<strong>\1</strong>", text)
    text = _ITALIC.sub(lambda m: f"<em>{m.group(1) or m.group(2)}</em>", text)
    while _TOKEN.search(text):
        text = _TOKEN.sub(lambda m: tokens[int(m.group(1))], text)
    return text


def _mention_pattern(
    people: Iterable[tuple[int, str]],
) -> tuple[re.Pattern, dict[str, int]] | None:
    names: dict[str, int] = {}
    for pk, name in people:
        for form in {name, name.replace(" ", "").replace("\u3000", "")}:
            form = html.escape(form.strip(), quote=True)
            if form:
                names.setdefault(form, pk)
    if not names:
        return None
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(f"@({alternatives})"), names
