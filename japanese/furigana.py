"""ふりがな: readings above kanji, rendered by the server as <ruby>.

Readings come from SudachiPy (its reading form, turned into hiragana), except for the names
a city stores readings for (places, organisations, people): those are matched first and use
the stored reading, since a dictionary guesses names badly.

`annotate_html` walks HTML and annotates text only: text inside links, code, form fields,
existing <ruby>, scripts and anything marked `data-no-furigana` is left as it is, and no text
is unescaped on the way out, so nothing that was text can become markup.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from html import escape
from html.parser import HTMLParser

from .analyzer import katakana_to_hiragana, surfaces_and_readings

_KANJI_CHARS = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f々〆ヶ"
_KANA_CHARS = r"\u3041-\u309f\u30a0-\u30ff"
KANJI = re.compile(f"[{_KANJI_CHARS}]")
_KANA = re.compile(f"[{_KANA_CHARS}]")
# Elements whose text is not annotated (their content is code, a control, a link's
# accessible name that must stay searchable, or already annotated).
SKIP = frozenset(
    {
        "a", "button", "code", "kbd", "samp", "pre", "script", "style", "textarea", "select",
        "option", "input", "ruby", "rt", "rp", "title", "svg", "math", "template", "noscript",
    }
)  # fmt: skip
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
     "track", "wbr"}
)  # fmt: skip
MAX_WORD = 64  # a "word" longer than this is left unannotated (odd input, not Japanese)


def _ruby(base: str, reading: str) -> str:
    return f"<ruby>{escape(base, quote=False)}<rt>{escape(reading, quote=False)}</rt></ruby>"


def _ruby_for_word(surface: str, reading: str) -> str:
    """Ruby over the kanji part only: 行う/おこなう -> <ruby>行<rt>おこな</rt></ruby>う."""
    if not KANJI.search(surface) or not reading or len(surface) > MAX_WORD:
        return escape(surface, quote=False)
    head = 0
    while (
        head < len(surface) - 1
        and head < len(reading)
        and not KANJI.match(surface[head])
        and katakana_to_hiragana(surface[head]) == reading[head]
    ):
        head += 1
    tail = 0
    while (
        tail < len(surface) - head - 1
        and tail < len(reading) - head
        and not KANJI.match(surface[-1 - tail])
        and katakana_to_hiragana(surface[-1 - tail]) == reading[-1 - tail]
    ):
        tail += 1
    core = surface[head : len(surface) - tail]
    core_reading = reading[head : len(reading) - tail]
    if not core_reading:
        return escape(surface, quote=False)
    return (
        escape(surface[:head], quote=False)
        + _ruby(core, core_reading)
        + escape(surface[len(surface) - tail :], quote=False)
    )


# A word cut into runs of kanji, of kana, and of anything else (ヶ counts as kanji).
_RUNS = re.compile(
    f"(?P<kanji>[{_KANJI_CHARS}]+)|(?P<kana>[{_KANA_CHARS}]+)|(?P<other>[^{_KANA_CHARS}{_KANJI_CHARS}]+)"
)


def _ruby_by_kana(surface: str, reading: str) -> str:
    """One word's reading laid over its kanji runs, the kana between them as anchors:
    市民の会/しみんのかい gives 市民《しみん》の会《かい》. When the word holds letters or signs,
    or the kana do not line up, one ruby over the kanji part (_ruby_for_word)."""
    runs = [(m.lastgroup, m.group()) for m in _RUNS.finditer(surface)]
    if any(kind == "other" for kind, _text in runs) or len(surface) > MAX_WORD:
        return _ruby_for_word(surface, reading)
    pattern = "".join(
        "(.+?)" if kind == "kanji" else re.escape(katakana_to_hiragana(text)) for kind, text in runs
    )
    match = re.fullmatch(pattern, reading)
    if match is None:
        return _ruby_for_word(surface, reading)
    groups = iter(match.groups())
    return "".join(
        _ruby(text, next(groups)) if kind == "kanji" else escape(text, quote=False)
        for kind, text in runs
    )


def _ruby_aligned(surface: str, reading: str) -> str:
    """A stored reading of a whole name. Where the name and its reading have as many
    space-separated words (山田 花子/やまだ はなこ), each word gets its own reading."""
    words = surface.split()
    spoken = reading.split()
    if len(words) > 1 and len(words) == len(spoken):
        out: list[str] = []
        for part in re.split(r"(\s+)", surface):
            out.append(
                escape(part, quote=False)
                if not part or part.isspace()
                else _ruby_by_kana(part, spoken.pop(0))
            )
        return "".join(out)
    return _ruby_by_kana(surface, "".join(spoken))


@lru_cache(maxsize=4096)
def _annotate_plain(text: str) -> str:
    out: list[str] = []
    for surface, reading in surfaces_and_readings(text):
        if not KANJI.search(surface):
            out.append(escape(surface, quote=False))
            continue
        reading = katakana_to_hiragana(reading)
        # Sudachi gives no usable reading for unknown or symbol tokens; it echoes them.
        if reading == surface or not _KANA.search(reading):
            out.append(escape(surface, quote=False))
        else:
            out.append(_ruby_for_word(surface, reading))
    return "".join(out)


class Glossary:
    """Stored readings, longest name first, matched before the analyser guesses."""

    def __init__(self, readings: Mapping[str, str] | None = None) -> None:
        cleaned = {
            # Spaces between the words of a reading are kept: they line the reading up
            # with the words of the name.
            word: " ".join(katakana_to_hiragana(reading).split())
            for word, reading in (readings or {}).items()
            if word and reading and KANJI.search(word)
        }
        self.readings = cleaned
        names = sorted(cleaned, key=len, reverse=True)
        self.pattern = re.compile("|".join(map(re.escape, names))) if names else None

    def annotate(self, text: str) -> str:
        if not KANJI.search(text):
            return escape(text, quote=False)
        if self.pattern is None:
            return _annotate_plain(text)
        out: list[str] = []
        position = 0
        for match in self.pattern.finditer(text):
            out.append(_annotate_plain(text[position : match.start()]))
            out.append(_ruby_aligned(match.group(), self.readings[match.group()]))
            position = match.end()
        out.append(_annotate_plain(text[position:]))
        return "".join(out)


EMPTY = Glossary()


def annotate_text(text: str, glossary: Glossary = EMPTY) -> str:
    """Plain text in, safe HTML out."""
    return glossary.annotate(text)


class _Annotator(HTMLParser):
    def __init__(self, glossary: Glossary) -> None:
        super().__init__(convert_charrefs=False)
        self.glossary = glossary
        self.out: list[str] = []
        self.skipping: list[str] = []  # open elements that stop annotation
        self.pending: list[str] = []  # raw text (entities kept) waiting for a tag

    def _flush(self) -> None:
        if not self.pending:
            return
        raw = "".join(self.pending)
        self.pending = []
        if self.skipping or not KANJI.search(raw):
            self.out.append(raw)
        elif "&" in raw:
            # Keep entities exactly as written: annotate only the runs between them.
            for part in re.split(r"(&#?\w+;)", raw):
                self.out.append(part if part.startswith("&") else self.glossary.annotate(part))
        else:
            self.out.append(self.glossary.annotate(raw))

    def handle_starttag(self, tag, attrs):
        self._flush()
        self.out.append(self.get_starttag_text() or "")
        if tag in VOID:
            return
        if (
            self.skipping
            or tag in SKIP
            or any(name == "data-no-furigana" for name, _value in attrs)
        ):
            self.skipping.append(tag)

    def handle_startendtag(self, tag, attrs):
        self._flush()
        self.out.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag):
        self._flush()
        self.out.append(f"</{tag}>")
        if self.skipping and tag in self.skipping:
            # Close back to the matching element (tolerates unclosed children).
            while self.skipping and self.skipping.pop() != tag:
                pass

    def handle_data(self, data):
        self.pending.append(data)

    def handle_entityref(self, name):
        self.pending.append(f"&{name};")

    def handle_charref(self, name):
        self.pending.append(f"&#{name};")

    def handle_comment(self, data):
        self._flush()
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self._flush()
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data):
        self._flush()
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data):
        self._flush()
        self.out.append(f"<![{data}]>")

    def result(self) -> str:
        self.close()
        self._flush()
        # HTMLParser keeps an unfinished tag in rawdata; give it back untouched.
        if self.rawdata:
            self.out.append(self.rawdata)
        return "".join(self.out)


def annotate_html(html: str, glossary: Glossary = EMPTY) -> str:
    """Ruby over kanji in the text of an HTML fragment or document; markup untouched."""
    if not KANJI.search(html):
        return html
    parser = _Annotator(glossary)
    parser.feed(html)
    return parser.result()
