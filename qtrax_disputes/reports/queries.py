"""The weekly report's figures, every aggregate computed in SQL.

Percentiles use the nearest-rank method (the smallest value with at least p% of the values at
or below it), which both databases compute the same way with window functions.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.orm import aliased

from qtrax_disputes.web.extensions import db

from ..auth.models import User
from ..cases import workflow as wf
from ..cases.categories import CATEGORIES
from ..cases.models import Case, CaseEvent
from ..costs.models import CONFIRMED, CostItem
from ..deadlines.models import DONE, OPEN, Deadline
from .models import WeeklyReport
from .sql import days_between, nearest_rank
from .weeks import Week

CATEGORY_LABELS = dict(CATEGORIES)
OUTCOMES = ("settled", "award_issued", "withdrawn", "dismissed", "closed")
ENDINGS = ("closed", "withdrawn", "dismissed", "small_claims")


def _in(column, start: date, end: date):
    return column.between(start, end)


def _scalar(query) -> int:
    return int(db.session.scalar(query) or 0)


def filed(week: Week) -> dict:
    rows = db.session.execute(
        select(Case.category, func.count(Case.id),
               func.sum(case((Case.is_child_data.is_(True), 1), else_=0)))
        .where(_in(Case.filed_on, week.start, week.end)).group_by(Case.category)
        .order_by(func.count(Case.id).desc(), Case.category)).all()
    return {
        "total": sum(n for _, n, _ in rows),
        "child": sum(int(c or 0) for *_, c in rows),
        "by_category": [[cat, CATEGORY_LABELS.get(cat, cat), n] for cat, n, _ in rows],
    }


def stage_changes(week: Week) -> dict:
    rows = db.session.execute(
        select(CaseEvent.to_stage, func.count(CaseEvent.id))
        .where(CaseEvent.to_stage.is_not(None), CaseEvent.kind != wf.FILED,
               _in(CaseEvent.occurred_on, week.start, week.end))
        .group_by(CaseEvent.to_stage)).all()
    by_stage = {stage: n for stage, n in rows}
    ordered = [[s, wf.STAGE_LABELS[s], by_stage[s]] for s in wf.STAGES if s in by_stage]
    return {"total": sum(by_stage.values()), "by_stage": ordered,
            "outcomes": {kind: by_stage.get(kind, 0) for kind in OUTCOMES}}


def open_by_stage(week: Week) -> dict:
    """Cases open at the end of the week, by the stage they were at then.

    The stage a case was at when the week ended is the ``from_stage`` of its first stage
    change after the week, or its stage now when it has not moved since: only the (few)
    later events are read, not every case's whole history.
    """
    stage_change_after = (CaseEvent.to_stage.is_not(None), CaseEvent.kind != wf.FILED,
                          CaseEvent.occurred_on > week.end)
    sooner = aliased(CaseEvent)
    first_later = (
        select(CaseEvent.case_id, CaseEvent.from_stage)
        .where(*stage_change_after, ~exists().where(
            sooner.case_id == CaseEvent.case_id, sooner.to_stage.is_not(None),
            sooner.kind != wf.FILED, sooner.occurred_on > week.end,
            or_(sooner.occurred_on < CaseEvent.occurred_on,
                and_(sooner.occurred_on == CaseEvent.occurred_on, sooner.id < CaseEvent.id))))
        .subquery())
    open_then = (Case.filed_on <= week.end,
                 or_(Case.closed_on.is_(None), Case.closed_on > week.end))
    # Every case open then, by its stage now; then the cases that moved since are put back
    # where they were. Both are plain GROUP BYs; only the second joins events.
    by_stage: dict[str, int] = dict.fromkeys(wf.STAGES, 0)
    for stage_now, n in db.session.execute(
            select(Case.stage, func.count(Case.id)).where(*open_then).group_by(Case.stage)):
        by_stage[stage_now] = by_stage.get(stage_now, 0) + n
    for stage_now, stage_then, n in db.session.execute(
            select(Case.stage, first_later.c.from_stage, func.count(Case.id))
            .join(first_later, first_later.c.case_id == Case.id)
            .where(*open_then).group_by(Case.stage, first_later.c.from_stage)):
        by_stage[stage_now] -= n
        by_stage[stage_then] = by_stage.get(stage_then, 0) + n
    by_stage = {s: n for s, n in by_stage.items() if n and s not in ENDINGS}
    return {"total": sum(by_stage.values()),
            "by_stage": [[s, wf.STAGE_LABELS[s], by_stage[s]] for s in wf.STAGES
                         if s in by_stage]}


def _percentiles(values, partition=None) -> list:
    """(partition, count, median, p90) over a subquery with a ``days`` column."""
    keys = [values.c.part] if partition is not None else []
    ranked = select(
        *keys, values.c.days,
        func.row_number().over(partition_by=keys or None,
                               order_by=values.c.days).label("rn"),
        func.count().over(partition_by=keys or None).label("n"),
    ).subquery()
    median = func.max(case((ranked.c.rn == nearest_rank(ranked.c.n, 50), ranked.c.days)))
    p90 = func.max(case((ranked.c.rn == nearest_rank(ranked.c.n, 90), ranked.c.days)))
    group = [ranked.c.part] if partition is not None else []
    query = select(*group, func.max(ranked.c.n), median, p90)
    if group:
        query = query.group_by(*group)
    return db.session.execute(query).all()


def durations(week: Week) -> dict:
    closed = select(days_between(Case.closed_on, Case.filed_on).label("days")) \
        .where(_in(Case.closed_on, week.start, week.end)).subquery()
    overall = _percentiles(closed)
    count, median, p90 = overall[0] if overall and overall[0][0] else (0, None, None)

    # A stay ends with the next stage change: for each change this week, the stage it left
    # and the date the case had entered it (its previous stage change).
    earlier = aliased(CaseEvent)
    entered = (
        select(func.max(earlier.occurred_on))
        .where(earlier.case_id == CaseEvent.case_id, earlier.to_stage.is_not(None),
               or_(earlier.occurred_on < CaseEvent.occurred_on,
                   and_(earlier.occurred_on == CaseEvent.occurred_on,
                        earlier.id < CaseEvent.id)))
        .correlate(CaseEvent).scalar_subquery())
    left = (
        select(CaseEvent.from_stage.label("part"),
               days_between(CaseEvent.occurred_on, entered).label("days"))
        .where(CaseEvent.to_stage.is_not(None), CaseEvent.from_stage.is_not(None),
               _in(CaseEvent.occurred_on, week.start, week.end))
        .subquery())
    left = select(left.c.part, left.c.days).where(left.c.days.is_not(None)).subquery()
    per_stage = {stage: (n, m, p) for stage, n, m, p in _percentiles(left, partition=True)}
    return {
        "closed_count": int(count or 0), "median_days": median, "p90_days": p90,
        "by_stage": [[s, wf.STAGE_LABELS[s], *per_stage[s]] for s in wf.STAGES
                     if s in per_stage],
    }


def _deadline_rows(*conditions, limit: int = 500) -> list[dict]:
    rows = db.session.execute(
        select(Case.number, Deadline.title, Deadline.due_on, Deadline.status,
               Deadline.done_on, Deadline.verified, User.name, User.email)
        .join(Case, Case.id == Deadline.case_id)
        .outerjoin(User, User.id == Case.assigned_to_id)
        .where(*conditions).order_by(Deadline.due_on, Case.number).limit(limit)).all()
    return [{"case": number, "title": title, "due_on": due_on.isoformat(), "status": status,
             "done_on": done_on.isoformat() if done_on else None, "verified": verified,
             "assignee": (name or email) if email else None}
            for number, title, due_on, status, done_on, verified, name, email in rows]


def _count_deadlines(*conditions) -> int:
    return _scalar(select(func.count(Deadline.id)).where(*conditions))


def deadlines(week: Week) -> dict:
    """Met and missed this week, due next week, overdue at the week's end. The lists stop at
    500 rows each; the counts are exact."""
    next_week = week.shifted(1)
    met = _count_deadlines(
        Deadline.status == DONE, _in(Deadline.done_on, week.start, week.end),
        Deadline.done_on <= Deadline.due_on)
    missed = (Deadline.status.in_((OPEN, DONE)), _in(Deadline.due_on, week.start, week.end),
              or_(and_(Deadline.status == OPEN, Deadline.goes_overdue),
                  Deadline.done_on > Deadline.due_on))
    upcoming = (Deadline.status == OPEN, _in(Deadline.due_on, next_week.start, next_week.end))
    # Overdue at the week's end: still so on the day after its last one. A window that passed
    # unused lapsed: it was neither missed nor is it overdue.
    overdue = (Deadline.is_overdue(week.end + timedelta(days=1)),)
    return {
        "met": met,
        "missed": _deadline_rows(*missed), "missed_count": _count_deadlines(*missed),
        "due_next_week": _deadline_rows(*upcoming),
        "due_next_week_count": _count_deadlines(*upcoming),
        "overdue": _deadline_rows(*overdue), "overdue_count": _count_deadlines(*overdue),
    }


def _shares():
    return CostItem.claimant_share_cents, CostItem.respondent_share_cents


def costs(start: date, end: date) -> dict:
    """Costs incurred between two dates by stage and party, from each item's shares."""
    claimant, respondent = _shares()
    rows = db.session.execute(
        select(CostItem.stage, func.sum(claimant), func.sum(respondent))
        .where(CostItem.status == CONFIRMED, _in(CostItem.incurred_on, start, end))
        .group_by(CostItem.stage)).all()
    by_stage = {stage: (int(c or 0), int(r or 0)) for stage, c, r in rows}
    ordered = [[s, *by_stage[s], sum(by_stage[s])]
               for s in ("mediation", "arbitration", "court") if s in by_stage]
    total_c = sum(c for c, _ in by_stage.values())
    total_r = sum(r for _, r in by_stage.values())
    return {"by_stage": ordered, "claimant": total_c, "respondent": total_r,
            "total": total_c + total_r}


def workload(week: Week) -> list[dict]:
    next_week = week.shifted(1)
    open_cases = dict(db.session.execute(
        select(Case.assigned_to_id, func.count(Case.id)).where(Case.closed_on.is_(None))
        .group_by(Case.assigned_to_id)).all())
    counts = db.session.execute(
        select(Case.assigned_to_id,
               func.sum(case((Deadline.is_overdue(week.end + timedelta(days=1)), 1),
                             else_=0)),
               func.sum(case((_in(Deadline.due_on, next_week.start, next_week.end), 1),
                             else_=0)))
        .join(Case, Case.id == Deadline.case_id)
        .where(Deadline.status == OPEN, Deadline.due_on <= next_week.end)
        .group_by(Case.assigned_to_id)).all()
    due = {user_id: (int(o or 0), int(n or 0)) for user_id, o, n in counts}
    ids = {i for i in open_cases if i is not None} | {i for i in due if i is not None}
    users = {u.id: u.display_name for u in db.session.scalars(
        select(User).where(User.id.in_(ids)))} if ids else {}
    rows = [{"assignee": users.get(i, "?") if i is not None else "Unassigned",
             "open_cases": open_cases.get(i, 0), "overdue": due.get(i, (0, 0))[0],
             "due_next_week": due.get(i, (0, 0))[1]}
            for i in sorted(set(open_cases) | set(due), key=lambda x: (x is None, x or 0))]
    return sorted(rows, key=lambda r: (r["assignee"] == "Unassigned", -r["open_cases"],
                                       r["assignee"]))


def _weekly_counts(column, weeks: list[Week], *conditions) -> list[int]:
    """One filtered aggregate per week, in a single query."""
    buckets = [func.sum(case((_in(column, w.start, w.end), 1), else_=0)) for w in weeks]
    row = db.session.execute(select(*buckets).where(
        _in(column, weeks[0].start, weeks[-1].end), *conditions)).one()
    return [int(v or 0) for v in row]


def _weekly_costs(weeks: list[Week]) -> list[int]:
    buckets = [func.sum(case((_in(CostItem.incurred_on, w.start, w.end),
                              CostItem.amount_cents), else_=0)) for w in weeks]
    row = db.session.execute(select(*buckets).where(
        CostItem.status == CONFIRMED,
        _in(CostItem.incurred_on, weeks[0].start, weeks[-1].end))).one()
    return [int(v or 0) for v in row]


def trend(week: Week) -> dict:
    twelve = [week.shifted(-i) for i in range(11, -1, -1)]
    filings = _weekly_counts(Case.filed_on, twelve)
    five = twelve[-5:]  # four weeks before this one, then this one
    series = {
        "filed": filings[-5:],
        "stage_changes": _weekly_counts(CaseEvent.occurred_on, five,
                                        CaseEvent.to_stage.is_not(None),
                                        CaseEvent.kind != wf.FILED),
        "closed": _weekly_counts(Case.closed_on, five),
        "costs_cents": _weekly_costs(five),
    }
    compare = {name: {"this": values[-1], "previous": values[-2],
                      "avg4": round(sum(values[:4]) / 4, 2)}
               for name, values in series.items()}
    return {"filings_12_weeks": [[w.label, n] for w, n in zip(twelve, filings, strict=True)],
            "compare": compare}


def weekly_figures(week: Week, generated_on: date) -> dict:
    """Every figure of the report for ``week``, as plain JSON-ready data."""
    changes = stage_changes(week)
    year_start = date(week.end.year, 1, 1)
    return {
        "week": week.label, "start": week.start.isoformat(), "end": week.end.isoformat(),
        "generated_on": generated_on.isoformat(),
        "filed": filed(week),
        "stage_changes": {"total": changes["total"], "by_stage": changes["by_stage"]},
        "outcomes": changes["outcomes"],
        "open": open_by_stage(week),
        "durations": durations(week),
        "deadlines": deadlines(week),
        "costs": {"week": costs(week.start, week.end), "ytd": costs(year_start, week.end)},
        "workload": workload(week),
        "trend": trend(week),
        "masses": _masses(week),
    }


def _masses(week: Week) -> list[dict]:
    from ..mass.weekly import weekly_masses

    return weekly_masses(week.start, week.end)




def stored_reports(limit: int = 200) -> list[WeeklyReport]:
    """The stored weekly reports, newest week first."""
    return list(db.session.scalars(select(WeeklyReport).order_by(
        WeeklyReport.iso_year.desc(), WeeklyReport.iso_week.desc()).limit(limit)))
