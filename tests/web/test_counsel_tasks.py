"""Staff at a step only counsel may take ask counsel: a task, an email, closed by the step."""

from __future__ import annotations

from datetime import date

from sqlalchemy import select

from qtrax_disputes.audit.models import AuditEntry
from qtrax_disputes.outbox.models import OutboxMessage
from qtrax_disputes.tasks.models import CounselTask
from qtrax_disputes.web.extensions import db

from ..conftest import page_text
from ..factories import case_of, make_case, take_step


def _impasse_case(app):
    with app.app_context():
        return make_case("impasse").number


def test_staff_at_an_impasse_see_the_demand_is_counsels_and_ask_counsel(app, client, auth,
                                                                        make_user):
    number = _impasse_case(app)
    counsel_id, counsel_email = make_user("counsel", name="Cora Counsel")
    auth.login("staff")
    page = page_text(client.get(f"/cases/{number}"))
    assert "These steps need counsel: File an arbitration demand" in page
    assert "Ask counsel" in page

    response = client.post(f"/cases/{number}/ask-counsel", data={
        "step": "arbitration_demanded", "counsel": str(counsel_id),
        "note": "The mediator's letter is in the documents."})
    assert response.status_code == 302
    with app.app_context():
        task = db.session.scalar(select(CounselTask))
        assert task.assigned_to_id == counsel_id and task.closed_at is None
        assert task.what == ("File an arbitration demand: The mediator's letter is in the "
                             "documents.")
        mail = db.session.scalar(select(OutboxMessage).where(
            OutboxMessage.to_address == counsel_email))
        assert mail is not None and number in mail.subject and f"/cases/{number}" in mail.body
        assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "task.asked"))
    assert "Asked of Cora Counsel" in page_text(client.get(f"/cases/{number}"))


def test_the_task_closes_when_counsel_takes_the_step(app, client, auth, make_user):
    number = _impasse_case(app)
    counsel_id, _ = make_user("counsel")
    auth.login("staff")
    client.post(f"/cases/{number}/ask-counsel", data={
        "step": "arbitration_demanded", "counsel": str(counsel_id)})
    with app.app_context():
        take_step(case_of(number), "arbitration_demanded", date(2026, 2, 1))
        task = db.session.scalar(select(CounselTask))
        assert task.closed_at is not None and task.closed_by_event_id is not None
        assert db.session.scalar(select(AuditEntry).where(AuditEntry.action == "task.closed"))


def test_a_task_for_a_step_still_ahead_stays_open_when_the_case_moves(app, client, auth,
                                                                      make_user):
    number = _impasse_case(app)
    counsel_id, _ = make_user("counsel")
    auth.login("staff")
    client.post(f"/cases/{number}/ask-counsel", data={
        "step": "settled", "counsel": str(counsel_id)})
    with app.app_context():
        take_step(case_of(number), "arbitration_demanded", date(2026, 2, 1))
        assert db.session.scalar(select(CounselTask)).closed_at is None  # can still settle


def test_a_viewer_cannot_ask_counsel(app, client, auth, make_user):
    number = _impasse_case(app)
    counsel_id, _ = make_user("counsel")
    auth.login("viewer")
    assert "Ask counsel" not in page_text(client.get(f"/cases/{number}"))
    response = client.post(f"/cases/{number}/ask-counsel", data={
        "step": "arbitration_demanded", "counsel": str(counsel_id)})
    assert response.status_code == 403
    with app.app_context():
        assert db.session.scalar(select(CounselTask)) is None


def test_counsel_are_not_offered_to_ask_themselves(app, client, auth):
    number = _impasse_case(app)
    auth.login("counsel")
    assert "Ask counsel" not in page_text(client.get(f"/cases/{number}"))


def test_staff_cannot_ask_for_a_step_that_is_theirs_or_ask_a_paralegal(app, client, auth,
                                                                        make_user):
    number = _impasse_case(app)
    staff_id, _ = make_user("staff")
    counsel_id, _ = make_user("counsel")
    auth.login("staff")
    theirs = client.post(f"/cases/{number}/ask-counsel", data={
        "step": "withdrawn", "counsel": str(counsel_id)})
    paralegal = client.post(f"/cases/{number}/ask-counsel", data={
        "step": "arbitration_demanded", "counsel": str(staff_id)})
    assert theirs.status_code == 400 and paralegal.status_code == 400
    with app.app_context():
        assert db.session.scalar(select(CounselTask)) is None
