"""Django's SQLite backend, keeping a few idle connections per database file for reuse.

Under Daphne each request runs its database work on a thread of its own, so CONN_MAX_AGE
stays 0 (docs/architecture.md) and every request that touched the database opened the file
again. SQLite reads the whole schema on a connection's first statement: about 2 ms of CPU
per request here, more than a signed-in page's own queries (docs/decisions.md). PostgreSQL
has Django's pool for this; SQLite has none, so a closed connection that is not inside a
transaction is put back here, and the next request's first query takes it.

In-memory databases (the unit tests) are never pooled: Django keeps those open anyway.
"""

from __future__ import annotations

import queue

from django.db.backends.sqlite3 import base

IDLE_PER_DATABASE = 8
_idle: dict[str, queue.LifoQueue] = {}


class DatabaseWrapper(base.DatabaseWrapper):
    def _idle_connections(self) -> queue.LifoQueue | None:
        if self.is_in_memory_db():
            return None
        name = str(self.settings_dict["NAME"])
        idle = _idle.get(name)
        if idle is None:
            # setdefault is atomic under the GIL: two threads get the same queue.
            idle = _idle.setdefault(name, queue.LifoQueue(maxsize=IDLE_PER_DATABASE))
        return idle

    def get_new_connection(self, conn_params):
        idle = self._idle_connections()
        if idle is not None:
            try:
                connection = idle.get_nowait()
            except queue.Empty:
                pass
            else:
                # What Django's own connect() sets, in case a schema change switched it off.
                connection.execute("PRAGMA foreign_keys = ON")
                return connection
        return super().get_new_connection(conn_params)

    def _close(self):
        connection, idle = self.connection, self._idle_connections()
        if connection is not None and idle is not None and not connection.in_transaction:
            try:
                idle.put_nowait(connection)
                return
            except queue.Full:
                pass
        super()._close()


def close_idle_connections() -> None:
    """Close every pooled connection (tests; before replacing a database file)."""
    for idle in _idle.values():
        while True:
            try:
                idle.get_nowait().close()
            except queue.Empty:
                break
