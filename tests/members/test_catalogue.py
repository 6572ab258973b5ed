"""Fuzzy entries are skipped by compilemessages, so the page would show English."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from django.conf import settings

CATALOGUES = [
    Path(settings.BASE_DIR) / app / "locale" / "ja" / "LC_MESSAGES" / "django.po"
    for app in ("members", "cms")
]


@pytest.mark.parametrize("catalogue", CATALOGUES, ids=lambda p: p.parts[-5])
def test_no_fuzzy_entries(catalogue: Path) -> None:
    entries = catalogue.read_text(encoding="utf-8").split("\n\n")[1:]  # [0] is the header
    fuzzy = [e for e in entries if re.search(r"^#,.*\bfuzzy\b", e, re.M)]
    assert fuzzy == []
