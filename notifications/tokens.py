"""One-click unsubscribe tokens (RFC 8058): signed, so a changed token is refused; they carry
only an account number and a kind, never an address, and do not expire (a link in an old
e-mail must keep working)."""

from __future__ import annotations

from django.core import signing

SALT = "notifications.unsubscribe"


def make(user_id: int, kind: str) -> str:
    return signing.dumps([user_id, kind], salt=SALT, compress=True)


def read(token: str) -> tuple[int, str] | None:
    if not isinstance(token, str) or len(token) > 300:
        return None
    try:
        value = signing.loads(token, salt=SALT)
    except (signing.BadSignature, ValueError, TypeError, UnicodeError):
        return None
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not isinstance(value[0], int)
        or isinstance(value[0], bool)
        or not isinstance(value[1], str)
    ):
        return None
    return value[0], value[1]
