"""Japanese first: every interface string has a Japanese translation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from django.conf import settings

CATALOGUES = sorted(Path(settings.BASE_DIR).glob("*/locale/ja/LC_MESSAGES/*.po")) + sorted(
    Path(settings.BASE_DIR).glob("locale/ja/LC_MESSAGES/*.po")
)
FIELD = re.compile(r'^(msgctxt|msgid|msgid_plural|msgstr(?:\[\d+\])?) ((?:".*"\n?)+)', re.M)


def entries(text: str) -> list[tuple[bool, str, list[str]]]:
    """(fuzzy, msgid, [msgstr, …]) for every live entry of a .po file; a context is kept
    in front of its msgid as gettext keeps it, "context\x04msgid"."""
    found = []
    for block in text.split("\n\n"):
        lines = [line for line in block.splitlines() if not line.startswith("#~")]
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        fields: dict[str, list[str]] = {}
        for name, value in FIELD.findall(
            "\n".join(line for line in lines if not line.startswith("#"))
        ):
            fields.setdefault(name.split("[")[0], []).append("".join(re.findall(r'"(.*)"', value)))
        if fields.get("msgid", [""])[0]:
            key = "\x04".join(fields.get("msgctxt", []) + fields["msgid"][:1])
            found.append((fuzzy, key, fields.get("msgstr", [""])))
    return found


def test_site_and_apps_have_catalogues() -> None:
    owners = {p.relative_to(settings.BASE_DIR).parts[0] for p in CATALOGUES}
    assert {"locale", "members", "cms", "dialogue"} <= owners


@pytest.mark.parametrize(
    "catalogue", CATALOGUES, ids=lambda p: str(p.relative_to(settings.BASE_DIR))
)
def test_every_string_is_translated_into_japanese(catalogue: Path) -> None:
    text = catalogue.read_text(encoding="utf-8")
    untranslated = [msgid for fuzzy, msgid, msgstrs in entries(text) if fuzzy or not all(msgstrs)]
    assert untranslated == []


def test_one_string_has_one_translation_across_the_catalogues() -> None:
    """Django merges the apps' catalogues into one, so the same English string translated
    twice shows one of them everywhere (a sort label, タイトル順, once headed a table). Strings
    that mean different things carry a context (pgettext)."""
    seen: dict[str, dict[str, str]] = {}
    for catalogue in CATALOGUES:
        if catalogue.name != "django.po":
            continue
        for _fuzzy, msgid, msgstrs in entries(catalogue.read_text(encoding="utf-8")):
            seen.setdefault(msgid, {})[str(catalogue.relative_to(settings.BASE_DIR))] = msgstrs[0]
    differing = {msgid: where for msgid, where in seen.items() if len(set(where.values())) > 1}
    assert differing == {}


def test_the_checker_sees_fuzzy_and_empty_entries() -> None:
    sample = (
        '#: a.py:1\n#, fuzzy, python-format\nmsgid "A %(x)s"\nmsgstr "あ %(x)s"\n\n'
        'msgid "B"\nmsgstr ""\n\nmsgid "C"\nmsgid_plural "Cs"\nmsgstr[0] "し"\n\n'
        'msgid ""\n"Long "\n"D"\nmsgstr ""\n"長い"\n"D"\n\n'
        'msgctxt "sort order"\nmsgid "Title"\nmsgstr "タイトル順"\n'
    )
    assert entries(sample) == [
        (True, "A %(x)s", ["あ %(x)s"]),
        (False, "B", [""]),
        (False, "C", ["し"]),
        (False, "Long D", ["長いD"]),
        (False, "sort order\x04Title", ["タイトル順"]),
    ]
