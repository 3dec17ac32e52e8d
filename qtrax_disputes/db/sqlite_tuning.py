"""How every SQLite connection is set up: write-ahead log, a wait for the writer, real fsyncs.

SQLite's default rollback journal makes readers and the one writer block each other and costs
several fsyncs per commit. In WAL mode readers never wait for a writer, and a commit is one
append to the log with one fsync. ``synchronous=FULL`` keeps that fsync: a filing the public
was told is received must survive a power cut, not only a crash of the process. Two gunicorn
workers writing at once queue for the lock instead of failing at once ("database is locked").
PostgreSQL connections are not touched.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import event
from sqlalchemy.engine import Engine

BUSY_TIMEOUT_MS = 15_000


@event.listens_for(Engine, "connect")
def _tune(dbapi_connection, _record) -> None:
    if not isinstance(dbapi_connection, sqlite3.Connection):
        return
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        # In-memory databases have no log file and keep their "memory" journal.
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
    finally:
        cursor.close()
