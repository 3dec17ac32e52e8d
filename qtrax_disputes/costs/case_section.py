"""The costs section of the case page: the ledger, its forms and the schedule's amounts."""

from __future__ import annotations

from qtrax_disputes.core.clock import today
from qtrax_disputes.web.formatting import format_date

from ..cases.models import Case
from ..cases.sections import Section
from . import allocation, rule_notes
from . import queries as cost_queries
from .forms import CasePaymentForm, item_form
from .models import CostItem
from .schedules import COST_KIND_LABELS, STAGE_LABELS


def item_label(item: CostItem) -> str:
    """How a row names its cost: what staff wrote, else its kind's label (never the code)."""
    return item.description or COST_KIND_LABELS.get(item.kind, "Cost")


def payment_form(items: list[CostItem], given: CasePaymentForm | None = None) -> CasePaymentForm:
    """The ledger's one payment form; its choices are the case's confirmed items."""
    form = given or CasePaymentForm(prefix="pay", formdata=None, paid_on=today())
    form.item.choices = [(i.id, f"{item_label(i)}, {format_date(i.incurred_on)}") for i in items]
    return form


def costs_data(case: Case, role: str, given: dict) -> dict:
    items = cost_queries.case_items(case)
    demand = cost_queries.first_demand(case)
    schedule_on = demand.filed_on if demand else today()
    ledger = cost_queries.ledger(items)
    return {
        "ledger": ledger,
        "cost_notes": rule_notes.notes_for(ledger.items),
        "rule_name": rule_notes.rule_name,
        "cost_item_label": item_label,
        "cost_stage_labels": STAGE_LABELS,
        "item_paid": cost_queries.item_paid,
        "case_payment_form": payment_form(ledger.items, given.get("case_payment_form")),
        # What the schedule states, beside the cost form, each amount with its mark.
        "cost_schedule": cost_queries.schedule_for(case, schedule_on, demand),
        "cost_schedule_on": schedule_on,
        "cost_schedule_from_demand": demand is not None,
        "cost_clause_note": allocation.MEDIATION_PROTOCOL_NOTE,
        "cost_clause_quote": allocation.POLICY_MEDIATION_QUOTE,
        "cost_clause_source": allocation.POLICY_SOURCE,
        "cost_form": given.get("cost_form") or item_form(from_request=False,
                                                         incurred_on=today()),
        "cost_open": given.get("cost_open", False),
    }


COSTS = Section(name="costs", title="Costs", anchor="costs", template="cases/_costs.html",
                slot="record", order=20, data=costs_data, tab="costs")
