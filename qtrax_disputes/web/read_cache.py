"""Results of the busiest reads, kept for a few seconds and only while nothing has changed.

Every write goes through an operation that adds its audit entry in the same transaction, so the
id of the newest audit entry is a version of all the data: a kept result is used only while
that id is the same, on the same New York day (the day decides what is overdue), and for at
most ``READ_CACHE_SECONDS``. The time bound covers what the version cannot see: on PostgreSQL
an id is handed out at insert, so a transaction that took a lower id can commit after one that
took a higher; and a change made outside the app, such as a restore.

Each worker process keeps its own few hundred entries. Nothing in them is needed for
correctness: a worker that starts empty, or a second machine, computes the page afresh.
``READ_CACHE_SECONDS = 0`` turns the cache off.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from flask import current_app, g, has_request_context
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from qtrax_disputes.audit.models import AuditEntry
from qtrax_disputes.core.clock import today
from qtrax_disputes.web.extensions import db

T = TypeVar("T")
MAX_ENTRIES = 512

_entries: OrderedDict[Hashable, tuple[float, Hashable, object]] = OrderedDict()
_lock = threading.Lock()  # gthread workers serve several requests at once


def data_version() -> Hashable:
    """The newest audit entry's id and today's date: read once per request, again after a
    commit in it."""
    if has_request_context() and "data_version" in g:
        return g.data_version
    version = (db.session.scalar(select(func.max(AuditEntry.id))), today())
    if has_request_context():
        g.data_version = version
    return version


@event.listens_for(Session, "after_commit")
def _forget_version(_session) -> None:
    if has_request_context():
        g.pop("data_version", None)


def cached(key: Hashable, compute: Callable[[], T]) -> T:
    """``compute()``, or its result from an earlier request while the data is unchanged."""
    seconds = current_app.config.get("READ_CACHE_SECONDS", 0)
    if not seconds:
        return compute()
    version = data_version()
    now = time.monotonic()
    with _lock:
        hit = _entries.get(key)
        if hit is not None and hit[1] == version and now - hit[0] < seconds:
            _entries.move_to_end(key)
            return hit[2]  # type: ignore[return-value]
    value = compute()
    with _lock:
        _entries[key] = (now, version, value)
        _entries.move_to_end(key)
        while len(_entries) > MAX_ENTRIES:
            _entries.popitem(last=False)
    return value


def clear() -> None:
    with _lock:
        _entries.clear()
