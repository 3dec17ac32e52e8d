"""My work: what the signed-in person has to do, each part in one query (no query per row)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager

from qtrax_disputes.core.clock import today
from qtrax_disputes.web.extensions import db

from ..auth.roles import COUNSEL, STAFF, at_least
from ..cases.models import Case
from ..costs.models import PROPOSED, CostItem
from ..deadlines.models import OPEN, WINDOW, Deadline
from ..tasks import queries as tasks

SHOWN = 50  # rows per part; the counts are exact
WEEK_DAYS = 7


@dataclass(frozen=True)
class CaseRow:
    case: Case
    next_due_on: object  # the earliest open deadline, or None


def my_cases(user_id: int) -> tuple[list[CaseRow], int]:
    """The person's open cases, newest first, each with its next open deadline (a window
    past its date lapsed: it is nobody's next deadline)."""
    next_due = (select(Deadline.case_id, func.min(Deadline.due_on).label("due_on"))
                .where(Deadline.status == OPEN,
                       (Deadline.due_on >= today()) | Deadline.goes_overdue)
                .group_by(Deadline.case_id).subquery())
    mine = (Case.assigned_to_id == user_id, Case.closed_on.is_(None))
    rows = db.session.execute(
        select(Case, next_due.c.due_on).outerjoin(next_due, next_due.c.case_id == Case.id)
        .where(*mine).order_by(Case.id.desc()).limit(SHOWN)).all()
    total = db.session.scalar(select(func.count(Case.id)).where(*mine)) or 0
    return [CaseRow(case, due) for case, due in rows], total


def _on_my_cases(user_id: int):
    return (select(Deadline).join(Deadline.case).options(contains_eager(Deadline.case))
            .where(Case.assigned_to_id == user_id, Deadline.status == OPEN))


def deadlines_this_week(user_id: int) -> list[Deadline]:
    """Open deadlines of the person's cases due within seven days, and the overdue duties
    (a window past its date lapsed: it is no one's to do)."""
    on = today()
    return list(db.session.scalars(
        _on_my_cases(user_id).where(Deadline.due_on < on + timedelta(days=WEEK_DAYS),
                                    (Deadline.due_on >= on) | Deadline.goes_overdue)
        .order_by(Deadline.due_on, Deadline.id).limit(SHOWN)))


def windows_to_decide(user_id: int) -> list[Deadline]:
    """Windows still open on the person's cases that counsel has not decided to use."""
    return list(db.session.scalars(
        _on_my_cases(user_id).where(Deadline.obligation == WINDOW,
                                    Deadline.will_act_at.is_(None),
                                    Deadline.due_on >= today())
        .order_by(Deadline.due_on, Deadline.id).limit(SHOWN)))


def costs_to_confirm(user_id: int) -> list[CostItem]:
    """Costs a step proposed on the person's cases, waiting for staff to confirm them."""
    return list(db.session.scalars(
        select(CostItem).join(CostItem.case).options(contains_eager(CostItem.case))
        .where(Case.assigned_to_id == user_id, CostItem.status == PROPOSED)
        .order_by(CostItem.id).limit(SHOWN)))


def my_work(user) -> dict:
    cases, total = my_cases(user.id)
    return {
        "case_rows": cases,
        "case_total": total,
        "deadlines": deadlines_this_week(user.id),
        "tasks": tasks.open_tasks_for(user.id),
        "windows": windows_to_decide(user.id) if at_least(user.role, COUNSEL) else [],
        "costs": costs_to_confirm(user.id) if at_least(user.role, STAFF) else [],
        "asked": tasks.open_tasks_asked_by(user.id),
        "today": today(),
    }
