"""Django test clients for a person signed in, or for a visitor."""

from __future__ import annotations

from django.test import Client


def as_user(user) -> Client:
    """A client signed in as `user`; a visitor's when `user` is None."""
    client = Client()
    if user is not None:
        client.force_login(user)
    return client
