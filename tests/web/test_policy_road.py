"""The road and the mediation cost split follow the clause that governs each case: under a
version without mediation first and with shared mediation costs, a case goes straight to
arbitration and splits its mediation costs; a case under the 2013 clause does not."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from qtrax_disputes.core.clock import frozen
from qtrax_disputes.costs.models import CostItem
from qtrax_disputes.web.extensions import db

from ..conftest import page_text
from .test_case_policy import _case, _file, add_2025_version
from .test_road import move


@pytest.fixture(autouse=True)
def _on_a_known_day():
    """Filed and moved on Wednesday 2026-12-02, whatever day the suite runs."""
    with frozen(datetime(2026, 12, 2, 15, 0, tzinfo=UTC)):
        yield

def _mediation_room(client, number, amount="101.01", incurred_by="respondent"):
    response = client.post(f"/cases/{number}/costs", data={
        "stage": "mediation", "kind": "room", "amount": amount, "incurred_on": "2026-12-02",
        "incurred_by": incurred_by, "mediator": ""})
    assert response.status_code == 302, page_text(response)


def _shares(app, number) -> list[tuple[int, int, str]]:
    case_id = _case(app, number).id
    with app.app_context():
        return [(i.claimant_share_cents, i.respondent_share_cents, i.rule_code)
                for i in db.session.scalars(select(CostItem).where(CostItem.case_id == case_id)
                                            .order_by(CostItem.id))]


def test_each_case_follows_the_clause_of_its_version(app, client, auth):
    add_2025_version(app)
    later, _ = _file(client, "2025-06-01")  # under the 2025 version, today's too
    earlier, _ = _file(client, "2014-03-02")  # under the 2013 clause
    auth.login("counsel")
    for number in (later, earlier):
        assert move(client, app, number, "triage", "2026-12-02").status_code == 302

    # 2025: no mediation first -- the demand needs neither an impasse nor a waiver.
    response = move(client, app, later, "arbitration_demanded", "2026-12-02",
                    aaa_rules="2025", filed_by="claimant", arbitrators="1")
    assert response.status_code == 302, page_text(response)
    # 2013: mediation first -- only with a waiver.
    refused = move(client, app, earlier, "arbitration_demanded", "2026-12-02",
                   aaa_rules="2025", filed_by="claimant", arbitrators="1")
    assert refused.status_code == 400
    assert "only with a recorded waiver of mediation" in page_text(refused)

    # The room Qtrax booked: shared under 2025 (the odd cent to the business), the user's
    # under 2013.
    _mediation_room(client, later)
    _mediation_room(client, earlier)
    assert _shares(app, later)[-1] == (5050, 5051, "POLICY_MEDIATION_SHARED")
    assert _shares(app, earlier)[-1] == (10101, 0, "POLICY_MEDIATION_USER_PAYS")


def test_counsel_s_confirmation_of_the_other_clause_changes_the_road_and_the_split(
        app, client, auth):
    add_2025_version(app)
    number, _ = _file(client, "2014-03-02")
    auth.login("counsel")
    assert move(client, app, number, "triage", "2026-12-02").status_code == 302
    assert "(mediation waived)" in page_text(client.get(f"/cases/{number}"))
    response = client.post(f"/cases/{number}/clause", data={
        "version": _case(app, number).version, "version_on": "2025-01-15",
        "reason": "Accepted the 2025 terms after notice by email."})
    assert response.status_code == 302
    text = page_text(client.get(f"/cases/{number}"))
    assert "the clause does not require mediation first" in text
    _mediation_room(client, number)
    assert _shares(app, number)[-1] == (5050, 5051, "POLICY_MEDIATION_SHARED")
    response = move(client, app, number, "arbitration_demanded", "2026-12-02",
                    aaa_rules="2025", filed_by="claimant", arbitrators="1")
    assert response.status_code == 302, page_text(response)


def test_attorney_fees_stay_with_the_side_that_incurred_them_under_any_clause(
        app, client, auth):
    add_2025_version(app)
    number, _ = _file(client, "2025-06-01")
    auth.login("counsel")
    response = client.post(f"/cases/{number}/costs", data={
        "stage": "mediation", "kind": "attorney_fee", "amount": "900", "incurred_on":
        "2026-12-02", "incurred_by": "respondent", "mediator": ""})
    assert response.status_code == 302
    assert _shares(app, number)[-1] == (0, 90000, "ATTORNEY_FEES_OWN")
