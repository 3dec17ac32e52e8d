"""On SQLite, readers do not wait for the writer, writers queue, and a commit is on disk."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest
from sqlalchemy import text

from qtrax_disputes.web.extensions import db

# Writers on several connections: their writes are committed.
pytestmark = pytest.mark.commits


@pytest.fixture
def sqlite_file(app):
    with app.app_context():
        if db.engine.dialect.name != "sqlite":
            pytest.skip("SQLite's own settings: PostgreSQL keeps its write-ahead log always")
        return db.engine.url.database


def test_every_connection_is_in_wal_mode_with_full_sync(app, sqlite_file):
    with app.app_context(), db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL: fsync per commit
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() >= 10_000


def test_a_reader_is_not_held_up_by_a_writer_in_the_middle_of_its_transaction(
        app, sqlite_file):
    writer = sqlite3.connect(sqlite_file, isolation_level=None)
    try:
        writer.execute("BEGIN EXCLUSIVE")  # the strongest lock a writer takes
        writer.execute("INSERT INTO case_number_counters (year, last) VALUES (1999, 7)")
        with app.app_context(), db.engine.connect() as conn:
            started = time.monotonic()
            seen = conn.execute(text("SELECT count(*) FROM case_number_counters "
                                     "WHERE year = 1999")).scalar()
            assert seen == 0 and time.monotonic() - started < 1
    finally:
        writer.execute("ROLLBACK")
        writer.close()


def test_a_second_writer_waits_for_the_first_instead_of_failing(app, sqlite_file):
    first = sqlite3.connect(sqlite_file, isolation_level=None, check_same_thread=False)
    first.execute("BEGIN IMMEDIATE")
    first.execute("INSERT INTO case_number_counters (year, last) VALUES (1998, 1)")
    done = threading.Timer(0.5, lambda: (first.execute("COMMIT"), first.close()))
    done.start()
    try:
        with app.app_context(), db.engine.begin() as conn:
            conn.execute(text("UPDATE case_number_counters SET last = last + 1 "
                              "WHERE year = 1998"))
        with app.app_context(), db.engine.connect() as conn:
            assert conn.execute(text("SELECT last FROM case_number_counters "
                                     "WHERE year = 1998")).scalar() == 2
    finally:
        done.join()
