"""A case's road through the browser's forms: mediation in New York City, AAA arbitration,
the award and the court, with the side exits. Every step leaves a timeline event and an
audit entry; a refused step changes nothing."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import func, select

from qtrax_disputes.audit.models import AuditEntry
from qtrax_disputes.cases.models import Case, CaseEvent, NeutralProposal
from qtrax_disputes.core.clock import frozen
from qtrax_disputes.deadlines.models import Deadline
from qtrax_disputes.documents.models import Document
from qtrax_disputes.web.extensions import db

from ..conftest import page_text
from ..factories import make_case
from .helpers import PDF_BYTES, file, file_complaint, filed_number_and_token

NOW = datetime(2026, 11, 20, 15, 0, tzinfo=UTC)


@pytest.fixture
def filed_case(app):
    """A complaint filed on Monday 2026-01-05; the test runs on 2026-11-20."""
    with app.app_context():
        made = make_case(filed_on=date(2026, 1, 5), incident_on=date(2025, 12, 20))
    with frozen(NOW):
        yield made.number, made.status_path.rsplit("/", 1)[1]


@pytest.fixture
def case_number(filed_case):
    return filed_case[0]


def case_row(app, number) -> Case:
    with app.app_context():
        case = db.session.scalars(select(Case).where(Case.number == number)).one()
        db.session.expunge(case)
        return case


def move(client, app, number, target, on, files=None, **fields):
    data = {f"to_{target}-occurred_on": on, "version": str(case_row(app, number).version)}
    data.update({f"to_{target}-{k}": v for k, v in fields.items()})
    if files:
        data.update({f"to_{target}-{k}": v for k, v in files.items()})
    return client.post(f"/cases/{number}/move/{target}", data=data,
                       content_type="multipart/form-data")


def side_step(client, number, kind, on, **files):
    data = {f"side_{kind}-occurred_on": on}
    data.update({f"side_{kind}-{k}": v for k, v in files.items()})
    return client.post(f"/cases/{number}/steps/{kind}", data=data,
                       content_type="multipart/form-data")


def agree_on_neutral(client, app, number, kind, on, proposed_by="claimant"):
    client.post(f"/cases/{number}/proposals", data={
        "kind": kind, "neutral": "", "name": f"Pat {kind.title()}",
        "organisation": "Midtown ADR", "email": f"pat.{kind}@adr.example",
        "proposed_by": proposed_by, "proposed_on": on})
    with app.app_context():
        proposal_id = db.session.scalar(select(NeutralProposal.id).where(
            NeutralProposal.kind == kind).order_by(NeutralProposal.id.desc()))
    client.post(f"/cases/{number}/proposals/{proposal_id}/conflicts",
                data={"disclosures": "No relationship with either side."})
    sides = ["respondent"] if proposed_by == "claimant" else ["claimant", "respondent"]
    for side in sides:
        response = client.post(f"/cases/{number}/proposals/{proposal_id}/answer", data={
            "side": side, "answer": "accepted", "answered_on": on})
        assert response.status_code == 302, page_text(response)
    return proposal_id


def stage(app, number) -> str:
    return case_row(app, number).stage


def assert_moved(response, app, number, target):
    assert response.status_code == 302, page_text(response)
    assert stage(app, number) == target


def test_from_filing_through_impasse_arbitration_and_award_to_confirmation(
        app, client, auth, case_number):
    n = case_number
    auth.login("counsel")
    assert_moved(move(client, app, n, "triage", "2026-01-06"), app, n, "triage")
    assert_moved(move(client, app, n, "mediation_requested", "2026-01-07"), app, n,
                 "mediation_requested")
    assert_moved(move(client, app, n, "mediator_selection", "2026-01-08"), app, n,
                 "mediator_selection")

    # The mediator is mutually agreed: not before both sides accept.
    text = page_text(client.get(f"/cases/{n}"))
    assert "A mediator both sides have accepted is needed" in text
    agree_on_neutral(client, app, n, "mediator", "2026-01-12")
    assert "Pat Mediator" in page_text(client.get(f"/cases/{n}"))
    assert_moved(move(client, app, n, "mediation_agreed", "2026-01-15"), app, n,
                 "mediation_agreed")

    # No session before the written confidentiality agreement, and only in New York City.
    text = page_text(client.get(f"/cases/{n}"))
    assert "confidentiality agreement before a session is scheduled" in text
    response = side_step(client, n, "confidentiality_signed", "2026-01-20",
                         document=file(PDF_BYTES, "confidentiality.pdf"))
    assert response.status_code == 302
    refused = move(client, app, n, "mediation_scheduled", "2026-01-21",
                   session_on="2026-02-10", venue="Newark, NJ")
    assert refused.status_code == 400
    assert "The policy requires mediation in New York City" in page_text(refused)
    assert stage(app, n) == "mediation_agreed"
    assert_moved(move(client, app, n, "mediation_scheduled", "2026-01-21",
                      session_on="2026-02-10", session_time="10:00",
                      venue="JAMS, 620 Eighth Avenue, New York, NY 10018"),
                 app, n, "mediation_scheduled")
    assert_moved(move(client, app, n, "mediation_held", "2026-02-10"), app, n,
                 "mediation_held")
    assert_moved(move(client, app, n, "impasse", "2026-02-11", declared_by="mediator",
                      in_writing="y"), app, n, "impasse")

    # Counsel is warned of the clause terms at risk before the demand.
    text = page_text(client.get(f"/cases/{n}"))
    assert "Consumer Due Process Protocol" in text and "Principle 6" in text
    assert_moved(move(client, app, n, "arbitration_demanded", "2026-03-02",
                      aaa_rules="2025", claim_amount="5,000.00"), app, n,
                 "arbitration_demanded")
    assert case_row(app, n).aaa_rules == "2025"
    assert_moved(move(client, app, n, "aaa_noticed", "2026-03-09", notice_sent_on="2026-03-05",
                      aaa_case_number="01-26-0000-1234"), app, n, "aaa_noticed")
    agree_on_neutral(client, app, n, "arbitrator", "2026-04-01", proposed_by="aaa")
    assert_moved(move(client, app, n, "arbitrator_appointed", "2026-04-01"), app, n,
                 "arbitrator_appointed")
    assert_moved(move(client, app, n, "desk_submissions", "2026-04-02"), app, n,
                 "desk_submissions")
    assert_moved(move(client, app, n, "record_closed", "2026-05-01"), app, n,
                 "record_closed")
    assert_moved(move(client, app, n, "award_issued", "2026-05-28", amount="1,000.00",
                      prevailing="claimant"), app, n, "award_issued")

    # The award without its document is refused, and says what is missing.
    refused = move(client, app, n, "award_received", "2026-06-01")
    assert refused.status_code == 400
    assert "The award document must be uploaded" in page_text(refused)
    assert_moved(move(client, app, n, "award_received", "2026-06-01",
                      files={"document": file(PDF_BYTES, "award.pdf")}), app, n,
                 "award_received")
    assert_moved(move(client, app, n, "confirmed", "2026-07-15",
                      court="Supreme Court, New York County", index_number="654321/2026"),
                 app, n, "confirmed")
    assert_moved(move(client, app, n, "paid", "2026-08-01", amount="1,000.00"), app, n,
                 "paid")
    assert_moved(move(client, app, n, "closed", "2026-08-02"), app, n, "closed")
    assert case_row(app, n).closed_on.isoformat() == "2026-08-02"

    with app.app_context():
        case_id = case_row(app, n).id
        moves = db.session.scalars(select(CaseEvent.to_stage).where(
            CaseEvent.case_id == case_id, CaseEvent.to_stage.is_not(None))
            .order_by(CaseEvent.id)).all()
        audited = db.session.scalar(select(func.count(AuditEntry.id)).where(
            AuditEntry.action == "case.moved"))
        award_docs = db.session.scalars(select(Document.tag).where(
            Document.case_id == case_id)).all()
    assert moves == ["filed", "triage", "mediation_requested", "mediator_selection",
                     "mediation_agreed", "mediation_scheduled", "mediation_held", "impasse",
                     "arbitration_demanded", "aaa_noticed", "arbitrator_appointed",
                     "desk_submissions", "record_closed", "award_issued", "award_received",
                     "confirmed", "paid", "closed"]
    assert audited == len(moves) - 1
    assert "award" in award_docs and "agreement" in award_docs

    # The timeline says who recorded each step and keeps both the legal date and the time.
    timeline = page_text(client.get(f"/cases/{n}?section=timeline"))
    assert re.search(r"Mon 2026-06-01 · (Staff|Counsel)\w* · recorded 2026-11-20 \d+:\d\d [ap]m",
                     timeline), timeline
    text = page_text(client.get(f"/cases/{n}"))
    # The case page lists what each step recorded.
    assert "AAA case number 01-26-0000-1234" in text
    assert "Documents only (desk) yes" in text  # a $5,000 claim with no hearing requested
    assert "Index number 654321/2026" in text


def test_a_settlement_needs_counsel_and_the_signed_agreement(app, client, auth, case_number):
    n = case_number
    auth.login("staff")
    move(client, app, n, "triage", "2026-01-06")
    move(client, app, n, "mediation_requested", "2026-01-07")
    refused = move(client, app, n, "settled", "2026-01-09", terms="Qtrax pays $500.",
                   files={"document": file(PDF_BYTES, "settlement.pdf")})
    assert refused.status_code == 400
    assert "Only counsel may record a settlement" in page_text(refused)
    assert stage(app, n) == "mediation_requested"

    auth.logout()
    auth.login("counsel")
    refused = move(client, app, n, "settled", "2026-01-09", terms="Qtrax pays $500.")
    assert "The signed settlement agreement must be on file" in page_text(refused)
    assert_moved(move(client, app, n, "settled", "2026-01-09", terms="Qtrax pays $500.",
                      amount="500", payment_due_on="2026-02-09",
                      files={"document": file(PDF_BYTES, "settlement.pdf")}),
                 app, n, "settled")
    with app.app_context():
        payment = db.session.scalars(select(Deadline).where(
            Deadline.title == "Settlement payment due")).one()
        assert payment.due_on.isoformat() == "2026-02-09"
    assert_moved(move(client, app, n, "closed", "2026-02-10"), app, n, "closed")


def test_a_withdrawal_needs_a_reason_and_closes_the_case(app, client, auth, case_number):
    n = case_number
    auth.login("staff")
    move(client, app, n, "triage", "2026-01-06")
    refused = move(client, app, n, "withdrawn", "2026-01-08")
    assert refused.status_code == 400 and "Give the reason." in page_text(refused)
    assert_moved(move(client, app, n, "withdrawn", "2026-01-08",
                      note="The complainant no longer wishes to pursue it."),
                 app, n, "withdrawn")
    assert case_row(app, n).closed_on.isoformat() == "2026-01-08"
    text = page_text(client.get(f"/cases/{n}?section=timeline"))
    assert "The complainant no longer wishes to pursue it." in text


def test_a_viewer_cannot_move_a_case(app, client, auth, case_number):
    auth.login("viewer")
    response = move(client, app, case_number, "triage", "2026-01-06")
    assert response.status_code == 403
    assert stage(app, case_number) == "filed"
    assert "Start triage" not in page_text(client.get(f"/cases/{case_number}"))


def test_a_refused_step_changes_nothing(app, client, auth, case_number):
    n = case_number
    auth.login("counsel")
    with app.app_context():
        events_before = db.session.scalar(select(func.count(CaseEvent.id)))
    illegal = move(client, app, n, "award_issued", "2026-01-06")  # filed → award: no such road
    assert illegal.status_code == 302
    assert stage(app, n) == "filed"
    before_filing = move(client, app, n, "triage", "2026-01-02")
    assert before_filing.status_code == 400
    assert "cannot be before the case's previous step (2026-01-05)" in page_text(before_filing)
    future = move(client, app, n, "triage", "2027-01-02")
    assert "The date cannot be in the future." in page_text(future)
    with app.app_context():
        assert db.session.scalar(select(func.count(CaseEvent.id))) == events_before
        assert db.session.scalar(select(func.count(AuditEntry.id)).where(
            AuditEntry.action == "case.moved")) == 0
    assert stage(app, n) == "filed"


def test_a_stale_step_is_refused(app, client, auth, case_number):
    n = case_number
    auth.login("staff")
    version = case_row(app, n).version
    move(client, app, n, "triage", "2026-01-06")
    response = client.post(f"/cases/{n}/move/mediation_requested", data={
        "to_mediation_requested-occurred_on": "2026-01-07", "version": str(version)})
    assert response.status_code == 302
    assert stage(app, n) == "triage"


def test_accepting_a_neutral_with_conflict_hits_needs_counsel_and_a_reason(
        app, client, auth, case_number):
    n = case_number
    # The same mediator already served on another case.
    with frozen(datetime(2026, 1, 5, 15, 0, tzinfo=UTC)):
        file_complaint(client, email="other@example.com",
                       description="My address was shared with a marketing firm.",
                       incident_on="2025-12-20")
        other, _ = filed_number_and_token(client)
    auth.login("staff")
    client.post(f"/cases/{other}/proposals", data={
        "kind": "mediator", "neutral": "", "name": "Pat Mediator",
        "email": "pat.mediator@adr.example",
        "proposed_by": "respondent", "proposed_on": "2026-01-06"})
    client.post(f"/cases/{n}/proposals", data={
        "kind": "mediator", "neutral": "", "name": "Pat Mediator",
        "email": "pat.mediator@adr.example",
        "proposed_by": "claimant", "proposed_on": "2026-01-07"})
    with app.app_context():
        proposal_id = db.session.scalar(select(NeutralProposal.id).join(Case).where(
            Case.number == n))
    client.post(f"/cases/{n}/proposals/{proposal_id}/conflicts",
                data={"disclosures": "None."})
    text = page_text(client.get(f"/cases/{n}?section=parties"))
    assert other in text and "Accepting needs counsel and a reason" in text
    refused = client.post(f"/cases/{n}/proposals/{proposal_id}/answer", data={
        "side": "respondent", "answer": "accepted", "answered_on": "2026-01-08"})
    assert refused.status_code == 400
    assert "only counsel may accept this neutral" in page_text(refused)

    auth.logout()
    auth.login("counsel")
    refused = client.post(f"/cases/{n}/proposals/{proposal_id}/answer", data={
        "side": "respondent", "answer": "accepted", "answered_on": "2026-01-08"})
    assert "Give the reason" in page_text(refused)
    accepted = client.post(f"/cases/{n}/proposals/{proposal_id}/answer", data={
        "side": "respondent", "answer": "accepted", "answered_on": "2026-01-08",
        "reason": "The earlier case was a one-hour call; disclosed and waived by both."})
    assert accepted.status_code == 302
    with app.app_context():
        proposal = db.session.get(NeutralProposal, proposal_id)
        assert proposal.status == "agreed"
        assert "one-hour call" in proposal.conflict_cleared_reason


def test_the_complainant_reads_each_stage_in_plain_words(app, client, auth, filed_case):
    from qtrax_disputes.cases import stages_public

    case_number, token = filed_case
    auth.login("staff")
    move(client, app, case_number, "triage", "2026-01-06")
    auth.logout()
    text = page_text(client.get(f"/status/{token}"))
    assert stages_public.describe("triage").title in text
    assert stages_public.describe("triage").next in text
