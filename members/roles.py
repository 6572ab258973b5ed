"""The consortium's roles, as Django groups. Names are stable identifiers; labels are translated.

The groups and their model permissions are created by migrations (members 0002/0004,
dialogue 0002, cms's review-workflow migration), never by the demo data: a city that runs
`migrate` on an empty database has every role ready to assign.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

CITY_STAFF = "City staff"
MODERATORS = "Dialogue moderators"
LEADERSHIP = "Leadership"
REVIEWERS = "DX office reviewers"

LABELS = {
    CITY_STAFF: _("City staff"),
    MODERATORS: _("Dialogue moderators"),
    LEADERSHIP: _("Leadership"),
    REVIEWERS: _("DX office reviewers"),
}
ALL = (CITY_STAFF, MODERATORS, LEADERSHIP, REVIEWERS)
