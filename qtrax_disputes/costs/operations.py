"""Writes on the cost ledger, one function per use case, each audited in its transaction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import current_app

from qtrax_disputes.core.refusals import Refused, Stale
from qtrax_disputes.db.transactions import commit_or_stale, operation
from qtrax_disputes.web.extensions import db

from ..audit.log import record
from ..cases import event_kinds as ek
from ..cases import workflow as wf
from ..cases.events import add_event
from ..cases.facts import latest_event
from ..cases.models import Case, CaseEvent
from ..policies.case_policy import mediation_terms
from . import allocation
from .models import CONFIRMED, PROPOSED, CostItem, CostPayment, FeeScheduleRecord
from .queries import all_schedules, consumer_filing_fees_already, first_demand, schedule_for
from .schedules import (
    ARBITRATION,
    COST_KIND_LABELS,
    MEDIATION,
    SETTLEMENT,
    FeeSchedule,
    ScheduledAmount,
)


class CostRefused(Refused):
    """A write on the ledger not made, and why."""


class StaleItem(CostRefused, Stale):
    message = ("Someone else changed this cost while you were editing it. Nothing was "
               "saved; review the ledger and try again.")


# A write on the ledger: what it refuses, or a concurrent save noticed at any flush, leaves
# nothing of it behind.
cost_operation = operation(StaleItem)


@dataclass(frozen=True)
class ItemValues:
    stage: str
    kind: str
    description: str
    amount_cents: int
    incurred_on: date
    incurred_by: str


def _allocate(case: Case, values: ItemValues, item_id: int | None = None):
    demand = first_demand(case)  # once: its date and its filer both come from this row
    return allocation.allocate(
        values.stage, values.kind, incurred_by=values.incurred_by,
        filed_by=demand.filed_by if demand else allocation.CLAIMANT,
        amount_cents=values.amount_cents, incurred_on=values.incurred_on,
        schedule=schedule_for(case, values.incurred_on, demand),
        consumer_filing_fees_already_cents=consumer_filing_fees_already(case, item_id),
        demand_on=demand.filed_on if demand else None, mediation=mediation_terms(case),
    )


def _apply(item: CostItem, decided: allocation.Allocation) -> None:
    item.claimant_share_cents, item.respondent_share_cents = decided.shares
    item.rule_code, item.rule_source = decided.rule_code, decided.source
    item.explanation, item.verified = decided.explanation, decided.verified


def _snapshot(item: CostItem) -> dict:
    claimant, respondent = item.shares
    return {"case": item.case.number if item.case else None, "stage": item.stage,
            "kind": item.kind, "amount_cents": item.amount_cents,
            "incurred_on": item.incurred_on.isoformat(), "claimant_cents": claimant,
            "respondent_cents": respondent, "rule": item.rule_code, "status": item.status}


def _id_of(user) -> int | None:
    return user.id if user is not None else None


@cost_operation
def add_item(case: Case, values: ItemValues, *,
             deposit: tuple[str, int, date] | None = None, recorded_by=None) -> CostItem:
    """A cost staff enter, confirmed as they enter it: its own transaction. ``recorded_by``:
    the user who entered the deposit, kept on the payment for the audit."""
    item = _new_item(case, values, status=CONFIRMED, deposit=deposit, recorded_by=recorded_by)
    commit_or_stale(StaleItem)
    return item


def propose_item(case: Case, values: ItemValues, *,
                 amount_from: ScheduledAmount | None = None) -> CostItem:
    """A cost a step proposes for staff to confirm: part of the step's transaction, which the
    step commits or rolls back as a whole, so no commit here."""
    return _new_item(case, values, status=PROPOSED, amount_from=amount_from)


def _new_item(case: Case, values: ItemValues, *, status: str,
              deposit: tuple[str, int, date] | None = None,
              amount_from: ScheduledAmount | None = None, recorded_by=None) -> CostItem:
    """The item priced and audited in the caller's transaction. ``amount_from``: the
    schedule's amount the item was priced from, whose mark it keeps."""
    item = CostItem(case_id=case.id, case=case, stage=values.stage, kind=values.kind,
                    description=values.description.strip(), amount_cents=values.amount_cents,
                    incurred_on=values.incurred_on, incurred_by=values.incurred_by,
                    status=status, amount_mark=amount_from.mark if amount_from else "",
                    amount_source=amount_from.source[:300] if amount_from else "")
    try:
        _apply(item, _allocate(case, values))
    except ValueError as exc:
        raise CostRefused(str(exc)) from exc
    db.session.add(item)
    if deposit:
        party, cents, paid_on = deposit
        item.payments.append(CostPayment(party=party, amount_cents=cents, paid_on=paid_on,
                                         note="Deposit", recorded_by_id=_id_of(recorded_by)))
    record("cost.added", item, _snapshot(item))
    return item


def ledger_stage(case: Case) -> str:
    """The ledger's stage a case is at: arbitration from the demand on (the award and after
    included), mediation before it; a suspended case is where it was suspended from."""
    stage = case.stage
    if stage == wf.SUSPENDED:
        suspended = latest_event(case, wf.SUSPENDED)
        stage = (suspended.from_stage if suspended else None) or stage
    return ARBITRATION if wf.PHASE.get(stage) in (wf.ARBITRATION, wf.POST_AWARD) else MEDIATION


def settlement_owed(case: Case, *, amount_cents: int, settled_on: date,
                    description: str) -> CostItem:
    """What a settlement binds Qtrax to pay the complainant, on the case's ledger as an item
    Qtrax bears in full (allocation's settlement rule), confirmed: the signed settlement is
    its source. Part of the settling step's transaction, so no commit here; its payment is
    recorded as any other, by ``record_payment``. Call it before the step moves the case:
    the item is at the stage the case was settled from."""
    values = ItemValues(ledger_stage(case), SETTLEMENT, description[:300], amount_cents,
                        settled_on, allocation.RESPONDENT)
    item = _new_item(case, values, status=CONFIRMED)
    db.session.flush()
    return item


@cost_operation
def edit_item(item: CostItem, values: ItemValues, expected_version: int) -> None:
    if item.version != expected_version:
        raise StaleItem()
    before = _snapshot(item)
    decided = None
    if not item.override_reason:
        # Decided before the row changes: the rule's queries autoflush, and a row with its new
        # amount but its old shares breaks the shares-make-whole check.
        try:
            decided = _allocate(item.case, values, item.id)
        except ValueError as exc:
            raise CostRefused(str(exc)) from exc
    if values.amount_cents != item.amount_cents:
        # A corrected amount is the invoice's, no longer the schedule's figure and its mark.
        item.amount_mark, item.amount_source = "", ""
    item.stage, item.kind = values.stage, values.kind
    if decided is None:  # counsel's split holds: the same fraction of the new amount
        item.claimant_share_cents, item.respondent_share_cents = allocation.rescale(
            item.claimant_share_cents, item.amount_cents, values.amount_cents)
    else:
        _apply(item, decided)
    item.description, item.amount_cents = values.description.strip(), values.amount_cents
    item.incurred_on, item.incurred_by = values.incurred_on, values.incurred_by
    item.status = CONFIRMED
    record("cost.edited", item, {"before": before, "after": _snapshot(item)})
    commit_or_stale(StaleItem)


@cost_operation
def delete_item(item: CostItem, reason: str) -> None:
    if not reason.strip():
        raise CostRefused.at("reason", "Say why the cost is deleted.")
    record("cost.deleted", item, {**_snapshot(item), "reason": reason.strip()})
    add_event(item.case, ek.COST_DELETED, item.incurred_on,
              note=f"Cost deleted: {item.description or item.kind} "
                   f"(${item.amount_cents / 100:,.2f}). Reason: {reason.strip()}")
    db.session.delete(item)
    db.session.commit()


@cost_operation
def override_split(item: CostItem, *, claimant_bp: int, reason: str, award_citation: str,
                   user, expected_version: int) -> None:
    if item.version != expected_version:
        raise StaleItem()
    try:
        decided = allocation.override(item.amount_cents, claimant_bp, reason,
                                      award_citation=award_citation.strip() or None)
    except ValueError as exc:
        raise CostRefused.at("reason" if "reason" in str(exc).lower()
                             else "claimant_percent", str(exc)) from exc
    before = _snapshot(item)
    _apply(item, decided)
    item.override_reason = reason.strip()
    item.overridden_by_id = user.id
    record("cost.overridden", item, {"before": before, "after": _snapshot(item),
                                     "reason": item.override_reason,
                                     "award": award_citation.strip()})
    commit_or_stale(StaleItem)


@cost_operation
def record_payment(item: CostItem, *, party: str, amount_cents: int, paid_on: date,
                   note: str = "", recorded_by=None) -> CostPayment:
    if amount_cents <= 0:
        raise CostRefused.at("amount", "The payment must be more than zero.")
    payment = CostPayment(item=item, party=party, amount_cents=amount_cents, paid_on=paid_on,
                          note=note.strip(), recorded_by_id=_id_of(recorded_by))
    db.session.add(payment)
    record("cost.paid", payment, {"case": item.case.number, "item": item.id, "party": party,
                                  "amount_cents": amount_cents, "paid_on": paid_on.isoformat()})
    db.session.commit()
    return payment


@cost_operation
def confirm_item(item: CostItem, expected_version: int) -> None:
    if item.version != expected_version:
        raise StaleItem()
    if item.status == CONFIRMED:
        return  # a second click on the same page: already done, nothing more to record
    item.status = CONFIRMED
    record("cost.confirmed", item, _snapshot(item))
    commit_or_stale(StaleItem)


# How a proposed fee is named on the ledger ("consumer"/"business" say whose filing fee it is).
PROPOSAL_LABELS = {"aaa_consumer_filing_fee": "AAA consumer filing fee",
                   "aaa_business_filing_fee": "AAA business filing fee",
                   "arbitrator_compensation": "Arbitrator compensation deposit (hearing)"}


def _fees_the_demand_brings(schedule: FeeSchedule, data: dict,
                            clause_registered: bool) -> list[tuple[str, str, str]]:
    """(amount name, cost kind, party incurring) of each AAA fee a demand brings."""
    consumer, business = schedule.filing_fee_names(
        filed_by=data.get("filed_by") or "claimant", arbitrators=int(data.get("arbitrators") or 1))
    fees = [(business, "aaa_business_filing_fee", "respondent")]
    if consumer:  # when Qtrax files, the consumer owes no filing fee at all
        fees.insert(0, (consumer, "aaa_consumer_filing_fee", "claimant"))
    if not clause_registered:
        fees.append(("clause_review_fee_cents", "aaa_clause_review_fee", "respondent"))
    fees.append(("case_management_fee_cents", "aaa_case_management_fee", "respondent"))
    if data.get("documents_only") is False:  # a hearing case: the arbitrator's deposit
        fees.append(("arbitrator_deposit_cents", "arbitrator_compensation", "respondent"))
    return fees


def propose_aaa_fees(case: Case, event: CaseEvent) -> list[CostItem]:
    """The AAA fees the demand brings, from the schedule in force on its filing date, proposed
    for staff to confirm: the filing fees (by who filed and before how many arbitrators), the
    clause review fee while the clause is not registered (AAA_CLAUSE_REGISTERED), the case
    management fee, and in a hearing case the arbitrator's deposit. Each keeps its amount's
    mark, so a secondary-source figure is shown as unverified. Part of the step's
    transaction: no commit here."""
    schedule = schedule_for(case, event.occurred_on)
    if schedule is None:
        return []
    registered = bool(current_app.config.get("AAA_CLAUSE_REGISTERED"))
    proposed = []
    for name, kind, party in _fees_the_demand_brings(schedule, event.data or {}, registered):
        amount = schedule.amount(name)
        if not amount.cents:  # not stated by this schedule: never guessed
            continue
        label = PROPOSAL_LABELS.get(kind) or COST_KIND_LABELS[kind]
        values = ItemValues("arbitration", kind,
                            f"{label} (schedule of {schedule.effective_on.isoformat()})",
                            amount.cents, event.occurred_on, party)
        item = propose_item(case, values, amount_from=amount)
        db.session.flush()
        proposed.append(item)
    return proposed


@cost_operation
def add_schedule(values: dict, user) -> FeeScheduleRecord:
    """An admin's fee schedule, refused next to the field when its code or date is taken
    (two schedules on one date would leave the schedule in force ambiguous)."""
    taken = all_schedules()
    if any(s.code == values["code"] for s in taken):
        raise CostRefused.at("code", "A schedule already has this code.")
    if any(s.effective_on == values["effective_on"] for s in taken):
        raise CostRefused.at("effective_on", "A schedule already takes effect on this date.")
    schedule = FeeScheduleRecord(**values, created_by_id=user.id)
    db.session.add(schedule)
    record("fee_schedule.added", schedule, {k: (v.isoformat() if isinstance(v, date) else v)
                                            for k, v in values.items()})
    db.session.commit()
    return schedule
