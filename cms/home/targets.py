"""The programme target on the home page: which pilots count toward it, and how far it is."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..pilots.choices import PilotStatus


class TargetCounts(models.TextChoices):
    """Which pilots count toward the programme target shown on the home page."""

    COMPLETED_OR_ADOPTED = "completed_adopted", _("Pilots completed or adopted")
    ADOPTED = "adopted", _("Pilots adopted")
    STARTED = "started", _("Pilots started (running or later, not discontinued)")
    ALL = "all", _("All published pilots")


COUNTING_STATUSES = {
    TargetCounts.COMPLETED_OR_ADOPTED: {PilotStatus.COMPLETED, PilotStatus.ADOPTED},
    TargetCounts.ADOPTED: {PilotStatus.ADOPTED},
    TargetCounts.STARTED: {
        PilotStatus.RUNNING,
        PilotStatus.EVALUATING,
        PilotStatus.COMPLETED,
        PilotStatus.ADOPTED,
    },
    TargetCounts.ALL: set(PilotStatus.values),
}


@dataclass
class ProgrammeTarget:
    label: str
    done: int
    total: int

    @property
    def percent(self) -> int:
        if not self.total:
            return 0
        return min(100, round(self.done * 100 / self.total))
