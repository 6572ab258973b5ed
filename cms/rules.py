"""Permissions of the cms app (rules autodiscovers this module)."""

from __future__ import annotations

import rules

from members.rules import is_city_staff

rules.add_perm("cms.import_measurement", is_city_staff)
