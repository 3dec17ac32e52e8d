"""The weekly report's figures, every aggregate computed in SQL.

Percentiles use the nearest-rank method (the smallest value with at least p% of the values at
or below it), which both databases compute the same way with window functions.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import BigInteger, and_, case, cast, func, or_, select

from ..auth.models import User
from ..cases import workflow as wf
from ..cases.categories import CATEGORIES
from ..cases.models import Case, CaseEvent
from ..costs.models import CONFIRMED, CostItem
from ..deadlines.models import DONE, OPEN, Deadline
from ..extensions import db
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
        .where(CaseEvent.to_stage.is_not(None), CaseEvent.kind != "filed",
               _in(CaseEvent.occurred_on, week.start, week.end))
        .group_by(CaseEvent.to_stage)).all()
    by_stage = {stage: n for stage, n in rows}
    ordered = [[s, wf.STAGE_LABELS[s], by_stage[s]] for s in wf.STAGES if s in by_stage]
    return {"total": sum(by_stage.values()), "by_stage": ordered,
            "outcomes": {kind: by_stage.get(kind, 0) for kind in OUTCOMES}}


def open_by_stage(week: Week) -> dict:
    """Cases open at the end of the week, by the stage they were at then."""
    ranked = (
        select(CaseEvent.case_id, CaseEvent.to_stage,
               func.row_number().over(partition_by=CaseEvent.case_id,
                                      order_by=(CaseEvent.occurred_on.desc(),
                                                CaseEvent.id.desc())).label("rn"))
        .where(CaseEvent.to_stage.is_not(None), CaseEvent.occurred_on <= week.end)
        .subquery())
    rows = db.session.execute(
        select(ranked.c.to_stage, func.count())
        .join(Case, Case.id == ranked.c.case_id)
        .where(ranked.c.rn == 1, Case.filed_on <= week.end,
               or_(Case.closed_on.is_(None), Case.closed_on > week.end),
               ranked.c.to_stage.not_in(ENDINGS))
        .group_by(ranked.c.to_stage)).all()
    by_stage = dict(rows)
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

    stays = select(
        CaseEvent.to_stage.label("stage"), CaseEvent.occurred_on.label("entered"),
        func.lead(CaseEvent.occurred_on).over(
            partition_by=CaseEvent.case_id,
            order_by=(CaseEvent.occurred_on, CaseEvent.id)).label("left_on"),
    ).where(CaseEvent.to_stage.is_not(None)).subquery()
    left = select(stays.c.stage.label("part"),
                  days_between(stays.c.left_on, stays.c.entered).label("days")) \
        .where(_in(stays.c.left_on, week.start, week.end)).subquery()
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


def deadlines(week: Week) -> dict:
    next_week = week.shifted(1)
    met = _scalar(select(func.count(Deadline.id)).where(
        Deadline.status == DONE, _in(Deadline.done_on, week.start, week.end),
        Deadline.done_on <= Deadline.due_on))
    missed = _deadline_rows(
        _in(Deadline.due_on, week.start, week.end),
        or_(Deadline.status == OPEN,
            and_(Deadline.status == DONE, Deadline.done_on > Deadline.due_on)))
    return {
        "met": met,
        "missed": missed,
        "due_next_week": _deadline_rows(Deadline.status == OPEN,
                                        _in(Deadline.due_on, next_week.start, next_week.end)),
        "overdue": _deadline_rows(Deadline.status == OPEN, Deadline.due_on <= week.end),
    }


def _shares():
    claimant = (cast(CostItem.amount_cents, BigInteger) * CostItem.claimant_bp + 4999) // 10000
    return claimant, cast(CostItem.amount_cents, BigInteger) - claimant


def costs(start: date, end: date) -> dict:
    """Costs incurred between two dates by stage and party; the split rounds exactly as
    ``allocation.split_cents`` does (a half cent goes to Qtrax)."""
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
               func.sum(case((Deadline.due_on <= week.end, 1), else_=0)),
               func.sum(case((_in(Deadline.due_on, next_week.start, next_week.end), 1),
                             else_=0)))
        .join(Case, Case.id == Deadline.case_id).where(Deadline.status == OPEN)
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
                                        CaseEvent.kind != "filed"),
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
    }


