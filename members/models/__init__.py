"""Members models: people (users.py), organisations and memberships (organizations.py),
invitations (invitations.py), readings of place names (places.py), the audit log (audit.py)."""

from .audit import AuditEntry as AuditEntry
from .invitations import INVITATION_LIFETIME as INVITATION_LIFETIME
from .invitations import Invitation as Invitation
from .invitations import InvitationQuerySet as InvitationQuerySet

# Migration 0003 names the invitation defaults by this path.
from .invitations import _default_expiry as _default_expiry
from .invitations import _new_token as _new_token
from .organizations import Membership as Membership
from .organizations import Organization as Organization
from .organizations import OrganizationKind as OrganizationKind
from .places import READING as READING
from .places import PlaceName as PlaceName
from .users import User as User
from .users import UserManager as UserManager
from .users import actor_field as actor_field
