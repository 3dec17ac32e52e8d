"""Fixtures of the web tests: a real SMTP server on a free local port, and a case with
something behind every kind of id."""

from __future__ import annotations

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select

from qtrax_disputes.web.extensions import db

from .helpers import PDF_BYTES, Inbox, file, file_complaint, filed_number_and_token, free_port


@pytest.fixture
def smtp_server(app):
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    saved = {k: app.config.get(k) for k in ("MAIL_SERVER", "MAIL_PORT", "MAIL_USE_TLS")}
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=controller.port, MAIL_USE_TLS=False)
    yield inbox
    controller.stop()
    app.config.update(saved)


@pytest.fixture
def world(app, client, auth):
    """A case with everything a route can name: document, deadline, cost, proposal, report.
    ``client`` is left signed in as an admin."""
    file_complaint(client, files=[file(PDF_BYTES, "evidence.pdf")], category="child_under_13",
                   is_child_data="y")
    number, token = filed_number_and_token(client)
    admin_id = auth.login("admin")
    client.post(f"/cases/{number}/costs", data={
        "stage": "mediation", "kind": "room", "amount": "100", "incurred_on": "2026-01-10",
        "incurred_by": "claimant", "mediator": ""})
    client.post(f"/cases/{number}/proposals", data={
        "kind": "mediator", "neutral": "", "name": "Pat Neutral", "proposed_by": "claimant",
        "proposed_on": "2026-01-10"})
    client.post("/neutrals/new", data={"name": "Pat Neutral", "kind": "mediator",
                                       "active": "y"})
    client.post("/cases/views", data={"name": "Open child cases", "query": "child=1"})
    from qtrax_disputes.cases.models import CaseEvent, NeutralProposal, SavedView
    from qtrax_disputes.costs.models import CostItem
    from qtrax_disputes.deadlines.models import Deadline
    from qtrax_disputes.documents.models import Document
    from qtrax_disputes.neutrals.models import Neutral

    with app.app_context():
        ids = {
            "number": number, "token": token,
            "effective_on": "2013-11-02",  # the shipped version of the policy
            "document_id": db.session.scalar(select(Document.id)),
            "deadline_id": db.session.scalar(select(Deadline.id)),
            "item_id": db.session.scalar(select(CostItem.id)),
            "neutral_id": db.session.scalar(select(Neutral.id)),
            "proposal_id": db.session.scalar(select(NeutralProposal.id)),
            "event_id": db.session.scalar(select(CaseEvent.id)),
            "view_id": db.session.scalar(select(SavedView.id)),
            "user_id": admin_id,
        }
        # A mass holding the case, with a bulk step begun for it.
        from datetime import date

        from qtrax_disputes.cases.models import Case
        from qtrax_disputes.mass import bulk, operations

        case_id = db.session.scalar(select(Case.id))
        mass = operations.create_mass("Walk mass", case_ids=[case_id])
        run = bulk.start(mass, [case_id], "triage", date(2026, 1, 11), {}, role="staff")
        from qtrax_disputes.mass import settlement

        offer = settlement.make_offer(mass, per_claimant_cents=150_000, by_category={},
                                      made_on=date(2026, 1, 12), accept_by=None,
                                      terms="Full release")
        settlement.record_acceptances(offer, [case_id], date(2026, 1, 13), source="staff")
        ids.update(mass_id=mass.id, bulk_id=run.id, case_id=case_id, offer_id=offer.id)
        from qtrax_disputes.auth import api_tokens
        from qtrax_disputes.auth.models import User

        ids["token_id"] = api_tokens.create_token(db.session.get(User, admin_id), name="Walk",
                                                  scope="read").token.id
    return ids
