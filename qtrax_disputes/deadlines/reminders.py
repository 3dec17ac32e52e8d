"""`flask deadlines remind`: one email a day to each person with deadlines overdue or near.

Each active staff, counsel or admin user hears about the open deadlines of the open cases
assigned to them that are overdue or fall within their own ``reminder_days`` window. Deadlines
of cases nobody (able to receive reminders) is assigned to go to every active counsel and
admin user, so none falls through. The message's dedupe key names the user and the day:
running the job twice in a day queues nothing twice.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import or_, select
from sqlalchemy.orm import contains_eager

from qtrax_disputes.core.clock import today
from qtrax_disputes.web.extensions import db

from ..audit.log import record
from ..auth.models import User
from ..auth.roles import ADMIN, COUNSEL, STAFF
from ..cases.models import Case
from ..outbox.operations import enqueue
from .models import OPEN, Deadline

REMINDED_ROLES = (STAFF, COUNSEL, ADMIN)
UNASSIGNED_ROLES = (COUNSEL, ADMIN)


@dataclass
class ReminderReport:
    queued: int = 0
    skipped_duplicates: int = 0
    overdue: int = 0  # distinct overdue deadlines mentioned in any reminder
    due_soon: int = 0  # distinct deadlines within someone's window, not overdue


def _window(user: User) -> int:
    return max(0, user.reminder_days if user.reminder_days is not None else 7)


def _context(user: User, on: date, overdue: list[Deadline], soon: list[Deadline],
             base_url: str) -> dict:
    sections = []
    if overdue:
        sections.append({"heading": f"OVERDUE ({len(overdue)}):", "deadlines": overdue})
    if soon:
        last = (on + timedelta(days=_window(user))).isoformat()
        sections.append({"heading": f"Due by {last} ({len(soon)}):", "deadlines": soon})
    return {"user": user, "sections": sections, "base_url": base_url,
            "window": _window(user)}


def _subject(on: date, overdue: int, soon: int) -> str:
    bits = []
    if overdue:
        bits.append(f"{overdue} overdue")
    if soon:
        bits.append(f"{soon} due soon")
    return f"Deadlines {on.isoformat()}: " + ", ".join(bits)


def send_reminders(on: date | None = None) -> ReminderReport:
    """Queue today's reminder emails (two queries, one commit); see the module docstring."""
    on = on or today()
    report = ReminderReport()
    users = db.session.scalars(
        select(User)
        .where(User.active.is_(True), User.role.in_(REMINDED_ROLES))
        .order_by(User.id)
    ).all()
    horizon = on + timedelta(days=max((_window(u) for u in users), default=0))
    deadlines = db.session.scalars(
        select(Deadline)
        .join(Deadline.case)
        .options(contains_eager(Deadline.case))
        .where(Deadline.status == OPEN, Case.closed_on.is_(None), Deadline.due_on <= horizon,
               # a window past its date lapsed unused: nothing to remind anyone of
               or_(Deadline.due_on >= on, Deadline.goes_overdue))
        .order_by(Deadline.due_on, Case.number, Deadline.id)
    ).all() if users else []

    reminded_ids = {u.id for u in users}
    by_assignee: dict[int | None, list[Deadline]] = defaultdict(list)
    for deadline in deadlines:
        assignee = deadline.case.assigned_to_id
        # A case assigned to someone inactive (or a viewer) is as good as unassigned.
        by_assignee[assignee if assignee in reminded_ids else None].append(deadline)

    base_url = current_app.config.get("PUBLIC_BASE_URL", "").rstrip("/")
    overdue_ids: set[int] = set()
    soon_ids: set[int] = set()
    for user in users:
        mine = list(by_assignee.get(user.id, ()))
        if user.role in UNASSIGNED_ROLES:
            mine += by_assignee.get(None, ())
        last = on + timedelta(days=_window(user))
        mine.sort(key=lambda d: (d.due_on, d.case.number, d.id))
        overdue = [d for d in mine if d.is_overdue(on)]
        soon = [d for d in mine if on <= d.due_on <= last]
        if not overdue and not soon:
            continue
        message = enqueue(user.email, _subject(on, len(overdue), len(soon)),
                          template="reminder",
                          context=_context(user, on, overdue, soon, base_url),
                          dedupe_key=f"remind:{user.id}:{on.isoformat()}")
        if message is None:
            report.skipped_duplicates += 1
            continue
        report.queued += 1
        overdue_ids.update(d.id for d in overdue)
        soon_ids.update(d.id for d in soon)
    report.overdue = len(overdue_ids)
    report.due_soon = len(soon_ids)
    record("deadlines.reminded", detail={"on": on.isoformat(), "queued": report.queued,
                                         "skipped_duplicates": report.skipped_duplicates},
           actor="system", object_type="deadlines")
    db.session.commit()
    return report
