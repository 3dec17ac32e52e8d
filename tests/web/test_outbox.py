"""Email leaves through the outbox: queued with the change, sent once over real SMTP."""

from __future__ import annotations

from sqlalchemy import select

from qtrax_disputes.outbox.models import PENDING, SENT, OutboxMessage
from qtrax_disputes.web.extensions import db

from .helpers import email_parts, file_complaint, filed_number_and_token, free_port


def test_the_receipt_is_delivered_once_with_the_case_number_and_link(app, client, runner,
                                                                     smtp_server):
    file_complaint(client)
    number, token = filed_number_and_token(client)

    result = runner.invoke(args=["outbox", "send"])
    assert "sent 1" in result.output
    assert len(smtp_server.messages) == 1
    recipients, message = smtp_server.messages[0]
    assert recipients == ["jane.roe@example.com"]
    assert number in message["Subject"]
    body, html = email_parts(message)
    assert number in body and f"/status/{token}" in body
    assert number in html and f"/status/{token}" in html

    runner.invoke(args=["outbox", "send"])
    assert len(smtp_server.messages) == 1, "a sent message is never sent again"


def test_a_failed_delivery_stays_queued_for_a_later_try(app, client, runner):
    file_complaint(client)
    port = free_port()  # nothing listens here
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=port)
    try:
        result = runner.invoke(args=["outbox", "send"])
    finally:
        app.config.update(MAIL_SERVER=None)
    assert "retry later 1" in result.output
    with app.app_context():
        message = db.session.scalars(select(OutboxMessage)).one()
        assert message.status == PENDING
        assert message.attempts == 1
        assert message.last_error
        assert message.next_attempt_at > message.created_at


def test_the_receipt_is_written_with_the_complaint_or_not_at_all(app, client):
    from .helpers import ELF_BYTES, file

    file_complaint(client, files=[file(ELF_BYTES, "evidence.pdf")])
    with app.app_context():
        assert db.session.scalar(select(db.func.count(OutboxMessage.id))) == 0
    file_complaint(client)
    with app.app_context():
        assert db.session.scalars(select(OutboxMessage.status)).all() == [PENDING]


def test_sent_rows_are_marked_sent(app, client, runner, smtp_server):
    file_complaint(client)
    runner.invoke(args=["outbox", "send"])
    with app.app_context():
        message = db.session.scalars(select(OutboxMessage)).one()
        assert message.status == SENT and message.sent_at is not None
