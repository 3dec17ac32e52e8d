"""The complainant hears by email when their case reaches a step that concerns them, each
email leading back to their status page, and may turn these updates off from the email."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from qtrax_disputes.audit.models import AuditEntry
from qtrax_disputes.cases.models import CaseEvent
from qtrax_disputes.outbox import complainant_updates as updates
from qtrax_disputes.outbox import sealed
from qtrax_disputes.outbox.models import OutboxMessage
from qtrax_disputes.web.extensions import db
from tests import factories

from .helpers import email_parts


def _updates(app, case_id):
    with app.app_context():
        return [(m.subject, m.unsubscribe_url) for m in db.session.scalars(
            select(OutboxMessage).where(OutboxMessage.case_id == case_id,
                                        ~OutboxMessage.subject.contains("was received"))
            .order_by(OutboxMessage.id))]


def test_each_step_that_concerns_the_complainant_emails_them(app):
    with app.app_context():
        made = factories.make_case("award_received")
    subjects = [s for s, _ in _updates(app, made.id)]
    assert subjects == [
        f"Case {made.number}: your mediation session is scheduled",
        f"Case {made.number}: the mediation ended without an agreement",
        f"Case {made.number}: your arbitration hearing is scheduled",
        f"Case {made.number}: the arbitrator has decided",
        f"Case {made.number}: the award has been delivered",
    ]
    with app.app_context():
        session = db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.subject.contains("session is scheduled"))).one()
        assert re.search(r"It is set for [A-Z][a-z]+day, \d{1,2} January 2026, at New York, NY\.",
                         session.body)


def test_a_step_recorded_twice_is_emailed_once(app):
    with app.app_context():
        made = factories.make_case("impasse")
        case = factories.case_of(made)
        event = db.session.scalars(select(CaseEvent).where(
            CaseEvent.case_id == case.id, CaseEvent.to_stage == "impasse")).one()
        assert updates.step_taken(case, event, {}) is None
        db.session.commit()
    assert [s for s, _ in _updates(app, made.id)].count(
        f"Case {made.number}: the mediation ended without an agreement") == 1


def test_a_mediator_qtrax_proposes_is_emailed_and_one_they_proposed_is_not(app):
    from qtrax_disputes.cases.operations import neutrals

    with app.app_context():
        made = factories.make_case("mediator_selection")
        case = factories.case_of(made)
        neutrals.propose_neutral(case, kind="mediator", proposed_by="claimant",
                                 proposed_on=date(2026, 2, 1), name="Their Choice")
        neutrals.propose_neutral(case, kind="mediator", proposed_by="respondent",
                                 proposed_on=date(2026, 2, 1), name="Ours Proposed")
        bodies = db.session.scalars(select(OutboxMessage.body).where(
            OutboxMessage.subject.contains("a mediator has been proposed"))).all()
    assert len(bodies) == 1 and "Ours Proposed" in bodies[0]


def test_the_update_as_it_arrives_leads_to_the_status_page_and_can_be_turned_off(
        app, client, runner, smtp_server):
    with app.app_context():
        made = factories.make_case("mediation_scheduled")
    runner.invoke(args=["outbox", "send"])
    (_, update), = [m for m in smtp_server.messages if "scheduled" in m[1]["Subject"]]
    text, html = email_parts(update)
    status_link = re.search(r"http://127\.0\.0\.1:5000(/status/\S+)", text).group(1)
    assert status_link in html and status_link != made.status_path, "a fresh link"
    assert client.get(status_link).status_code == 200
    assert client.get(made.status_path).status_code == 200, "the receipt's link still works"
    off = re.sub(r"\s+", "", update["List-Unsubscribe"]).strip("<>")  # unfolded
    assert update["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert off in text and off in html

    with app.app_context():
        stored = db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.subject.contains("scheduled"))).one()
        for part in (stored.body, stored.html_body):  # struck from both once delivered
            assert status_link not in part and "~sealed~" not in part and sealed.STRUCK in part


def test_one_click_turns_updates_off_and_only_what_is_required_is_still_sent(
        app, client, auth):
    with app.app_context():
        made = factories.make_case("mediation_held")
    (_, off), = _updates(app, made.id)
    path = off.removeprefix("http://127.0.0.1:5000")

    page = client.get(path)
    assert page.status_code == 200 and b"Stop update emails" in page.data
    # A mail client posts with no page and no cookie (RFC 8058): no CSRF token.
    response = client.post(path, data={"List-Unsubscribe": "One-Click"}, csrf=False)
    assert response.status_code == 200 and b"Update emails are off" in response.data

    with app.app_context():
        case = factories.case_of(made)
        assert case.updates_off_at is not None
        assert db.session.scalar(select(AuditEntry.actor).where(
            AuditEntry.action == "case.updates_off")) == f"complainant:{made.number}"
        factories.take_step(case, "impasse", date(2026, 3, 1))
        assert updates.tell_complainant(case, updates.STAFF_MESSAGE) is None
        required = updates.tell_complainant(case, updates.STAFF_MESSAGE, required=True)
        assert required is not None and required.unsubscribe_url is None
        db.session.commit()
    assert [s for s, _ in _updates(app, made.id)] == [
        f"Case {made.number}: your mediation session is scheduled",
        f"Case {made.number}: a message from Qtrax Legal"]

    auth.login("staff")
    assert b"Turned update emails off" in client.get(f"/cases/{made.number}").data


def test_looking_at_the_page_turns_nothing_off_and_a_made_up_token_finds_nothing(app, client):
    with app.app_context():
        made = factories.make_case("mediation_scheduled")
    (_, off), = _updates(app, made.id)
    client.get(off.removeprefix("http://127.0.0.1:5000"))
    with app.app_context():
        assert factories.case_of(made).updates_off_at is None
    assert client.get("/updates/off/MQ.not-a-signature").status_code == 404
    assert client.post("/updates/off/MQ.not-a-signature", csrf=False).status_code == 404


def test_an_update_queued_before_updates_were_turned_off_is_not_sent(app, client, runner,
                                                                     smtp_server, auth):
    with app.app_context():
        made = factories.make_case("mediation_scheduled")
    (_, off), = _updates(app, made.id)
    client.post(off.removeprefix("http://127.0.0.1:5000"), csrf=False)
    assert "withheld (updates turned off) 1" in runner.invoke(args=["outbox", "send"]).output
    assert [m["Subject"] for _, m in smtp_server.messages] == [
        f"Your complaint {made.number} was received"]
    with app.app_context():
        withheld = db.session.scalars(select(OutboxMessage).where(
            OutboxMessage.status == "withheld")).one()
        assert "~sealed~" not in withheld.body + withheld.html_body
    auth.login("staff")
    timeline = client.get(f"/cases/{made.number}?section=timeline").data.decode()
    assert "Email not sent to jane.roe@example.com (the complainant turned updates off)" \
        in timeline
