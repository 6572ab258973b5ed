"""The real site (consortium.asgi) with a counter of SQL statements, for bench/rooms.py.

Every database connection the site opens gets an execute wrapper that adds one to a
counter; GET /__bench/sql answers {"queries": N}. The wrapper costs a function call per
statement, which is noise next to the statement itself. Only ever served on loopback by
the benchmark.
"""

from __future__ import annotations

import itertools
import json

from django.db.backends.signals import connection_created

from consortium.asgi import application as site_application

_COUNTER = itertools.count()
_LAST = [0]


def _count(execute, sql, params, many, context):
    _LAST[0] = next(_COUNTER) + 1
    return execute(sql, params, many, context)


def _install(sender, connection, **kwargs) -> None:
    if _count not in connection.execute_wrappers:
        connection.execute_wrappers.append(_count)


connection_created.connect(_install, dispatch_uid="bench-count-sql")


async def application(scope, receive, send):
    if scope["type"] == "http" and scope["path"] == "/__bench/sql":
        body = json.dumps({"queries": _LAST[0]}).encode()
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"application/json")],
            }
        )
        await send({"type": "http.response.body", "body": body})
        return
    await site_application(scope, receive, send)
