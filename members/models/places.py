"""How the city reads its place names, for furigana."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

READING = RegexValidator(
    r"^[\u3041-\u309f\u30a0-\u30ff\u3000 ]+$",
    _("Write the reading in hiragana or katakana (spaces between words are allowed)."),
)


class PlaceName(models.Model):
    """How the city reads one of its place names (or another proper noun a dictionary would
    guess wrong, such as みどり野市), for furigana. Organisations and people keep their own."""

    name = models.CharField(
        _("name"),
        max_length=120,
        unique=True,
        help_text=_("As it is written, e.g. みどり野市"),
    )
    reading = models.CharField(
        _("reading"),
        max_length=160,
        validators=[READING],
        help_text=_("In hiragana, e.g. みどりのし"),
    )

    class Meta:
        verbose_name = _("reading of a place name")
        verbose_name_plural = _("readings of place names")
        ordering = ["reading"]

    def __str__(self) -> str:
        return f"{self.name}（{self.reading}）"
