"""Reads of the cost ledger: a case's items with totals, schedules, the export rows."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import contains_eager, selectinload

from qtrax_disputes.web.extensions import db

from ..cases import workflow as wf
from ..cases.models import Case, CaseEvent
from ..neutrals.models import Neutral
from .models import CONFIRMED, CostItem, FeeScheduleRecord
from .schedules import (
    CONSUMER_FILING_FEE,
    SCHEDULES,
    AmountMark,
    FeeSchedule,
    schedule_in_force,
)

PARTIES = ("claimant", "respondent")


def schedule_from_record(r: FeeScheduleRecord) -> FeeSchedule:
    """An admin's schedule as the pure module knows schedules, each amount's mark with it."""
    return FeeSchedule(
        code=r.code, title=r.title, effective_on=r.effective_on, source=r.source,
        mark=r.mark, verified=r.mark == "V",
        consumer_filing_fee_cents=r.consumer_filing_fee_cents,
        business_filing_fee_one_arbitrator_cents=r.business_filing_fee_one_arbitrator_cents,
        business_filing_fee_three_arbitrators_cents=(
            r.business_filing_fee_three_arbitrators_cents),
        business_files_one_cents=r.business_files_one_cents,
        business_files_three_cents=r.business_files_three_cents, notes=r.notes,
        case_management_fee_cents=r.case_management_fee_cents,
        arbitrator_compensation_cents=r.arbitrator_compensation_cents,
        clause_review_fee_cents=r.clause_review_fee_cents,
        arbitrator_deposit_cents=r.arbitrator_deposit_cents,
        amount_marks={name: AmountMark(m["mark"], m["source"])
                      for name, m in (r.amount_marks or {}).items()},
    )


def all_schedules() -> list[FeeSchedule]:
    """The shipped schedules and those admins added, oldest first."""
    added = [schedule_from_record(r) for r in db.session.scalars(select(FeeScheduleRecord))]
    return sorted([*SCHEDULES, *added], key=lambda s: s.effective_on)


@dataclass(frozen=True)
class Demand:
    """The case's first demand: its filing date fixes the fee schedule the case keeps."""

    filed_on: date
    # Who filed it; a demand recorded before the step asked was the consumer's, as the
    # proposed fees then assumed.
    filed_by: str


def first_demand(case: Case) -> Demand | None:
    """One query for both facts a cost needs of the demand; None when none is recorded."""
    row = db.session.execute(
        select(CaseEvent.occurred_on, CaseEvent.data).where(
            CaseEvent.case_id == case.id, CaseEvent.kind == wf.ARBITRATION_DEMANDED)
        .order_by(CaseEvent.occurred_on, CaseEvent.id).limit(1)).first()
    if row is None:
        return None
    return Demand(row.occurred_on, (row.data or {}).get("filed_by") or "claimant")


def schedule_for(case: Case, fallback_on: date,
                 demand: Demand | None = None) -> FeeSchedule | None:
    """The schedule in force on the demand's filing date, or on `fallback_on` with no demand.

    Pass the `demand` when it is already known (from `first_demand`) to spare the query."""
    demand = demand or first_demand(case)
    return schedule_in_force(demand.filed_on if demand else fallback_on, all_schedules())


@dataclass
class PartyTotals:
    incurred: int = 0
    paid: int = 0

    @property
    def outstanding(self) -> int:
        return self.incurred - self.paid


@dataclass
class Ledger:
    items: list[CostItem]
    by_party: dict[str, PartyTotals] = field(default_factory=dict)
    by_stage: dict[str, dict[str, PartyTotals]] = field(default_factory=dict)
    total: int = 0
    proposed: list[CostItem] = field(default_factory=list)


def item_paid(item: CostItem) -> dict[str, int]:
    paid = dict.fromkeys(PARTIES, 0)
    for payment in item.payments:
        paid[payment.party] += payment.amount_cents
    return paid


def ledger(items: list[CostItem]) -> Ledger:
    """Totals per party and per stage; claimant + respondent always equals the total."""
    result = Ledger(items=[i for i in items if i.status == CONFIRMED],
                    proposed=[i for i in items if i.status != CONFIRMED],
                    by_party={p: PartyTotals() for p in PARTIES})
    for item in result.items:
        shares = dict(zip(PARTIES, item.shares, strict=True))
        paid = item_paid(item)
        stage = result.by_stage.setdefault(item.stage, {p: PartyTotals() for p in PARTIES})
        for party in PARTIES:
            for bucket in (result.by_party[party], stage[party]):
                bucket.incurred += shares[party]
                bucket.paid += paid[party]
        result.total += item.amount_cents
    return result


def case_items(case: Case) -> list[CostItem]:
    return db.session.scalars(
        select(CostItem).where(CostItem.case_id == case.id)
        .options(selectinload(CostItem.payments))
        .order_by(CostItem.incurred_on, CostItem.id)
    ).all()


def items_between(start: date | None, end: date | None) -> list[CostItem]:
    query = (select(CostItem).join(Case, Case.id == CostItem.case_id)
             .options(contains_eager(CostItem.case), selectinload(CostItem.payments))
             .where(CostItem.status == CONFIRMED)
             .order_by(CostItem.incurred_on, Case.number, CostItem.id))
    if start:
        query = query.where(CostItem.incurred_on >= start)
    if end:
        query = query.where(CostItem.incurred_on <= end)
    return db.session.scalars(query).unique().all()


def consumer_filing_fees_already(case: Case, excluding: int | None = None) -> int:
    """What the AAA's fees already put on the consumer in this case: the cap counts them.

    Only the consumer's own filing fee, as the rule split it: the business's fees never use up
    the consumer's cap, and a split an award set is the award's, not the schedule's.
    """
    total = 0
    for item in db.session.scalars(select(CostItem).where(
            CostItem.case_id == case.id, CostItem.kind == CONSUMER_FILING_FEE,
            CostItem.stage == "arbitration", CostItem.override_reason == "")):
        if item.id != excluding:
            total += item.shares[0]
    return total


def mediator_choices() -> list[tuple[str, str]]:
    """The roster's active mediators with an hourly rate, for the cost form."""
    neutrals = db.session.scalars(
        select(Neutral).where(Neutral.active.is_(True), Neutral.kind.in_(("mediator", "both")),
                              Neutral.hourly_rate_cents.is_not(None)).order_by(Neutral.name))
    return [("", "—")] + [(str(n.id), f"{n.name} (${(n.hourly_rate_cents or 0) / 100:,.2f}/h)")
                          for n in neutrals]


def item(item_id: int) -> CostItem | None:
    return db.session.get(CostItem, item_id)
