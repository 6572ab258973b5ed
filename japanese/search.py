"""Search terms for Japanese (and mixed) text, the same at index and at query time.

Japanese has no spaces, and the database search backends (SQLite FTS5's unicode61 tokenizer,
PostgreSQL's text parser) only split on spaces and punctuation. So a text is turned into
space-separated *terms* here, and both backends see only words they split identically:

- width and case folded (NFKC, lower case): ＤＸ -> dx;
- katakana folded to hiragana, and a word-final long-vowel mark dropped from katakana
  words (コンピューター / コンピュータ), so kana and long-vowel spellings meet;
- each word's SudachiPy normalised form (シュミレーション -> シミュレーション,
  サーバ -> サーバー), in the shortest (A) and longest (C) split;
- character bigrams of every run of kanji and kana, which find any word of two characters
  or more inside a sentence (観光 in 観光協会と連携した), whatever the dictionary does.

A query goes through `query_clauses`: one clause per word of the query, each matched by
its normalised form OR by all of its bigrams; the clauses are ANDed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.html import strip_tags

from wagtail.search import index
from wagtail.search.query import And, Or, PlainText, SearchQuery

from .analyzer import katakana_to_hiragana, normalized_forms, tokenize

# Longest text analysed per field, and longest query: beyond this, a search box is being
# abused and a body is long enough for its words to be found in the first part.
MAX_TEXT = 20_000
MAX_QUERY = 200
MAX_QUERY_WORDS = 12
MAX_TERM = 40

_CJK = r"\u3041-\u3096\u30a1-\u30fa\u30fc\u3005\u3006\u4e00-\u9fff\u3400-\u4dbf\uf900-\ufaff"
_CJK_RUN = re.compile(f"[{_CJK}]+")
_KATAKANA_FINAL_LONG = re.compile(r"(?<=[\u30a1-\u30fa])\u30fc+(?![\u30a1-\u30fa\u30fc])")
# Typed in hiragana (こんぴゅーたー), a long vowel at the end of a kana run.
_KANA_FINAL_LONG = re.compile(r"(?<=[\u3041-\u3096])\u30fc+(?![\u3041-\u3096\u30fc])")
# Words for the backends: letters and digits only (what both tokenizers keep together).
_WORD = re.compile(r"[^\W_]+")
_HIRAGANA_WORD = re.compile(r"[\u3041-\u3096\u30fc]{2,}")
_SKIP_POS = {"補助記号", "空白", "助詞", "助動詞"}


def _is_word_char(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "LN"


def clean(text: str, limit: int = MAX_TEXT) -> str:
    """Width-folded text without control characters (NUL breaks PostgreSQL, FTS5 and logs)."""
    text = unicodedata.normalize("NFKC", text[: limit * 2])[:limit]
    return "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)


def _strip_latin_accents(text: str) -> str:
    # As FTS5's unicode61 does (café = cafe), so that PostgreSQL agrees; kana keep their
    # voicing marks (が is not か).
    if text.isascii():
        return text
    return "".join(
        unicodedata.normalize("NFD", ch)[0] if "\u00c0" <= ch <= "\u024f" else ch for ch in text
    )


def fold(text: str) -> str:
    """The spelling-insensitive form of an already cleaned word or text."""
    text = katakana_to_hiragana(_KATAKANA_FINAL_LONG.sub("", text))
    return _strip_latin_accents(_KANA_FINAL_LONG.sub("", text).lower())


def _words(text: str) -> list[str]:
    return [w[:MAX_TERM] for w in _WORD.findall(text)]


def bigrams(text: str) -> list[str]:
    """Character bigrams of each kanji/kana run of folded text; a lone character stays."""
    grams: list[str] = []
    for run in _CJK_RUN.findall(text):
        if len(run) == 1:
            grams.append(run)
        else:
            grams.extend(run[i : i + 2] for i in range(len(run) - 1))
    return grams


def _normalized_terms(text: str) -> list[str]:
    # Shortest units (mode A): a longer query word is matched by all of its parts.
    return _words(fold(clean(" ".join(normalized_forms(text, "A")))))


def index_terms(text: str) -> list[str]:
    """Every term a text is found by (with repeats: the backends rank by frequency)."""
    text = clean(text)
    if not text.strip():
        return []
    folded = fold(text)
    terms = bigrams(folded)
    # Non-Japanese words (DX, 2026, smart) as they are.
    terms.extend(_words(_CJK_RUN.sub(" ", folded)))
    terms.extend(_normalized_terms(text))
    return terms


def index_text(weighted_texts: Iterable[tuple[str, int]]) -> str:
    """The value of the extra search field: each text's terms, repeated `weight` (at most
    3) times, so that a summary counts more than a body on both backends."""
    parts: list[str] = []
    for text, weight in weighted_texts:
        if not text:
            continue
        terms = " ".join(index_terms(text))
        if terms:
            parts.extend([terms] * max(1, min(weight, 3)))
    return " ".join(parts)


@dataclass(frozen=True, slots=True)
class Clause:
    """One word of a query: found by any one of `alternatives`, each an AND of terms."""

    surface: str
    alternatives: tuple[tuple[str, ...], ...]

    @property
    def needles(self) -> tuple[str, ...]:
        """Strings to highlight in a folded text: the word, then its normalised forms."""
        found = [self.surface]
        found.extend(alt[0] for alt in self.alternatives if len(alt) == 1)
        return tuple(dict.fromkeys(n for n in found if n))


def _clause(word: str, normalized: list[str]) -> Clause:
    alternatives: list[tuple[str, ...]] = []
    if normalized:
        alternatives.append(tuple(normalized))
    if _CJK_RUN.fullmatch(word):
        alternatives.append(tuple(dict.fromkeys(bigrams(word))))
    else:
        alternatives.append((word,))
    return Clause(word, tuple(dict.fromkeys(alternatives)))


def _query_words(piece: str) -> Iterable[tuple[str, list[str]]]:
    """(folded word, its normalised terms) for one space-separated piece of a query."""
    if _HIRAGANA_WORD.fullmatch(piece):
        # Sudachi cuts kana-only input at random (すまーとしてぃ); kept whole, its
        # bigrams still find the katakana spelling.
        yield fold(piece), []
        return
    # A query word is a longest unit (mode C: スマートシティ); it is found by its
    # shortest units' normalised forms, as texts are indexed, or by its bigrams.
    for token in tokenize(piece, "C"):
        if token.pos[0] in _SKIP_POS:
            continue
        normalized = _normalized_terms(token.surface)
        for word in _words(fold(clean(token.surface))):
            yield word, normalized


def query_clauses(query: str) -> list[Clause]:
    """What a search box's text asks for. Operators and quotes are ordinary characters;
    nothing the user types reaches a backend's query syntax, only letters and digits."""
    text = clean(query, MAX_QUERY)
    clauses: list[Clause] = []
    for piece in text.split():
        for word, normalized in _query_words(piece):
            clause = _clause(word, normalized)
            if clause not in clauses:
                clauses.append(clause)
    if not clauses:
        # Only particles ("の"): still a query, of its plain words.
        clauses = [_clause(word, []) for word in dict.fromkeys(_words(fold(text)))]
    return clauses[:MAX_QUERY_WORDS]


def search_query(text: str) -> SearchQuery | None:
    """The Wagtail search query for what a person typed, or None when it asks for nothing.
    Pass it to `.search(...)` of a model that has the `search_terms` field."""
    parts = []
    for clause in query_clauses(text):
        options = [PlainText(" ".join(terms), operator="and") for terms in clause.alternatives]
        parts.append(options[0] if len(options) == 1 else Or(options))
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else And(parts)


def _flatten(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        return " ".join(_flatten(v) for v in value)
    if isinstance(value, dict):
        return " ".join(_flatten(v) for v in value.values())
    return strip_tags(str(value))


class TitleSearchField(index.SearchField):
    """The title as typed plus its terms: both backends keep a title column apart (ranked
    above the body), so the terms go there rather than into `search_terms`."""

    def get_value(self, obj):
        title = _flatten(super().get_value(obj))
        return f"{title} {' '.join(index_terms(title))}"


class JapaneseSearchable:
    """For `index.Indexed` models: add `SEARCH_TERMS_FIELD` to `search_fields`. Its value is
    the terms of every search field, the title's included; the title's terms also go with
    the title, which both backends rank above the body."""

    @classmethod
    def get_search_fields(cls):
        return [
            TitleSearchField(field.field_name, boost=field.boost)
            if type(field) is index.SearchField and field.field_name == "title"
            else field
            for field in super().get_search_fields()  # type: ignore[misc]
        ]

    def search_terms(self) -> str:
        texts = []
        for field in self.get_search_fields():
            if not isinstance(field, index.SearchField) or field.field_name == "search_terms":
                continue
            if field.field_name == "title":
                # Once, for matching only: PostgreSQL then finds every hit in the body
                # column alone, which its GIN index answers (cms/search/postgres_backend.py).
                texts.append((_flatten(index.SearchField.get_value(field, self)), 1))
            else:
                texts.append((_flatten(field.get_value(self)), round(field.boost or 1)))
        # The backends read every search field once per index column (three to five times
        # per save): analyse once per content.
        key = tuple(texts)
        cached = getattr(self, "_search_terms_cache", None)
        if cached is None or cached[0] != key:
            cached = self._search_terms_cache = (key, index_text(texts))
        return cached[1]


SEARCH_TERMS_FIELD = index.SearchField("search_terms")
