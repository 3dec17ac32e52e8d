"""An arbitrator the AAA appoints is one step: who (from the roster or new), the day of the
appointment, the disclosures and the conflict check, recorded together. Neither side accepts
an appointment; acceptances stay for the neutrals the parties choose."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from qtrax_disputes.audit.models import AuditEntry
from qtrax_disputes.cases import workflow as wf
from qtrax_disputes.cases.models import CaseEvent, NeutralProposal, Party
from qtrax_disputes.core.clock import frozen
from qtrax_disputes.neutrals.operations import create_neutral
from qtrax_disputes.web.extensions import db

from ..conftest import page_text
from ..factories import case_of, make_case
from .test_road import move

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)
T = wf.ARBITRATOR_APPOINTED


@pytest.fixture(autouse=True)
def _late_in_the_year():
    with frozen(NOW):
        yield


@pytest.fixture
def noticed(app):
    """A case at the AAA's notice, no arbitrator proposed."""
    with app.app_context():
        return make_case(wf.AAA_NOTICED, mediation_waived=True).number


def error_next_to(response, field: str) -> str:
    html = response.get_data(as_text=True)
    found = re.search(rf'<p class="error" id="to_{T}-{field}-error">(.*?)</p>', html, re.S)
    return found.group(1).strip() if found else ""


def appoint(client, app, number, **fields):
    return move(client, app, number, T, "2026-02-02", **fields)


def test_the_appointment_is_offered_without_anyone_accepting_first(client, auth, noticed):
    auth.login("staff")
    text = page_text(client.get(f"/cases/{noticed}"))
    assert "Record the arbitrator's appointment" in text
    assert "Arbitrator the AAA appointed, from the roster" in text
    assert "The arbitrator's disclosures" in text
    assert "not yet: Name the arbitrator" not in text


def test_staff_record_a_new_arbitrator_the_aaa_appointed_in_one_step(
        client, app, auth, noticed):
    auth.login("staff")
    response = appoint(client, app, noticed, arbitrator_name="  Dana   Whitfield ",
                       arbitrator_organisation="AAA Panel",
                       arbitrator_email="Dana@Panel.example",
                       disclosures="No relationship with either side.")
    assert response.status_code == 302, page_text(response)
    with app.app_context():
        case = case_of(noticed)
        assert case.stage == T
        (proposal,) = db.session.scalars(select(NeutralProposal).where(
            NeutralProposal.case_id == case.id)).all()
        assert (proposal.name, proposal.email, proposal.proposed_by, proposal.status) == (
            "Dana Whitfield", "dana@panel.example", "aaa", "agreed")
        assert proposal.claimant_answer == proposal.respondent_answer == ""
        assert proposal.disclosures == "No relationship with either side."
        assert proposal.conflict_checked and proposal.conflict_hits == []
        assert proposal.proposed_on.isoformat() == "2026-02-02"
        assert db.session.scalar(select(Party.name).where(
            Party.case_id == case.id, Party.role == "arbitrator")) == "Dana Whitfield"
        moved = db.session.scalars(select(CaseEvent).where(
            CaseEvent.case_id == case.id, CaseEvent.to_stage == T)).one()
        assert moved.note.startswith("Dana Whitfield appointed by the AAA; the conflict check "
                                     "found no other case.")
        assert moved.data["proposal"] == proposal.id
        assert "disclosures" not in moved.data
        assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "neutral.appointed")) == 1


def test_the_arbitrator_may_be_chosen_from_the_roster(client, app, auth, noticed):
    with app.app_context():
        neutral = create_neutral({"name": "Sam Okafor", "kind": "arbitrator",
                                  "organisation": "Okafor ADR", "email": "sam@okafor.example",
                                  "active": True})
        neutral_id = neutral.id
    auth.login("staff")
    assert "Sam Okafor — Okafor ADR" in page_text(client.get(f"/cases/{noticed}"))
    response = appoint(client, app, noticed, arbitrator_neutral=str(neutral_id),
                       disclosures="None.")
    assert response.status_code == 302, page_text(response)
    with app.app_context():
        proposal = db.session.scalars(select(NeutralProposal)).one()
        assert (proposal.neutral_id, proposal.name, proposal.organisation) == (
            neutral_id, "Sam Okafor", "Okafor ADR")


def test_the_appointment_needs_the_arbitrators_name(client, app, auth, noticed):
    auth.login("staff")
    response = appoint(client, app, noticed, disclosures="None.")
    assert response.status_code == 400
    assert error_next_to(response, "arbitrator_name") == "Name the arbitrator who was appointed."
    assert case_stage(app, noticed) == wf.AAA_NOTICED


def test_the_appointment_needs_the_disclosures(client, app, auth, noticed):
    auth.login("staff")
    response = appoint(client, app, noticed, arbitrator_name="Dana Whitfield")
    assert response.status_code == 400
    assert error_next_to(response, "disclosures").startswith("Record what the arbitrator "
                                                             "disclosed")
    with app.app_context():
        assert db.session.scalar(select(func.count(NeutralProposal.id))) == 0
    assert case_stage(app, noticed) == wf.AAA_NOTICED


def case_stage(app, number) -> str:
    with app.app_context():
        return case_of(number).stage


def test_an_arbitrator_found_in_other_cases_needs_counsel_and_a_reason(
        client, app, auth, noticed):
    with app.app_context():
        make_case(parties=[{"role": "claimant_counsel", "name": "Dana Whitfield"}])
    auth.login("staff")
    refused = appoint(client, app, noticed, arbitrator_name="Dana Whitfield",
                      disclosures="Once acted as counsel against Qtrax.")
    assert refused.status_code == 400
    assert "Only counsel may record this appointment." in page_text(refused)
    auth.logout()
    auth.login("counsel")
    no_reason = appoint(client, app, noticed, arbitrator_name="Dana Whitfield",
                        disclosures="Once acted as counsel against Qtrax.")
    assert "Say why the appointment stands" in error_next_to(no_reason, "conflict_reason")
    assert case_stage(app, noticed) == wf.AAA_NOTICED
    accepted = appoint(client, app, noticed, arbitrator_name="Dana Whitfield",
                       disclosures="Once acted as counsel against Qtrax.",
                       conflict_reason="A closed matter of 2019; no objection under R-18.")
    assert accepted.status_code == 302, page_text(accepted)
    with app.app_context():
        proposal = db.session.scalars(select(NeutralProposal)).one()
        assert len(proposal.conflict_hits) == 1
        assert proposal.conflict_cleared_reason.startswith("A closed matter")


def test_an_arbitrator_both_sides_chose_needs_no_appointment_fields(app):
    with app.app_context():
        case = case_of(make_case(T))  # the factory's arbitrator: proposed and accepted
        assert case.stage == T
        assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "neutral.appointed")) == 0
