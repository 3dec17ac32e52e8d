"""The weekly report's section per active mass: new demands, the stage funnel, fees."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from qtrax_disputes.web.extensions import db

from ..cases import workflow as wf
from ..cases.models import CaseEvent
from . import fees as fee_data
from . import queries
from .models import Mass, MassMember


def weekly_masses(start: date, end: date) -> list[dict]:
    """Plain data for each mass open at the week's end (stored with the report)."""
    masses = db.session.scalars(select(Mass).where(
        (Mass.closed_on.is_(None)) | (Mass.closed_on > end)).order_by(Mass.name)).all()
    result = []
    for mass in masses:
        new = db.session.scalar(
            select(func.count(func.distinct(CaseEvent.case_id)))
            .join(MassMember, MassMember.case_id == CaseEvent.case_id)
            .where(MassMember.mass_id == mass.id,
                   CaseEvent.to_stage == wf.ARBITRATION_DEMANDED,
                   CaseEvent.occurred_on.between(start, end))) or 0
        members = queries.member_count(mass.id)
        schedule = queries.schedule_for_mass(mass)
        fees = {}
        if schedule is not None:
            incurred = fee_data.incurred(schedule, queries.reached_counts(mass.id))
            fees = {
                "schedule": schedule.title,
                "incurred": incurred.total(),
                "appointed": fee_data.forecast(schedule, members, fee_data.APPOINTED).total(),
                "heard": fee_data.forecast(schedule, members, fee_data.HEARD).total(),
                "unknown": sorted({f.label for f in fee_data.forecast(
                    schedule, members, fee_data.HEARD).unknown()}),
            }
        result.append({
            "id": mass.id, "name": mass.name, "cases": members, "new_demands": new,
            "by_stage": [[wf.stage_label(s), n] for s, n in queries.stage_counts(mass.id)],
            "fees": fees,
        })
    return result
