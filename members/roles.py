"""The consortium's roles, as Django groups. Names are stable identifiers; labels are translated."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

CITY_STAFF = "City staff"
MODERATORS = "Dialogue moderators"
LEADERSHIP = "Leadership"

LABELS = {
    CITY_STAFF: _("City staff"),
    MODERATORS: _("Dialogue moderators"),
    LEADERSHIP: _("Leadership"),
}
ALL = (CITY_STAFF, MODERATORS, LEADERSHIP)
