"""The fixed vocabularies of pilots: status, an indicator's direction, its state."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class PilotStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    RUNNING = "running", _("Running")
    EVALUATING = "evaluating", _("Evaluating")
    COMPLETED = "completed", _("Completed")
    ADOPTED = "adopted", pgettext_lazy("pilot status", "Adopted")
    DISCONTINUED = "discontinued", _("Discontinued")


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class IndicatorState(models.TextChoices):
    MET = "met", _("Target met")
    ON_TRACK = "on_track", _("On track")
    BEHIND = "behind", _("Behind")
    NO_DATA = "no_data", _("No data yet")
