"""Writes from the case list: a person's saved views, and one change to many selected cases.

A bulk change is one transaction: every selected case gets its own timeline entry and its own
audit entry, as if each had been changed on its page, or none of them changes.
"""

from __future__ import annotations

from qtrax_disputes.core.clock import today
from qtrax_disputes.core.refusals import Refused
from qtrax_disputes.db.transactions import commit_or_stale
from qtrax_disputes.web.extensions import db

from ...audit.log import record
from ...auth.models import User
from .. import event_kinds as ek
from ..events import add_event
from ..models import Case, SavedView
from .details import StaleCase, case_operation

MAX_VIEWS = 50


class ViewRefused(Refused):
    """The saved view was not kept."""


@case_operation
def save_view(user: User, name: str, query_string: str, pinned: bool) -> SavedView:
    """Keep the list's current filters under a name of the person's own; the same name again
    replaces what it held."""
    from ..queries import saved_view_named, saved_views

    name = name.strip()
    view = saved_view_named(user.id, name)
    if view is None:
        if len(saved_views(user.id)) >= MAX_VIEWS:
            raise ViewRefused.at("name", f"You have {MAX_VIEWS} saved views already: delete "
                                         "one you no longer use first.")
        view = SavedView(user_id=user.id, name=name, query_string=query_string)
        db.session.add(view)
    view.query_string, view.pinned = query_string, pinned
    record("saved_view.saved", view, {"name": name, "query": query_string, "pinned": pinned})
    db.session.commit()
    return view


def pin_view(view: SavedView, pinned: bool) -> None:
    view.pinned = pinned
    record("saved_view.pinned" if pinned else "saved_view.unpinned", view,
           {"name": view.name})
    db.session.commit()


def delete_view(view: SavedView) -> None:
    record("saved_view.deleted", view, {"name": view.name, "query": view.query_string})
    db.session.delete(view)
    db.session.commit()


@case_operation
def bulk_assign(cases: list[Case], user: User | None) -> int:
    """Assign each selected case to ``user`` (None: to nobody); returns how many changed."""
    after = user.email if user else None
    changed = 0
    for case in cases:
        if case.assigned_to_id == (user.id if user else None):
            continue  # already so: no entry saying nothing happened
        before = case.assigned_to.email if case.assigned_to else None
        case.assigned_to = user
        add_event(case, ek.ASSIGNED, today(),
                  note=f"Assigned to {user.display_name}" if user else "Unassigned")
        record("case.assigned", case, {"number": case.number, "from": before, "to": after,
                                       "bulk": True})
        changed += 1
    commit_or_stale(StaleCase)
    return changed


@case_operation
def bulk_note(cases: list[Case], text: str) -> int:
    """The same note on each selected case's timeline."""
    text = text.strip()
    for case in cases:
        add_event(case, ek.NOTE, today(), note=text)
        record("case.note_added", case, {"number": case.number, "length": len(text),
                                         "bulk": True})
    commit_or_stale(StaleCase)
    return len(cases)
