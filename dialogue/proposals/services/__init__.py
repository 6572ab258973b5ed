"""Every change to a proposal goes through these functions: check, write, tell after commit.

Views, the Wagtail admin, the demo data and the tests call them alike. Refusals raise
`DialogueError` (the rooms' error type) with a readable, translated `detail`; `field`
in its context names the form field a refusal belongs to. Writing (drafts.py), the
lifecycle (workflow.py), supports (supports.py), comments (comments.py) and moderation
(moderation.py) share one set of checks (validation.py).
"""

from .comments import COMMENTS_PER_HOUR as COMMENTS_PER_HOUR
from .comments import delete_comment as delete_comment
from .comments import edit_comment as edit_comment
from .comments import post_comment as post_comment
from .comments import recount as recount
from .drafts import PROPOSALS_PER_HOUR as PROPOSALS_PER_HOUR
from .drafts import draft_from_message as draft_from_message
from .drafts import save_draft as save_draft
from .moderation import dismiss_report as dismiss_report
from .moderation import hide_comment as hide_comment
from .moderation import hide_proposal as hide_proposal
from .moderation import report as report
from .supports import set_support as set_support
from .supports import toggle_acknowledgement as toggle_acknowledgement
from .supports import toggle_support as toggle_support
from .validation import RULES as RULES
from .validation import clean_as as clean_as
from .workflow import REASON_REQUIRED as REASON_REQUIRED
from .workflow import TRANSITIONS as TRANSITIONS
from .workflow import change_status as change_status
from .workflow import publish_proposal as publish_proposal
from .workflow import reject_proposal as reject_proposal
from .workflow import submit_proposal as submit_proposal
