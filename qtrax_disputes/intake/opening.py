"""Staff opening a case that did not come through the public form: a letter, an email, a call,
or an AAA notice of a demand Qtrax had not seen. The case is filed as the form files one (the
same duplicate check, receipt and first deadlines) and then walks the road, step by step
through the road's own operation, to the stage it is really at, so every step's deadlines
start as they would have."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from qtrax_disputes.db.transactions import operation
from qtrax_disputes.web.extensions import db

from ..cases import workflow as wf
from ..cases.operations.road import StepInput, take_step_within
from ..documents.operations import storage
from . import sources
from .operations import Complaint, Filed, file_within

# Where a case entered by staff may start, in road order.
STARTS: dict[str, str] = {
    wf.FILED: "Filed (triage not started)",
    wf.TRIAGE: "Triage",
    wf.ARBITRATION_DEMANDED: "Arbitration demanded (the complainant filed with the AAA)",
}


@dataclass(frozen=True)
class Opening:
    source: str
    received_on: date
    start: str = wf.FILED
    # The demand's form values (served_on, aaa_case_number, claim_amount, mediation_waived…)
    # and its filing date with the AAA, when the case starts at the demand.
    demand_filed_on: date | None = None
    demand: dict = field(default_factory=dict)


def _walk(opening: Opening, filed_on: date) -> list[tuple[str, StepInput]]:
    if opening.start == wf.FILED:
        return []
    walk = [(wf.TRIAGE, StepInput(filed_on, note="Triage started as the case was entered."))]
    if opening.start == wf.ARBITRATION_DEMANDED:
        walk.append((wf.ARBITRATION_DEMANDED, StepInput(
            opening.demand_filed_on or filed_on,
            values={"filed_by": "claimant", **opening.demand},
            note="Recorded as the case was entered.")))
    return walk


@operation()
def open_case(complaint: Complaint, opening: Opening, *, role: str) -> Filed:
    """File the case and walk it to ``opening.start``: all of it, or nothing if a step is
    refused (the refusal names the field, as the step's own form would)."""
    if opening.source not in sources.STAFF_SOURCES or opening.start not in STARTS:
        raise ValueError("An unknown source or start.")  # the form offers only these
    # A demand filed before its notice reached Qtrax: the case's record starts with the demand,
    # so the steps keep their order and the filing's own clocks start no later than they would.
    filed_on = min(opening.received_on, opening.demand_filed_on or opening.received_on)
    note = "" if filed_on == opening.received_on else \
        f" Received on {opening.received_on.isoformat()}; filed as of the demand's date."
    with storage().transaction() as tx:
        filed = file_within(tx, complaint, [], filed_on=filed_on, source=opening.source,
                      staff_note=note)
        for target, step in _walk(opening, filed_on):
            take_step_within(tx, filed.case, target, step, role=role)
        db.session.commit()
    return filed
