"""Messages between the complainant and staff: written on the status page and on the case's
timeline, each side emailed when the other writes, attachments checked as uploads are, and
everything part of the case's record (audited, purged, backed up)."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from qtrax_disputes.audit.models import AuditEntry
from qtrax_disputes.cases.models import Case, CaseEvent
from qtrax_disputes.documents.models import Document
from qtrax_disputes.messages.models import Message, MessageAttachment
from qtrax_disputes.outbox.models import OutboxMessage
from qtrax_disputes.web.extensions import db
from tests.conftest import page_text

from .helpers import (
    ELF_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    email_parts,
    file,
    file_complaint,
    filed_number_and_token,
)


def count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def post_message(client, url, body, files=()):
    data = {"message-body": body}
    if files:
        data["message-attachments"] = list(files)
    return client.post(url, data=data, content_type="multipart/form-data")


def write_as_complainant(client, token, body, files=()):
    return post_message(client, f"/status/{token}/messages", body, files)


def write_as_staff(client, number, body, files=()):
    return post_message(client, f"/cases/{number}/messages", body, files)


def emails(app, **where):
    with app.app_context():
        rows = db.session.scalars(select(OutboxMessage).filter_by(**where)
                                  .order_by(OutboxMessage.id)).all()
        return [(m.to_address, m.subject, m.body) for m in rows]


def assign(app, number, user_id):
    with app.app_context():
        case = db.session.scalars(select(Case).where(Case.number == number)).one()
        case.assigned_to_id = user_id
        db.session.commit()


def test_the_complainants_message_reaches_the_assignee_and_the_timeline(
        app, client, auth, make_user, runner, smtp_server):
    file_complaint(client)
    number, token = filed_number_and_token(client)
    assignee_id, assignee_email = make_user("staff", "paralegal@qtrax.example")
    make_user("staff", "someone.else@qtrax.example")
    assign(app, number, assignee_id)

    response = write_as_complainant(client, token, "Here is the letter Qtrax sent me.",
                                    [file(PDF_BYTES, "their letter.pdf")])
    assert response.status_code == 302
    page = page_text(client.get(f"/status/{token}"))
    assert "You wrote" in page and "Here is the letter Qtrax sent me." in page
    assert "their letter.pdf" in page

    runner.invoke(args=["outbox", "send"])
    delivered = {tuple(to): message for to, message in smtp_server.messages}
    assert (assignee_email,) in delivered and ("someone.else@qtrax.example",) not in delivered
    body, _ = email_parts(delivered[(assignee_email,)])
    assert number in delivered[(assignee_email,)]["Subject"]
    assert "Here is the letter Qtrax sent me." in body
    assert f"/cases/{number}?section=timeline#messages" in body

    with app.app_context():
        message = db.session.scalars(select(Message)).one()
        assert message.from_complainant and message.author_user_id is None
        (attached,) = [a.document for a in message.attachments]
        assert attached.original_name == "their letter.pdf" and attached.visible_to_claimant
        event = db.session.scalars(select(CaseEvent).where(CaseEvent.kind == "message")).one()
        assert event.actor == f"complainant:{number}" and event.data["message"] == message.id
        audit = db.session.scalars(select(AuditEntry).where(
            AuditEntry.action == "message.sent")).one()
        assert audit.actor == f"complainant:{number}"

    auth.login("viewer")
    timeline = page_text(client.get(f"/cases/{number}?section=timeline&kind=messages"))
    assert "Message from the complainant" in timeline
    assert "Here is the letter Qtrax sent me." in timeline
    assert "Complaint filed" not in timeline  # the filter shows messages only
    assert "Messages with the complainant" in timeline
    assert "Write to the complainant" not in timeline  # a viewer reads, staff write


def test_a_message_on_a_case_assigned_to_nobody_goes_to_everyone_who_works_cases(
        app, client, make_user):
    file_complaint(client)
    number, token = filed_number_and_token(client)
    _, staff = make_user("staff", "staff@qtrax.example")
    _, counsel = make_user("counsel", "counsel@qtrax.example")
    make_user("viewer", "viewer@qtrax.example")

    assert write_as_complainant(client, token, "Any news?").status_code == 302
    told = {to for to, subject, _ in emails(app) if "New message" in subject}
    assert {staff, counsel} <= told and "viewer@qtrax.example" not in told


def test_staffs_message_emails_the_complainant_a_further_sealed_link(
        app, client, auth, runner, smtp_server):
    file_complaint(client)
    number, old_token = filed_number_and_token(client)
    auth.login("staff")

    response = write_as_staff(client, number, "Could you send us the spam emails you got?",
                              [file(PNG_BYTES, "what we mean.png")])
    assert response.status_code == 302
    assert response.headers["Location"].endswith("?section=timeline#messages")
    case_page = page_text(client.get(f"/cases/{number}?section=timeline"))
    assert "To the complainant" in case_page and "what we mean.png" in case_page

    (to, subject, queued), = [e for e in emails(app) if "message from Qtrax" in e[1]]
    assert to == "jane.roe@example.com" and number in subject
    assert "/status/~sealed~" in queued  # the database never holds the link itself

    runner.invoke(args=["outbox", "send"])
    (_, email), = [(t, m) for t, m in smtp_server.messages
                   if "message from Qtrax" in m["Subject"]]
    body, _ = email_parts(email)
    new_token = re.search(r"/status/([A-Za-z0-9_-]{40,})", body).group(1)
    auth.logout()
    page = page_text(client.get(f"/status/{new_token}"))
    assert "Qtrax Legal wrote" in page
    assert "Could you send us the spam emails you got?" in page and "what we mean.png" in page
    # A further link: the one the complainant already holds keeps working.
    assert client.get(f"/status/{old_token}").status_code == 200
    assert not any("/status/" + new_token in b for _, _, b in emails(app))  # struck once sent


def test_a_refused_message_keeps_what_was_typed_and_keeps_nothing_else(app, client, auth):
    file_complaint(client)
    number, token = filed_number_and_token(client)
    documents_before = count(app, Document)

    empty = write_as_complainant(client, token, "   ")
    assert empty.status_code == 400
    assert "Write your message first." in page_text(empty)

    refused = write_as_complainant(client, token, "My words stay here.",
                                   [file(ELF_BYTES, "invoice.pdf")])
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert "invoice.pdf" in page_text(refused)  # the refusal names the file
    assert re.search(r'id="message-attachments-error"', html)
    assert re.search(r'name="message-body"[^>]*>\s*My words stay here\.</textarea>', html)
    assert count(app, Message) == 0 and count(app, Document) == documents_before
    assert count(app, CaseEvent, CaseEvent.kind == "message") == 0
    assert count(app, OutboxMessage) == 1  # the receipt only

    auth.login("staff")
    refused = write_as_staff(client, number, "")
    assert refused.status_code == 400
    assert "Write your message first." in page_text(refused)
    assert count(app, Message) == 0


def test_the_complainant_never_sees_a_privileged_document_attached_to_a_message(
        app, client, auth):
    file_complaint(client)
    number, token = filed_number_and_token(client)
    auth.login("staff")
    write_as_staff(client, number, "See attached.", [file(PDF_BYTES, "draft advice.pdf")])
    with app.app_context():
        case = db.session.scalars(select(Case).where(Case.number == number)).one()
        document = db.session.scalars(select(Document).where(
            Document.original_name == "draft advice.pdf")).one()
        document.privileged = True  # counsel marked it privileged afterwards
        db.session.commit()
        document_id = document.id
        from qtrax_disputes.intake.models import StatusLink
        from qtrax_disputes.intake.tokens import new_token

        token, token_hash = new_token()  # a further link, as an update email carries
        db.session.add(StatusLink(case_id=case.id, token_hash=token_hash))
        db.session.commit()
    auth.logout()
    page = page_text(client.get(f"/status/{token}"))
    assert "See attached." in page and "draft advice.pdf" not in page
    assert client.get(f"/status/{token}/documents/{document_id}").status_code == 404


def test_the_retention_purge_removes_messages_words_and_attachments(app, client, runner):
    from datetime import UTC, date, datetime

    from qtrax_disputes.core.clock import frozen

    from .helpers import age_stored_files

    with frozen(datetime(2018, 3, 1, 15, tzinfo=UTC)):
        file_complaint(client, incident_on="2018-01-02")
        number, token = filed_number_and_token(client)
        write_as_complainant(client, token, "My phone number is 212 555 0100.",
                             [file(PNG_BYTES, "my id card.png")])
    age_stored_files(app)
    with app.app_context():
        case = db.session.scalars(select(Case).where(Case.number == number)).one()
        case.stage, case.closed_on = "closed", date(2018, 6, 1)
        db.session.commit()
    with frozen(datetime(2026, 11, 25, 15, tzinfo=UTC)):
        done = runner.invoke(args=["retention", "purge", "--yes"])
    assert "purged 1 case(s): 1 document(s), 1 file(s) removed" in done.output
    with app.app_context():
        message = db.session.scalars(select(Message)).one()  # that they wrote stays
        assert message.body == "" and message.attachments == []
        assert db.session.scalar(select(func.count()).select_from(MessageAttachment)) == 0
    assert count(app, Document) == 0


def test_the_case_page_counts_messages_as_a_kind_of_the_timeline(app, client, auth):
    file_complaint(client)
    number, _ = filed_number_and_token(client)
    auth.login("staff")
    page = client.get(f"/cases/{number}?section=timeline").get_data(as_text=True)
    assert f'href="/cases/{number}?section=timeline&amp;kind=messages"' in page


def test_messages_through_the_status_link_are_rate_limited_like_its_uploads(app, client):
    file_complaint(client)
    _, token = filed_number_and_token(client)
    app.config["COMPLAINT_RATE_LIMIT"], before = "2 per hour", app.config["COMPLAINT_RATE_LIMIT"]
    try:
        answers = [write_as_complainant(client, token, f"Message {n}").status_code
                   for n in range(3)]
    finally:
        app.config["COMPLAINT_RATE_LIMIT"] = before
    assert answers == [302, 302, 429]
    assert count(app, Message) == 2
