"""Two writers whose transactions certainly overlap, on PostgreSQL.

Starting two threads at a barrier only makes an overlap likely: one may commit before the
other has read. Here the first writer is stopped right after it has sent its UPDATE of the
row — its transaction open, the row locked by it — and the second runs from the start
meanwhile. The first commits only once PostgreSQL reports the second waiting on that lock, so
both have read the row as it was before either saved.
"""

from __future__ import annotations

import threading
import time

from sqlalchemy import event, text

from qtrax_disputes.web.extensions import db

WAIT_SECONDS = 30  # far longer than either write takes; a hung writer fails the test instead


class NoOverlap(AssertionError):
    pass


def overlapping_writers(app, first, second, *, table: str = "cases") -> list:
    """Run ``first()`` and ``second()`` as above; return what each returned or raised."""
    first_holds, release = threading.Event(), threading.Event()
    results: list = [None, None]
    first_thread: list[int] = []

    def hold_after_update(conn, cursor, statement, parameters, context, executemany):
        if (first_thread == [threading.get_ident()] and not first_holds.is_set()
                and statement.lstrip().upper().startswith(f"UPDATE {table.upper()} ")):
            first_holds.set()
            release.wait(WAIT_SECONDS)

    def run(i, work):
        with app.app_context():
            if i == 0:
                first_thread.append(threading.get_ident())
            try:
                results[i] = work()
            except Exception as exc:  # noqa: BLE001 (the outcome is what the test reads)
                results[i] = exc
            finally:
                db.session.remove()

    with app.app_context():
        engine = db.engine
    event.listen(engine, "after_cursor_execute", hold_after_update)
    threads = [threading.Thread(target=run, args=(0, first), daemon=True),
               threading.Thread(target=run, args=(1, second), daemon=True)]
    try:
        threads[0].start()
        if not first_holds.wait(WAIT_SECONDS):
            raise NoOverlap(f"the first writer never updated {table}: {results[0]!r}")
        threads[1].start()
        try:
            _wait_until_a_writer_waits_on_a_lock(app)
        finally:
            release.set()
        for t in threads:
            t.join(WAIT_SECONDS)
        assert not any(t.is_alive() for t in threads), "a writer is still running"
    finally:
        release.set()
        event.remove(engine, "after_cursor_execute", hold_after_update)
    return results


def _wait_until_a_writer_waits_on_a_lock(app) -> None:
    deadline = time.monotonic() + WAIT_SECONDS
    with app.app_context(), db.engine.connect() as observer:
        while time.monotonic() < deadline:
            waiting = observer.scalar(text(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"))
            observer.rollback()  # each look sees the activity as it is now
            if waiting:
                return
            time.sleep(0.02)
    raise NoOverlap("the second writer never waited on the first one's lock")
