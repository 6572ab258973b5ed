"""Who may read, make and change opinion maps.

City staff make, recompute and edit maps and read every map. Everyone else reads a map
only when it is published and they may read its source: a map of a private room or session
is for that room's participants only (dialogue's own rules decide).
"""

from __future__ import annotations

import rules

from members.rules import is_city_staff

from . import sources


@rules.predicate
def can_view_map(user, opinion_map) -> bool:
    if opinion_map is None:
        return False
    if is_city_staff(user):
        return True
    if not opinion_map.published:
        return False
    try:
        source = sources.get(opinion_map.source_kind)
    except KeyError:
        return False
    return bool(source.may_read(user, opinion_map))


rules.add_perm("listening.view_opinionmap", can_view_map)
rules.add_perm("listening.add_opinionmap", is_city_staff)
rules.add_perm("listening.change_opinionmap", is_city_staff)
rules.add_perm("listening.change_group", is_city_staff)
