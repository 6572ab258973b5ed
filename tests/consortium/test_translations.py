"""Japanese first: every interface string has a Japanese translation."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from django.conf import settings

CATALOGUES = sorted(Path(settings.BASE_DIR).glob("*/locale/ja/LC_MESSAGES/*.po")) + sorted(
    Path(settings.BASE_DIR).glob("locale/ja/LC_MESSAGES/*.po")
)
ENTRY = re.compile(
    r'(#, fuzzy\n)?(?:#.*\n)*msgid ((?:".*"\n)+)(?:msgid_plural (?:".*"\n)+)?'
    r'msgstr(?:\[0\])? ((?:".*"\n)+)',
    re.M,
)


def _text(lines: str) -> str:
    return "".join(re.findall(r'"(.*)"', lines))


def test_site_and_apps_have_catalogues() -> None:
    owners = {p.relative_to(settings.BASE_DIR).parts[0] for p in CATALOGUES}
    assert {"locale", "members", "cms", "dialogue"} <= owners


@pytest.mark.parametrize(
    "catalogue", CATALOGUES, ids=lambda p: str(p.relative_to(settings.BASE_DIR))
)
def test_every_string_is_translated_into_japanese(catalogue: Path) -> None:
    text = catalogue.read_text(encoding="utf-8")
    untranslated = []
    for fuzzy, msgid, msgstr in ENTRY.findall(text):
        if _text(msgid) and (fuzzy or not _text(msgstr)):
            untranslated.append(_text(msgid))
    assert untranslated == []
