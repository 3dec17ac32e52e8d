"""The complainant's own consent to the mediator: the policy calls for a mutually agreed
mediator, so when Qtrax proposes one, the complainant answers on the status page with the
mediator's disclosures in view, or proposes someone else. Staff may still record an answer
given by letter, and it says so."""

from __future__ import annotations

from sqlalchemy import select

from qtrax_disputes.audit.models import AuditEntry
from qtrax_disputes.cases import workflow as wf
from qtrax_disputes.cases.models import CaseEvent, NeutralProposal, Party
from qtrax_disputes.cases.operations import neutrals
from qtrax_disputes.web.extensions import db

from ..conftest import page_text
from ..factories import _actor, case_of, make_case

DISCLOSURE = "Mediated two unrelated cases for Qtrax in 2024; no other link to either side."


def _proposed_by_qtrax(app, *, checked: bool = True, hits: bool = False):
    """A case choosing its mediator, and Qtrax's proposal of one (accepted by proposing)."""
    with app.app_context():
        made = make_case(wf.MEDIATOR_SELECTION)
        proposal = neutrals.propose_neutral(
            case_of(made), kind="mediator", proposed_by="respondent",
            proposed_on=made.stepped_on, name="Robin Mediator", organisation="Hudson ADR",
            email="robin@hudson-adr.example")
        if checked:
            neutrals.record_conflict_check(proposal, DISCLOSURE, _actor(wf.COUNSEL))
        if hits:
            proposal.conflict_hits = [{"case": "QD-2025-000001", "role": "mediator",
                                       "open": True, "this_case": False}]
            db.session.commit()
        return made, proposal.id, proposal.version


def _answer(client, made, proposal_id, version, answer="accepted", reason=""):
    return client.post(f"{made.status_path}/mediator/{proposal_id}/answer", data={
        f"answer-{proposal_id}-answer": answer, f"answer-{proposal_id}-reason": reason,
        f"answer-{proposal_id}-version": str(version)})


def test_the_proposal_is_shown_with_the_mediators_disclosure(app, client):
    made, proposal_id, _ = _proposed_by_qtrax(app)
    text = page_text(client.get(made.status_path))
    assert "Qtrax proposes Robin Mediator, Hudson ADR" in text
    assert DISCLOSURE in text
    assert "I accept Robin Mediator" in text and "Propose a different mediator" in text


def test_the_complainants_acceptance_makes_the_mediator_by_the_same_rule(app, client):
    made, proposal_id, version = _proposed_by_qtrax(app)
    response = _answer(client, made, proposal_id, version)
    assert response.status_code == 302
    with app.app_context():
        proposal = db.session.get(NeutralProposal, proposal_id)
        assert (proposal.claimant_answer, proposal.claimant_answer_via, proposal.status) == (
            "accepted", "status_page", "agreed")
        assert db.session.scalar(select(Party.name).where(
            Party.case_id == made.id, Party.role == "mediator")) == "Robin Mediator"
        event = db.session.scalars(select(CaseEvent).where(
            CaseEvent.case_id == made.id, CaseEvent.kind == "mediator_accepted")
            .order_by(CaseEvent.id.desc())).first()
        assert event.actor == f"complainant:{made.number}"
        assert "on the status page" in event.note and "Both sides have accepted" in event.note
        entry = db.session.scalars(select(AuditEntry).where(
            AuditEntry.action == "neutral.answered").order_by(AuditEntry.id.desc())).first()
        assert entry.actor == f"complainant:{made.number}"
    text = page_text(client.get(made.status_path))
    assert "Both sides have agreed on Robin Mediator" in text
    assert "I accept Robin Mediator" not in text  # nothing left to answer


def test_a_decline_with_a_reason_is_recorded_and_nobody_becomes_mediator(app, client):
    made, proposal_id, version = _proposed_by_qtrax(app)
    assert _answer(client, made, proposal_id, version, "rejected",
                   "I have read bad reviews of this mediator.").status_code == 302
    with app.app_context():
        proposal = db.session.get(NeutralProposal, proposal_id)
        assert (proposal.claimant_answer, proposal.status) == ("rejected", "rejected")
        assert db.session.scalar(select(Party.id).where(Party.case_id == made.id,
                                                        Party.role == "mediator")) is None
        note = db.session.scalars(select(CaseEvent.note).where(
            CaseEvent.kind == "mediator_rejected")).one()
        assert "bad reviews" in note


def test_the_complainant_may_propose_someone_else_instead(app, client):
    made, proposal_id, version = _proposed_by_qtrax(app)
    response = client.post(f"{made.status_path}/mediator/{proposal_id}/other", data={
        f"other-{proposal_id}-name": "  Sam   Neutral ",
        f"other-{proposal_id}-reason": "Recommended by a friend.",
        f"other-{proposal_id}-version": str(version)})
    assert response.status_code == 302
    with app.app_context():
        rows = db.session.scalars(select(NeutralProposal).where(
            NeutralProposal.case_id == made.id).order_by(NeutralProposal.id)).all()
        assert [(p.name, p.status, p.proposed_by, p.claimant_answer) for p in rows] == [
            ("Robin Mediator", "rejected", "respondent", "rejected"),
            ("Sam Neutral", "open", "claimant", "accepted")]
        actors = set(db.session.scalars(select(CaseEvent.actor).where(
            CaseEvent.case_id == made.id, CaseEvent.kind.in_(
                ("mediator_rejected", "mediator_proposed")))))
        assert f"complainant:{made.number}" in actors
    text = page_text(client.get(made.status_path))
    assert "You proposed Sam Neutral" in text


def test_a_name_is_needed_to_propose_someone_else(app, client):
    made, proposal_id, version = _proposed_by_qtrax(app)
    response = client.post(f"{made.status_path}/mediator/{proposal_id}/other", data={
        f"other-{proposal_id}-name": "", f"other-{proposal_id}-reason": "Kept as typed",
        f"other-{proposal_id}-version": str(version)})
    assert response.status_code == 400
    text = page_text(response)
    assert "Enter the name of the mediator you propose." in text and "Kept as typed" in text
    with app.app_context():
        assert db.session.get(NeutralProposal, proposal_id).status == "open"


def test_an_answer_to_a_proposal_changed_meanwhile_is_refused_as_stale(app, client):
    made, proposal_id, version = _proposed_by_qtrax(app)
    with app.app_context():  # staff change the proposal after the page was read
        proposal = db.session.get(NeutralProposal, proposal_id)
        proposal.organisation = "Hudson ADR LLC"
        db.session.commit()
    response = _answer(client, made, proposal_id, version)
    assert response.status_code == 400
    assert "answered or changed while you were looking at it" in page_text(response)
    with app.app_context():
        assert db.session.get(NeutralProposal, proposal_id).claimant_answer == ""
    with app.app_context():
        fresh = db.session.get(NeutralProposal, proposal_id).version
    assert _answer(client, made, proposal_id, fresh).status_code == 302


def test_a_mediator_not_yet_checked_is_not_put_to_the_complainant(app, client):
    for kwargs in ({"checked": False}, {"hits": True}):
        made, proposal_id, version = _proposed_by_qtrax(app, **kwargs)
        assert "Robin Mediator" not in page_text(client.get(made.status_path)), kwargs
        response = _answer(client, made, proposal_id, version)
        assert response.status_code == 400
        assert "can no longer be answered here" in page_text(response)
        with app.app_context():
            assert db.session.get(NeutralProposal, proposal_id).claimant_answer == ""


def test_another_cases_link_cannot_answer_this_cases_proposal(app, client):
    made, proposal_id, version = _proposed_by_qtrax(app)
    with app.app_context():
        other = make_case(wf.MEDIATOR_SELECTION, email="someone.else@example.com")
    response = _answer(client, other, proposal_id, version)
    assert response.status_code == 400
    with app.app_context():
        assert db.session.get(NeutralProposal, proposal_id).claimant_answer == ""


def test_staff_record_a_consent_given_by_letter_and_it_says_so(app, client, auth):
    made, proposal_id, _ = _proposed_by_qtrax(app)
    auth.login("staff")
    response = client.post(f"/cases/{made.number}/proposals/{proposal_id}/answer", data={
        "side": "claimant", "answer": "accepted", "answered_on": str(made.stepped_on),
        "reason": ""})
    assert response.status_code == 302, page_text(response)
    with app.app_context():
        proposal = db.session.get(NeutralProposal, proposal_id)
        assert (proposal.claimant_answer_via, proposal.status) == ("letter", "agreed")
        staff_name = proposal.claimant_answer_recorded_by.display_name
        note = db.session.scalars(select(CaseEvent.note).where(
            CaseEvent.kind == "mediator_accepted")).one()
    assert f"accepted Robin Mediator as mediator by letter, recorded by {staff_name}" in note
    page = page_text(client.get(f"/cases/{made.number}", query_string={"section": "parties"}))
    assert f"accepted by letter, recorded by {staff_name}" in page
