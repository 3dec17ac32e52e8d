"""A lost link: "Email me my case links" sends the filing address fresh links to its open
cases, and the old links stop working. The page answers the same whether or not the address
is known, and it is rate-limited."""

from __future__ import annotations

import re

from sqlalchemy import select

from qtrax_disputes.audit.models import AuditEntry
from qtrax_disputes.cases import workflow as wf
from qtrax_disputes.cases.models import Case
from qtrax_disputes.outbox.models import OutboxMessage
from qtrax_disputes.web.extensions import db

from ..conftest import page_text
from ..factories import make_case
from .helpers import email_parts


def _ask(client, email):
    return client.post("/case-links", data={"email": email})


def _delivered_links(runner, smtp_server) -> list[str]:
    runner.invoke(args=["outbox", "send"])
    (recipients, message), = smtp_server.messages[-1:]
    body, _ = email_parts(message)
    return recipients, re.findall(r"/status/[A-Za-z0-9_\-]+", body), body


def test_fresh_links_reach_the_filing_address_and_the_old_ones_stop_working(
        app, client, runner, smtp_server):
    with app.app_context():
        first = make_case(wf.TRIAGE)
        second = make_case(wf.FILED)
        closed = make_case(wf.CLOSED)
        runner.invoke(args=["outbox", "send"])  # the receipts
    smtp_server.messages.clear()

    response = _ask(client, "  Jane.Roe@Example.com ")
    assert response.status_code == 302

    recipients, links, body = _delivered_links(runner, smtp_server)
    assert recipients == ["jane.roe@example.com"]
    assert first.number in body and second.number in body
    assert closed.number not in body  # a closed case needs no link
    assert len(links) == 2
    for link in links:
        assert client.get(link).status_code == 200
    for old in (first.status_path, second.status_path):
        dead = client.get(old)
        assert dead.status_code == 404
        assert "Email me my case links" in page_text(dead)
    with app.app_context():
        # the queued copy keeps no link once sent; each renewal is audited
        kept = db.session.scalars(
            select(OutboxMessage.body).order_by(OutboxMessage.id.desc())).first()
        assert not any(link in kept for link in links) and "~sealed~" not in kept
        assert db.session.scalar(select(db.func.count(AuditEntry.id)).where(
            AuditEntry.action == "case.status_link_renewed")) == 2


def test_the_answer_is_the_same_whether_or_not_the_address_filed(app, client):
    with app.app_context():
        make_case(wf.FILED)
        before = db.session.scalar(select(db.func.count(OutboxMessage.id)))
    unknown = _ask(client, "nobody@example.com")
    known = _ask(client, "jane.roe@example.com")
    assert unknown.status_code == known.status_code == 302
    assert unknown.headers["Location"] == known.headers["Location"]
    assert page_text(client.get(unknown.headers["Location"])).startswith(
        "Check your email")
    with app.app_context():
        # only the known address got an email
        assert db.session.scalar(select(db.func.count(OutboxMessage.id))) == before + 1


def test_a_bad_address_is_told_next_to_the_field_as_typed(client):
    response = _ask(client, "not-an-address")
    assert response.status_code == 400
    text = page_text(response)
    assert "Enter a valid email address" in text
    assert 'value="not-an-address"' in response.get_data(as_text=True)


def test_asking_is_rate_limited(app, client):
    app.config["COMPLAINT_RATE_LIMIT"], before = "2 per hour", app.config["COMPLAINT_RATE_LIMIT"]
    try:
        for _ in range(2):
            assert _ask(client, "jane.roe@example.com").status_code == 302
        response = _ask(client, "jane.roe@example.com")
    finally:
        app.config["COMPLAINT_RATE_LIMIT"] = before
    assert response.status_code == 429


def test_the_complaint_page_and_a_dead_link_lead_to_it(client):
    assert "/case-links" in client.get("/complaint").get_data(as_text=True)
    dead = client.get("/status/not-a-real-link")
    assert dead.status_code == 404 and "/case-links" in dead.get_data(as_text=True)
    assert "Email me my case links" in page_text(client.get("/case-links"))


def test_fresh_links_also_end_the_links_the_update_emails_carried(
        app, client, runner, smtp_server):
    from qtrax_disputes.outbox.complainant_updates import STAFF_MESSAGE, tell_complainant

    with app.app_context():
        made = make_case(wf.TRIAGE)
        with app.test_request_context():
            tell_complainant(db.session.get(Case, made.id), STAFF_MESSAGE)
            db.session.commit()
    runner.invoke(args=["outbox", "send"])
    (_, update), = [(r, m) for r, m in smtp_server.messages if "message from" in m["Subject"]]
    body, _ = email_parts(update)
    (update_link,) = re.findall(r"/status/[A-Za-z0-9_\-]+", body)
    assert client.get(update_link).status_code == 200

    _ask(client, "jane.roe@example.com")
    _, (fresh,), _ = _delivered_links(runner, smtp_server)
    assert client.get(update_link).status_code == 404
    assert client.get(fresh).status_code == 200
