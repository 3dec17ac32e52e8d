"""The costs section of the case page: the ledger, its forms and the schedule's amounts."""

from __future__ import annotations

from qtrax_disputes.core.clock import today

from ..cases.models import Case
from ..cases.sections import Section
from . import allocation
from . import queries as cost_queries
from .forms import PaymentForm, item_form


def costs_data(case: Case, role: str, given: dict) -> dict:
    items = cost_queries.case_items(case)
    payment_forms = given.get("payment_forms") or {}
    demand = cost_queries.first_demand(case)
    schedule_on = demand.filed_on if demand else today()
    return {
        "ledger": cost_queries.ledger(items),
        # What the schedule states, beside the cost form, each amount with its mark.
        "cost_schedule": cost_queries.schedule_for(case, schedule_on, demand),
        "cost_schedule_on": schedule_on,
        "cost_schedule_from_demand": demand is not None,
        "payment_forms": {
            item.id: payment_forms.get(item.id) or PaymentForm(
                prefix=f"pay{item.id}", formdata=None, paid_on=today(),
                party=item.incurred_by)
            for item in items},
        "cost_clause_note": allocation.MEDIATION_PROTOCOL_NOTE,
        "cost_clause_quote": allocation.POLICY_MEDIATION_QUOTE,
        "cost_clause_source": allocation.POLICY_SOURCE,
        "cost_form": given.get("cost_form") or item_form(from_request=False,
                                                         incurred_on=today()),
        "cost_open": given.get("cost_open", False),
    }


COSTS = Section(name="costs", title="Costs", anchor="costs", template="cases/_costs.html",
                slot="record", order=20, data=costs_data, tab="costs")
