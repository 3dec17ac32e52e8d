"""The one function every write path calls to leave its trace.

It only adds the entry to the current session: the calling operation commits it together with
the change it describes, so there is never a change without its entry or an entry without it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from flask import has_request_context, request
from flask_login import current_user

from qtrax_disputes.web.extensions import db

from .models import AuditEntry

SYSTEM = "system"


# Who a command-line or bulk run acts for, when it is not a signed-in request: every audit
# entry and timeline event written meanwhile names them (``acting_as``).
_acting: ContextVar[tuple[str, int | None] | None] = ContextVar("acting", default=None)


@contextmanager
def acting_as(actor: str) -> Iterator[None]:
    """Within the block, writes are done by ``actor`` ("user:7", "os:alice", "system")."""
    actor_id = int(actor.split(":", 1)[1]) if actor.startswith("user:") else None
    token = _acting.set((actor, actor_id))
    try:
        yield
    finally:
        _acting.reset(token)


def current_actor() -> tuple[str, int | None]:
    """(name, user id or None) of whoever the write in progress is done by."""
    if (acting := _acting.get()) is not None:
        return acting
    if has_request_context() and current_user and current_user.is_authenticated:
        return f"user:{current_user.id}", current_user.id
    return SYSTEM, None


def record(
    action: str,
    obj: Any = None,
    detail: dict | None = None,
    *,
    actor: str | None = None,
    object_type: str | None = None,
    object_id: str | int | None = None,
) -> AuditEntry:
    """Add an audit entry for ``action`` on ``obj`` to the session (the caller commits)."""
    actor_name, actor_id = current_actor()
    if actor is not None:
        actor_name = actor
        if actor.startswith("user:"):
            actor_id = int(actor.split(":", 1)[1])
    if obj is not None:
        if getattr(obj, "id", 0) is None:  # a new row: flush so the entry can name it
            db.session.add(obj)
            db.session.flush()
        object_type = object_type or obj.__tablename__
        object_id = object_id if object_id is not None else getattr(obj, "id", None)
    entry = AuditEntry(
        actor=actor_name,
        actor_user_id=actor_id,
        ip=request.remote_addr if has_request_context() else None,
        action=action,
        object_type=object_type,
        object_id=str(object_id) if object_id is not None else None,
        detail=detail or {},
    )
    db.session.add(entry)
    return entry
