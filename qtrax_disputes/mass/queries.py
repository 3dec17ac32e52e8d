"""Reading masses: the flagged waves, a mass's counts by stage and problem, its fees."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import and_, exists, func, select
from sqlalchemy import case as when

from qtrax_disputes.core.clock import today
from qtrax_disputes.web.extensions import db

from ..cases import workflow as wf
from ..cases.models import Case, CaseEvent, Party
from . import detection
from . import fees as fee_data
from .models import Mass, MassFeeAmount, MassMember

# Which steps of the road make a case count as having reached each billing point.
REACHED_BY: dict[str, tuple[str, ...]] = {
    fee_data.FILED: (wf.ARBITRATION_DEMANDED,),
    fee_data.APPOINTED: (wf.ARBITRATOR_APPOINTED,),
    fee_data.HEARD: (wf.HEARING_HELD,),
}


def all_masses() -> list[tuple[Mass, int]]:
    counts = (select(MassMember.mass_id, func.count().label("n"))
              .group_by(MassMember.mass_id).subquery())
    return [(m, n or 0) for m, n in db.session.execute(
        select(Mass, counts.c.n).outerjoin(counts, counts.c.mass_id == Mass.id)
        .order_by(Mass.closed_on.is_not(None), Mass.name))]


def mass(mass_id: int) -> Mass | None:
    return db.session.get(Mass, mass_id)


def bulk_step(bulk_id: int):
    from .models import BulkStep

    return db.session.get(BulkStep, bulk_id)


def offer(offer_id: int):
    from .models import MassOffer

    return db.session.get(MassOffer, offer_id)


def case(case_id: int) -> Case | None:
    return db.session.get(Case, case_id)


def mass_named(name: str) -> Mass | None:
    return db.session.scalar(select(Mass).where(Mass.name == " ".join(name.split())))


def name_of(mass_id: str) -> str:
    """The name of the mass ``mass_id`` (as given in a query string), '' if there is none."""
    from qtrax_disputes.web.query_args import record_id

    if (found := record_id(mass_id)) is None:
        return ""
    return db.session.scalar(select(Mass.name).where(Mass.id == found)) or ""


def case_ids_by_number(numbers: list[str]) -> dict[str, int]:
    if not numbers:
        return {}
    return {number: case_id for number, case_id in db.session.execute(
        select(Case.number, Case.id).where(Case.number.in_(numbers)))}


def member_count(mass_id: int) -> int:
    return db.session.scalar(select(func.count()).where(MassMember.mass_id == mass_id)) or 0


def member_case_ids(mass_id: int, *, batch_id: int | None = None,
                    without_affirmation: bool = False) -> list[int]:
    query = select(MassMember.case_id).where(MassMember.mass_id == mass_id)
    if without_affirmation:
        query = query.where(MassMember.affirmation_on.is_(None))
    if batch_id is not None:
        query = query.where(MassMember.batch_id == batch_id)
    return list(db.session.scalars(query.order_by(MassMember.case_id)))


def flagged_waves() -> list[detection.Wave]:
    """Open cases in no mass yet, grouped as detection.py groups them; only waves of 25+."""
    in_mass = exists().where(MassMember.case_id == Case.id)
    rows = db.session.execute(
        select(Case.id, Case.category, Case.description, Party.organisation, Party.email)
        .join(Party, and_(Party.case_id == Case.id, Party.role == "claimant_counsel"))
        .where(Case.closed_on.is_(None), ~in_mass))
    seen: set[int] = set()
    cases = []
    for case_id, category, description, firm, email in rows:
        if case_id not in seen:  # one counsel per case is enough to group it
            seen.add(case_id)
            cases.append(detection.OpenCase(case_id, category, description or "", firm or "",
                                            email or ""))
    return detection.waves(cases)


def stage_counts(mass_id: int) -> list[tuple[str, int]]:
    """(stage, how many of the mass's cases are at it), in the road's order."""
    rows: dict[str, int] = {stage: n for stage, n in db.session.execute(
        select(Case.stage, func.count()).join(MassMember, MassMember.case_id == Case.id)
        .where(MassMember.mass_id == mass_id).group_by(Case.stage))}
    order = {stage: i for i, stage in enumerate(wf.STAGES)}
    return sorted(rows.items(), key=lambda item: order.get(item[0], len(order)))


@dataclass(frozen=True)
class Problems:
    no_affirmation: int
    deficient: int
    bellwethers: int
    in_no_batch: int


def problem_counts(mass_id: int) -> Problems:
    row = db.session.execute(select(
        func.count().filter(MassMember.affirmation_on.is_(None)),
        func.count().filter(MassMember.deficiency != ""),
        func.count().filter(MassMember.bellwether.is_(True)),
        func.count().filter(MassMember.batch_id.is_(None)),
    ).where(MassMember.mass_id == mass_id)).one()
    return Problems(*[n or 0 for n in row])


def reached_counts(mass_id: int) -> dict[str, int]:
    """How many of the mass's cases have reached each billing point (by their timelines):
    one pass over the mass's step events, counting each case once per point."""
    counted = [func.count(func.distinct(when((CaseEvent.to_stage.in_(stages),
                                              CaseEvent.case_id))))
               for stages in REACHED_BY.values()]
    every = sorted({stage for stages in REACHED_BY.values() for stage in stages})
    row = db.session.execute(
        select(*counted).join(MassMember, MassMember.case_id == CaseEvent.case_id)
        .where(MassMember.mass_id == mass_id, CaseEvent.to_stage.in_(every))).one()
    return {reach: n or 0 for reach, n in zip(REACHED_BY, row, strict=True)}


def schedule_for_mass(mass: Mass) -> fee_data.MassFeeSchedule | None:
    """The schedule the mass is billed under, with the amounts an administrator entered."""
    schedule = fee_data.schedule_for(mass.filed_on or today())
    return with_entered_amounts(schedule) if schedule else None


def with_entered_amounts(schedule: fee_data.MassFeeSchedule) -> fee_data.MassFeeSchedule:
    entered = db.session.scalars(select(MassFeeAmount).where(
        MassFeeAmount.schedule_code == schedule.code)).all()
    for row in entered:
        schedule = schedule.with_amounts({row.fee_code: row.cents}, source=row.source)
    return schedule


@dataclass(frozen=True)
class MemberRow:
    case_id: int
    number: str
    name: str
    stage: str
    affirmation_on: date | None
    deficiency: str
    bellwether: bool
    batch: int | None


def _member_rows(mass_id: int):
    """The mass's filings as MemberRow columns, in case number order; callers narrow it."""
    from .models import MassBatch

    return (select(Case.id, Case.number, Case.complainant_name, Case.stage,
                   MassMember.affirmation_on, MassMember.deficiency, MassMember.bellwether,
                   MassBatch.number)
            .join(MassMember, MassMember.case_id == Case.id)
            .outerjoin(MassBatch, MassBatch.id == MassMember.batch_id)
            .where(MassMember.mass_id == mass_id)
            .order_by(Case.number))


def deficiency_rows(mass_id: int) -> Iterator[MemberRow]:
    """The filings with a deficiency, or no affirmation, to send back to claimants' counsel."""
    query = _member_rows(mass_id).where(
        (MassMember.deficiency != "") | MassMember.affirmation_on.is_(None))
    for row in db.session.execute(query.execution_options(yield_per=1000)):
        yield MemberRow(*row)


def bellwethers(mass_id: int) -> Sequence[MemberRow]:
    return [MemberRow(*row) for row in db.session.execute(
        _member_rows(mass_id).where(MassMember.bellwether.is_(True)).limit(200))]


MEMBERS_PAGE = 50


@dataclass(frozen=True)
class MembersPage:
    rows: Sequence[MemberRow]
    page: int
    total: int
    size: int = MEMBERS_PAGE


def members_page(mass_id: int, page: int) -> MembersPage:
    """One page of the mass's filings (in case number order), with what the mass knows."""
    rows = [MemberRow(*row) for row in db.session.execute(
        _member_rows(mass_id).limit(MEMBERS_PAGE).offset((page - 1) * MEMBERS_PAGE))]
    return MembersPage(rows, page, member_count(mass_id))
