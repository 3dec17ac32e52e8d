"""The factories reach each stage the way staff would: through the operations, one audited
step at a time, so a test that starts from a factory's case starts from a real one."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from qtrax_disputes.audit.models import AuditEntry
from qtrax_disputes.cases import workflow as wf
from qtrax_disputes.cases.models import CaseEvent
from qtrax_disputes.web.extensions import db

from ..factories import case_of, make_case, make_cost, make_document, road_to

EXITS = (wf.DISMISSED, wf.WITHDRAWN, wf.SETTLED, wf.SUSPENDED, wf.SMALL_CLAIMS)


def audited(action: str) -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEntry)
                             .where(AuditEntry.action == action))


@pytest.mark.parametrize("stage", [*wf.ROAD, *EXITS])
def test_a_case_reaches_each_stage_by_audited_steps(app, stage):
    with app.app_context():
        made = make_case(stage)
        case = case_of(made)
        assert case.stage == stage
        road = road_to(stage)
        moves = db.session.scalars(select(CaseEvent.to_stage).where(
            CaseEvent.case_id == case.id, CaseEvent.to_stage.is_not(None))
            .order_by(CaseEvent.id)).all()
        assert moves == road
        assert audited("case.filed") == 1
        assert audited("case.moved") == len(road) - 1


def test_mediation_waived_goes_from_triage_to_the_demand(app):
    with app.app_context():
        case = case_of(make_case(wf.ARBITRATION_DEMANDED, mediation_waived=True))
        assert case.stage == wf.ARBITRATION_DEMANDED
        assert audited("case.moved") == 2


def test_parties_deadlines_documents_and_costs_are_added_as_staff_add_them(app):
    from datetime import date

    with app.app_context():
        made = make_case(parties=[{"role": "claimant_counsel", "name": "Ada Lawyer"}],
                         deadlines=[("Call back", date(2026, 2, 1))])
        make_document(made)
        make_cost(made, amount_cents=250_00)
        assert [audited(a) for a in ("party.added", "deadline.added", "document.uploaded",
                                     "cost.added")] == [1, 1, 1, 1]
