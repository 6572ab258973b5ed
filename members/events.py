"""Signals members sends, so that apps above it can act without members importing them."""

from __future__ import annotations

from django.dispatch import Signal

# Sent by services.delete_account inside its transaction, before the person is anonymised
# (their name is still readable): `user`, `erase_texts` (bool, the person's choice).
# Receivers change what their app holds; an exception rolls the whole deletion back.
account_deleting = Signal()
