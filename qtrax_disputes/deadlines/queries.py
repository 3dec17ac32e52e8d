"""Reads of deadlines for the dashboard, the navigation count, feeds and the case page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import case, exists, func, select
from sqlalchemy.orm import contains_eager, selectinload

from qtrax_disputes.core.clock import today
from qtrax_disputes.web.extensions import db
from qtrax_disputes.web.query_args import record_id

from ..cases.models import Case
from . import rules as rulebook
from .models import OPEN, Deadline

HORIZON_DAYS = 14


def overdue_count_for(user) -> int:
    """Overdue open deadlines of the cases assigned to ``user`` (shown in the navigation)."""
    # Driven from the open overdue deadlines, which a working team keeps to a few thousand,
    # not from the person's cases, which grow for years (28,000 each for the demo's three
    # staff at 100,000 cases: 16 ms on every page, against about 1 ms this way).
    return db.session.scalar(
        select(func.count(Deadline.id))
        .join(Case, Case.id == Deadline.case_id)
        .where(Deadline.is_overdue(today()), Case.assigned_to_id == user.id)
    ) or 0


@dataclass
class DashboardFilters:
    assignee: str = ""  # a user id, "me", "none" or "" for everyone
    case: str = ""  # a case number

    @classmethod
    def from_args(cls, args) -> DashboardFilters:
        return cls(assignee=args.get("assignee", "")[:20], case=args.get("case", "").strip()[:20])


def _filtered(query, filters: DashboardFilters, user_id: int):
    if filters.assignee == "me":
        query = query.where(Case.assigned_to_id == user_id)
    elif filters.assignee == "none":
        query = query.where(Case.assigned_to_id.is_(None))
    elif (assignee := record_id(filters.assignee)) is not None:
        query = query.where(Case.assigned_to_id == assignee)
    if filters.case:
        query = query.where(Case.number == filters.case.upper())
    return query


SHOWN = 50  # rows per section; the counts are exact


def dashboard(filters: DashboardFilters, user_id: int) -> dict:
    """Overdue, due today and the next 14 days (first rows of each, exact counts), plus the
    safety net of open cases with no open deadline."""
    now = today()
    horizon = now + timedelta(days=HORIZON_DAYS)
    # A window past its date lapsed unused: it is in none of the sections.
    overdue = (Deadline.is_overdue(now),)
    count_query = (
        select(func.sum(case((Deadline.is_overdue(now), 1), else_=0)),
               func.sum(case((Deadline.due_on == now, 1), else_=0)),
               func.sum(case((Deadline.due_on > now, 1), else_=0)))
        .where(Deadline.status == OPEN, Deadline.due_on <= horizon))
    if filters.assignee or filters.case:  # the cases are needed only to filter by them
        count_query = _filtered(count_query.join(Case, Case.id == Deadline.case_id),
                                filters, user_id)
    counts = db.session.execute(count_query).one()

    def section(*conditions):
        query = (
            select(Deadline).join(Case, Case.id == Deadline.case_id)
            .options(contains_eager(Deadline.case).joinedload(Case.assigned_to))
            .where(Deadline.status == OPEN, *conditions)
            .order_by(Deadline.due_on, Case.number, Deadline.id).limit(SHOWN))
        return db.session.scalars(_filtered(query, filters, user_id)).unique().all()

    return {
        "overdue": section(*overdue),
        "today": section(Deadline.due_on == now),
        "soon": section(Deadline.due_on > now, Deadline.due_on <= horizon),
        "counts": {"overdue": int(counts[0] or 0), "today": int(counts[1] or 0),
                   "soon": int(counts[2] or 0)},
        "shown": SHOWN,
        "uncovered": cases_without_deadlines(filters, user_id),
        "horizon": HORIZON_DAYS,
        "on": now,
    }


def cases_without_deadlines(filters: DashboardFilters, user_id: int, limit: int = SHOWN):
    """Open cases with no open deadline: nothing will remind anyone of them."""
    query = (
        select(Case).where(Case.closed_on.is_(None), ~exists().where(
            Deadline.case_id == Case.id, Deadline.status == OPEN))
        .options(selectinload(Case.assigned_to))
        .order_by(Case.filed_on).limit(limit)
    )
    return db.session.scalars(_filtered(query, filters, user_id)).all()


def case_deadlines(case: Case) -> list[Deadline]:
    return db.session.scalars(
        select(Deadline).where(Deadline.case_id == case.id)
        .order_by(Deadline.status != OPEN, Deadline.due_on, Deadline.id)
    ).all()


@dataclass(frozen=True)
class Reading:
    """What staff read beside a deadline: its source (the case's AAA rule set where the rule
    depends on one, "unverified" where it is) and why it is a window or a duty."""

    source: str
    why: str


def readings(case: Case, deadlines: list[Deadline]) -> dict[int, Reading]:
    """Worked out from the rule as it is now, so a deadline stored before the case's rule set
    was taken into account still reads as its set says (never "version 2014" on a 2025 case)."""
    found = {}
    for deadline in deadlines:
        try:
            rule = rulebook.rule(deadline.rule_code or "")
        except KeyError:
            found[deadline.id] = Reading(deadline.source, "")
            continue
        found[deadline.id] = Reading(rule.source_under(case.aaa_rules),
                                     rule.obligation_reason(deadline.obligation))
    return found


def earliest_of_pairs(deadlines: list[Deadline]) -> set[int]:
    """Where a state and a federal deadline cover the same act, the earlier is the one to meet.

    Returns the ids of the open deadlines to mark so (only where there is more than one).
    """
    groups: dict[str, list[Deadline]] = {}
    for deadline in deadlines:
        if deadline.status != OPEN or not deadline.rule_code:
            continue
        try:
            covers = rulebook.rule(deadline.rule_code).covers
        except KeyError:
            continue
        if covers:
            groups.setdefault(covers, []).append(deadline)
    return {min(group, key=lambda d: (d.due_on, d.id)).id
            for group in groups.values() if len(group) > 1}


def user_feed_deadlines(user_id: int) -> list[Deadline]:
    return db.session.scalars(
        select(Deadline).join(Case, Case.id == Deadline.case_id)
        .options(contains_eager(Deadline.case))
        .where(Case.assigned_to_id == user_id, Deadline.due_on >= today() - timedelta(days=90))
        .order_by(Deadline.due_on)
    ).unique().all()


def deadline(deadline_id: int) -> Deadline | None:
    return db.session.get(Deadline, deadline_id)
