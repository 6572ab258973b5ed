"""What the room page's script is told in words: every text it shows that the templates
(room_live.html, includes/message.html) do not already carry.

Translated here, in the request's language, and embedded in the page as JSON
(`room-strings`), so the script holds no interface text and no catalogue of its own.
Texts with placeholders keep Django's %(name)s form; the script fills them in.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from members.models import OrganizationKind


def _forms(translate) -> dict[str, str]:
    # Japanese has one form, English two: the script picks "one" for 1, "other" otherwise.
    return {"one": translate(1), "other": translate(2)}


def client_strings() -> dict:
    return {
        "kinds": {kind.value: str(kind.label) for kind in OrganizationKind},
        # connection status
        "connecting": _("Connecting…"),
        "live": _("Connected. New messages appear as they are posted."),
        "reconnecting": _("Connection lost. Reconnecting in %(seconds)s s…"),
        "offline": _(
            "You are offline. What you write is kept and sent when the connection returns."
        ),
        "refused": _("You do not have access to this room."),
        "gone": _("This room does not exist."),
        "waiting": _forms(
            lambda n: ngettext(
                "%(count)s message is waiting to be sent.",
                "%(count)s messages are waiting to be sent.",
                n,
            )
        ),
        # refusals noticed before asking the server, and the fallback for unknown ones
        "too_long": _("A message can have at most %(max)s characters."),
        "empty": _("Write something before sending."),
        "empty_edit": _("Write something before saving, or delete the message."),
        "no_reason": _("Give a reason for hiding this message."),
        "not_connected": _("Not connected. Please try again when the connection returns."),
        "failed": _("Something went wrong."),
        "confirm_delete": _("Delete this message? This cannot be undone."),
        "confirm_replace": _("Replace what you are writing now?"),
        "confirm_discard": _("Discard this unsent message?"),
        # composer
        "left": _("%(left)s characters left"),
        "as_self": _("Myself (%(name)s)"),
        "as_org": _("On behalf of %(org)s"),
        "replying": _("Replying to %(name)s: %(text)s"),
        "read_only": _("This room is read-only."),
        "sign_in": _("Sign in to take part."),
        "read_only_for_you": _("You can read this room but not post in it."),
        "mention_suggestions": _forms(
            lambda n: ngettext(
                "%(count)s person to mention. Up and down arrows to choose, Enter to pick.",
                "%(count)s people to mention. Up and down arrows to choose, Enter to pick.",
                n,
            )
        ),
        "mention_picked": _("%(name)s will be mentioned."),
        # messages
        "unknown": _("Unknown"),
        "separator": _(", "),
        "acknowledged_by": _("by %(names)s"),
        "hidden_because": _("Hidden from participants: %(reason)s"),
        "hidden": _("Hidden from participants."),
        "deleted": _("This message was deleted."),
        "reply_to": _("Reply to %(name)s"),
        "reply_to_earlier": _("Reply to an earlier message"),
        # the reply button's name: it keeps the button's visible words (WCAG 2.5.3)
        "reply_theirs": _("Reply to the message from %(name)s"),
        # the count outside brackets: it is the visible text, which the name must keep
        "react": _("React with %(emoji)s, %(count)s so far"),
        "reaction_count": _("%(emoji)s: %(count)s"),
        "delete_theirs": _("Delete the message from %(name)s"),
        "acknowledge": _("Acknowledge"),
        "withdraw": _("Withdraw acknowledgement"),
        "acknowledge_theirs": _("Acknowledge the message from %(name)s officially"),
        "withdraw_theirs": _("Withdraw acknowledgement of the message from %(name)s"),
        "hide_theirs": _("Hide the message from %(name)s"),
        "propose_theirs": _("Make a proposal from the message by %(name)s"),
        "outcome_theirs": _("Decision or action: record the message by %(name)s"),
        "not_sent": _("Not sent: %(reason)s"),
        # presence, typing, announcements
        "here_now": _forms(
            lambda n: ngettext("Here now (%(count)s person)", "Here now (%(count)s people)", n)
        ),
        "individuals": _("Individuals"),
        "typing_one": _("%(name)s is typing…"),
        "typing_two": _("%(first)s and %(second)s are typing…"),
        "typing_many": _("Several people are typing…"),
        "announce_org": _(" (on behalf of %(org)s)"),
        "announce": _("New message from %(author)s%(org)s: %(text)s"),
        # a busy room: what arrived together, summed up instead of spoken one by one
        "announce_many": _forms(
            lambda n: ngettext("%(count)s new message.", "%(count)s new messages.", n)
        ),
    }
