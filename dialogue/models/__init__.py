"""Dialogue models: rooms and sessions (rooms.py), proposals (proposals.py) and what is said
about them (comments.py), decisions and actions (outcomes.py)."""

from .attendance import Attendance as Attendance
from .comments import COMMENT_MAX as COMMENT_MAX
from .comments import Comment as Comment
from .comments import Report as Report
from .outcomes import NOTE_MAX as NOTE_MAX
from .outcomes import OUTCOME_MAX as OUTCOME_MAX
from .outcomes import Outcome as Outcome
from .outcomes import OutcomeQuerySet as OutcomeQuerySet
from .proposals import BODY_MAX as BODY_MAX
from .proposals import OPEN_STATUSES as OPEN_STATUSES
from .proposals import PLACE_MAX as PLACE_MAX
from .proposals import PUBLIC_STATUSES as PUBLIC_STATUSES
from .proposals import REASON_MAX as REASON_MAX
from .proposals import SUMMARY_MAX as SUMMARY_MAX
from .proposals import TITLE_MAX as TITLE_MAX
from .proposals import Proposal as Proposal
from .proposals import ProposalQuerySet as ProposalQuerySet
from .proposals import ProposalStatus as ProposalStatus
from .proposals import ProposalStatusChange as ProposalStatusChange
from .proposals import Support as Support
from .proposals import Theme as Theme
from .rooms import Acknowledgement as Acknowledgement
from .rooms import DialogueSession as DialogueSession
from .rooms import Message as Message
from .rooms import Reaction as Reaction
from .rooms import Room as Room
from .rooms import Visibility as Visibility
