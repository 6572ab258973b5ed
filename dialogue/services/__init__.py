"""Every change to a room goes through these functions: validate, write, broadcast on commit.

They serve the WebSocket consumer, the HTTP API, the admin, the demo data and the tests
alike. Permission flags come in as an `Access`, so a send costs as few queries as possible.
"""

from .access import DEFAULT_DETAILS as DEFAULT_DETAILS
from .access import Access as Access
from .access import DialogueError as DialogueError
from .access import access_for as access_for
from .access import require_power as require_power
from .access import speaking_orgs as speaking_orgs
from .access import two_step_setup_url as two_step_setup_url
from .history import history as history
from .messages import broadcast_update as broadcast_update
from .messages import delete_message as delete_message
from .messages import edit_message as edit_message
from .messages import hide_message as hide_message
from .messages import post_message as post_message
from .messages import unhide_message as unhide_message
from .reactions import toggle_acknowledgement as toggle_acknowledgement
from .reactions import toggle_reaction as toggle_reaction
from .validation import clean_body as clean_body
from .validation import clean_client_id as clean_client_id
from .validation import within_length as within_length
