"""A global settlement, from the claimant's side and on the ledger: the offer told in plain
words on the status page and accepted there, refused once its last day has passed, and each
release settling its case with the amount owed on the case's ledger; the rest go on."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import func, select

from qtrax_disputes.audit.models import AuditEntry
from qtrax_disputes.cases import workflow as wf
from qtrax_disputes.cases.models import Case
from qtrax_disputes.core.clock import today
from qtrax_disputes.costs.models import CostItem
from qtrax_disputes.deadlines.public_words import long_date
from qtrax_disputes.mass import operations, settlement
from qtrax_disputes.mass.models import Mass, MassAcceptance
from qtrax_disputes.web.extensions import db
from tests import factories
from tests.conftest import page_text

from .helpers import PDF_BYTES, file

TERMS = "Full release of all privacy claims against Qtrax; no admission of liability."


def _mass_with_offer(app, *, categories=("email_sold", "cookies_tracking"), stage=wf.TRIAGE,
                     made_days_ago=5, last_day_in=30, on_status_pages=True):
    """Cases of one mass and an offer to it: $1,500 each, $2,500 for an email sold."""
    with app.app_context():
        # Straight from triage to the demand: no mediator for each case to agree on.
        made = [factories.make_case(stage, name=f"Claimant {i}", category=category,
                                    email=f"claimant{i}@mail.example", account=f"user{i}",
                                    mediation_waived=stage == wf.ARBITRATION_DEMANDED)
                for i, category in enumerate(categories)]
        mass = operations.create_mass("Listening history wave", case_ids=[m.id for m in made])
        on = today()
        offer = settlement.make_offer(
            mass, per_claimant_cents=150_000, by_category={"email_sold": 250_000},
            made_on=on - timedelta(days=made_days_ago),
            accept_by=on + timedelta(days=last_day_in), terms=TERMS,
            on_status_pages=on_status_pages)
        return made, mass.id, offer.id, offer.accept_by


def _accept(client, made, offer_id):
    return client.post(f"{made.status_path}/settlement", data={"offer": str(offer_id)})


def test_a_claimant_accepts_the_offer_on_their_status_page(app, client, auth):
    (email, cookies), the_mass, offer_id, last_day = _mass_with_offer(app)
    page = client.get(email.status_path)
    text = page_text(page)
    # Their own category's amount in dollars, the terms and the last day, in plain words.
    assert "An offer to settle your case" in text
    assert "$2,500.00" in text and "$1,500.00" not in text
    assert TERMS in text
    assert f"The last day to accept is {long_date(last_day)}" in text
    # Nothing internal: not the mass, its offer's id, nor how staff record acceptances.
    html = page.get_data(as_text=True)
    assert "Listening history wave" not in text and "counsel's list" not in text
    assert f'value="{offer_id}"' not in html  # the id waits on the confirm step's form
    assert "$1,500.00" in page_text(client.get(cookies.status_path))

    # The confirm step says it again; only its button accepts.
    confirm = client.get(f"{email.status_path}/settlement")
    assert confirm.status_code == 200
    assert "I accept the offer of $2,500.00" in page_text(confirm)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(MassAcceptance)) == 0
    forged = client.post(f"{email.status_path}/settlement", data={"offer": str(offer_id)},
                         csrf=False)
    assert forged.status_code == 400
    accepted = _accept(client, email, offer_id)
    assert accepted.status_code == 302 and accepted.location == email.status_path
    with app.app_context():
        acceptance = db.session.get(MassAcceptance, (offer_id, email.id))
        assert (acceptance.source, acceptance.accepted_on) == ("status page", today())
        entries = db.session.scalars(select(AuditEntry).where(
            AuditEntry.action == "mass.offer_accepted")).all()
        assert [(e.actor, e.object_id, e.detail["source"]) for e in entries] == [
            (f"complainant:{email.number}", str(email.id), "status page")]
        assert db.session.get(MassAcceptance, (offer_id, cookies.id)) is None
    after = page_text(client.get(email.status_path))
    assert "Your settlement" in after and "An offer to settle your case" not in after
    assert (f"You accepted Qtrax's offer of $2,500.00 to settle your case on "
            f"{long_date(today())}") in after
    assert "Review and accept the offer" not in after

    # Twice is harmless: the second is told it is recorded already, and nothing is added.
    again = page_text(client.post(f"{email.status_path}/settlement",
                                  data={"offer": str(offer_id)}, follow_redirects=True))
    assert "Your acceptance was recorded already" in again
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(MassAcceptance)) == 1
        assert db.session.scalar(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.action == "mass.offer_accepted")) == 1
    # Staff read how it arrived.
    auth.login("staff")
    staff_page = page_text(client.get(f"/masses/{the_mass}"))
    assert "How the acceptances arrived: 1 by the claimant on the status page." in staff_page
    row = re.search(rf"{email.number} Claimant 0 \$2,500\.00 (.+?) Release of", staff_page)
    assert row and row.group(1) == "by the claimant on the status page"


def test_an_offer_past_its_last_day_is_not_offered_and_a_late_acceptance_is_refused(
        app, client):
    (made,), _, offer_id, last_day = _mass_with_offer(
        app, categories=("cookies_tracking",), made_days_ago=20, last_day_in=-1)
    text = page_text(client.get(made.status_path))
    assert (f"The last day to accept was {long_date(last_day)} and it has passed, so the "
            "offer can no longer be accepted here.") in text
    assert "Review and accept the offer" not in text
    # The confirm step is not offered either: back to where the page says so.
    confirm = client.get(f"{made.status_path}/settlement")
    assert confirm.status_code == 302 and confirm.location.endswith("#settlement")
    late = _accept(client, made, offer_id)
    assert late.status_code == 422
    assert "The last day to accept this offer has passed" in page_text(late)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(MassAcceptance)) == 0


def test_an_offer_for_counsel_to_pass_on_is_not_told_on_the_status_page(app, client, auth):
    """A represented claimant is written to through counsel: without counsel's consent, the
    status page says nothing of the offer, nor of an acceptance counsel sent in."""
    (made,), the_mass, offer_id, _ = _mass_with_offer(app, categories=("email_sold",),
                                                      on_status_pages=False)
    assert "settle" not in page_text(client.get(made.status_path)).lower()
    assert client.get(f"{made.status_path}/settlement").status_code == 302
    refused = _accept(client, made, offer_id)
    assert refused.status_code == 422
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(MassAcceptance)) == 0
        settlement.record_acceptances(db.session.get(settlement.MassOffer, offer_id),
                                      [made.id], today(), source="counsel's list")
    assert "settle" not in page_text(client.get(made.status_path)).lower()
    auth.login("staff")
    assert "Not shown on the claimants' status pages" in page_text(
        client.get(f"/masses/{the_mass}"))


def test_counsel_chooses_to_show_the_offer_on_the_status_pages(app, client, auth):
    (made,), the_mass, _, _ = _mass_with_offer(app, categories=("email_sold",),
                                               on_status_pages=False)
    auth.login("counsel")
    client.post(f"/masses/{the_mass}/offers", data={
        "amount": "1,200", "made_on": today().isoformat(), "terms": TERMS,
        "on_status_pages": "y"})
    assert "Shown to the claimants on their status pages" in page_text(
        client.get(f"/masses/{the_mass}"))
    client.get("/logout")
    assert "$1,200.00" in page_text(client.get(made.status_path))


def test_an_offer_replaced_since_the_page_was_read_is_not_accepted_unread(app, client):
    (made,), the_mass, first_id, _ = _mass_with_offer(app, categories=("cookies_tracking",))
    with app.app_context():
        settlement.make_offer(db.session.get(Mass, the_mass), per_claimant_cents=90_000,
                              by_category={}, made_on=today(), accept_by=None, terms=TERMS,
                              on_status_pages=True)
    stale = _accept(client, made, first_id)
    assert stale.status_code == 422
    text = page_text(stale)
    assert "This offer can no longer be accepted here" in text and "$900.00" in text
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(MassAcceptance)) == 0


def _settle(client, the_mass, offer_id, case_id, signed_on):
    return client.post(f"/masses/{the_mass}/offers/{offer_id}/releases/{case_id}", data={
        "release": file(PDF_BYTES, "release.pdf"), "signed_on": signed_on.isoformat()},
        content_type="multipart/form-data", follow_redirects=True)


def test_the_release_settles_the_case_and_its_ledger_owes_the_category_amount(
        app, client, auth):
    (email, cookies), the_mass, offer_id, _ = _mass_with_offer(
        app, stage=wf.ARBITRATION_DEMANDED, categories=("email_sold", "cookies_tracking"))
    with app.app_context():
        settlement.record_acceptances(db.session.get(settlement.MassOffer, offer_id),
                                      [email.id, cookies.id], today(), source="staff")
        # The settled step is counsel's: refused for staff, it leaves nothing on the ledger.
        case = db.session.get(Case, email.id)
        try:
            settlement.settle_on_release(db.session.get(settlement.MassOffer, offer_id), case,
                                         file(PDF_BYTES, "release.pdf"), today(), role="staff")
        except settlement.OfferRefused:
            pass
        else:  # pragma: no cover - the check below says what went wrong
            raise AssertionError("staff settled a case")
        assert db.session.scalar(select(func.count()).select_from(CostItem).where(
            CostItem.kind == "settlement")) == 0
    auth.login("counsel")
    assert f"{email.number} is settled on its signed release" in page_text(
        _settle(client, the_mass, offer_id, email.id, today()))
    with app.app_context():
        case = db.session.get(Case, email.id)
        assert case.stage == wf.SETTLED
        (item,) = db.session.scalars(select(CostItem).where(CostItem.case_id == email.id,
                                                            CostItem.kind == "settlement"))
        assert (item.amount_cents, item.claimant_share_cents, item.respondent_share_cents) == (
            250_000, 0, 250_000)
        assert (item.stage, item.status, item.incurred_on) == ("arbitration", "confirmed",
                                                               today())
        assert db.session.get(MassAcceptance, (offer_id, email.id)).cost_item_id == item.id
        item_id = item.id
    # On the case's ledger, Qtrax's to pay; paid through the ledger's own payment form.
    ledger = page_text(client.get(f"/cases/{email.number}?section=costs"))
    assert "Settlement on the global offer to the mass" in ledger
    assert "The settlement's terms" in ledger
    state = page_text(client.get(f"/masses/{the_mass}"))
    assert ("Offered to those who accepted $4,000.00 Settled on a signed release $2,500.00 "
            "Paid, as the cases' ledgers record $0.00") in state
    paid = client.post(f"/cases/{email.number}/costs/payments", data={
        "pay-item": str(item_id), "pay-party": "respondent", "pay-amount": "2,500",
        "pay-paid_on": today().isoformat(), "pay-note": "Wire"})
    assert paid.status_code == 302
    state = page_text(client.get(f"/masses/{the_mass}"))
    assert "Paid, as the cases' ledgers record $2,500.00" in state
    assert "$2,500.00 paid by Qtrax" in page_text(
        client.get(f"/cases/{email.number}?section=costs"))


def test_a_case_that_does_not_accept_goes_on(app, client, auth):
    (email, cookies), the_mass, offer_id, _ = _mass_with_offer(app)
    with app.app_context():
        settlement.record_acceptances(db.session.get(settlement.MassOffer, offer_id),
                                      [email.id], today(), source="counsel's list")
    auth.login("counsel")
    _settle(client, the_mass, offer_id, email.id, today())
    refused = page_text(_settle(client, the_mass, offer_id, cookies.id, today()))
    assert "has not accepted the offer" in refused
    with app.app_context():
        assert db.session.get(Case, email.id).stage == wf.SETTLED
        other = db.session.get(Case, cookies.id)
        assert (other.stage, other.closed_on) == (wf.TRIAGE, None)
        assert db.session.scalar(select(func.count()).select_from(CostItem).where(
            CostItem.case_id == cookies.id)) == 0
    # Its road goes on as before, and the offer still stands for it to accept.
    assert "Request mediation" in page_text(client.get(f"/cases/{cookies.number}"))
    with app.app_context():
        factories.take_step(factories.case_of(cookies), wf.MEDIATION_REQUESTED, today())
        assert db.session.get(Case, cookies.id).stage == wf.MEDIATION_REQUESTED
    client.get("/logout")
    assert "Review and accept the offer" in page_text(client.get(cookies.status_path))


def test_the_offer_speaks_spanish_to_a_claimant_who_reads_it(app, client):
    (made,), _, _, last_day = _mass_with_offer(app, categories=("email_sold",))
    from tests.web.test_spanish import ES, dia

    text = page_text(client.get(made.status_path, headers=ES))
    assert "Una oferta de acuerdo para su caso" in text and "$2,500.00" in text
    assert f"El último día para aceptar es el {dia(last_day)}" in text
    assert "Revisar y aceptar la oferta" in text and "An offer to settle" not in text
