"""Filing a complaint: what the complainant sees, what staff see, and what is refused."""

import os
import threading
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from qtrax_disputes.audit.models import AuditEntry
from qtrax_disputes.cases.models import Case
from qtrax_disputes.deadlines.models import Deadline
from qtrax_disputes.documents.models import Document
from qtrax_disputes.outbox.models import OutboxMessage
from qtrax_disputes.web.extensions import db
from tests.conftest import page_text
from tests.web.helpers import (
    ELF_BYTES,
    PDF_BYTES,
    PNG_BYTES,
    file,
    file_complaint,
    filed_number_and_token,
    gc_after_the_grace_period,
    kept_files,
)


def count(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def stored_files(app):
    root = Path(app.config["UPLOAD_DIR"])
    return [p for p in root.rglob("*") if p.is_file()]


def test_the_form_explains_the_dispute_process(client):
    text = page_text(client.get("/complaint"))
    assert "mediation in New York City with a mediator both sides agree on" in text
    assert "binding arbitration in New York under the rules of the American Arbitration" in text
    assert "other than each side's own attorney fees, are mine to pay" in text


def test_a_filed_complaint_reaches_staff_with_its_attachment_audit_and_receipt(
        app, client, auth):
    response = file_complaint(client, files=[file(PDF_BYTES, "screenshot.pdf")])
    assert response.status_code == 302
    number, token = filed_number_and_token(client)
    assert number.startswith("QD-2026-") or number.startswith("QD-20")

    status = page_text(client.get(f"/status/{token}"))
    assert number in status and "screenshot.pdf" in status

    with app.app_context():
        case = db.session.scalar(select(Case))
        assert case.number == number and case.stage == "filed"
        assert len(case.status_token_hash) == 64 and token not in case.status_token_hash
        receipt = db.session.scalar(select(OutboxMessage))
        assert receipt.to_address == "jane.roe@example.com"
        assert number in receipt.subject and token not in receipt.body
        actions = db.session.scalars(select(AuditEntry.action)).all()
        assert "case.filed" in actions and "document.uploaded" in actions

    auth.login("viewer")
    listing = page_text(client.get("/cases"))
    assert number in listing and "Jane Roe" in listing
    case_page = page_text(client.get(f"/cases/{number}"))
    assert "spam at an address" in case_page
    assert "screenshot.pdf" in page_text(client.get(f"/cases/{number}?section=documents"))
    document_id = count(app, Document)
    with app.app_context():
        document_id = db.session.scalar(select(Document.id))
    download = client.get(f"/cases/{number}/documents/{document_id}")
    assert download.data == PDF_BYTES


def test_another_cases_token_shows_nothing_of_it(client):
    file_complaint(client, files=[file(PDF_BYTES, "mine.pdf")], name="First Person")
    first_number, first_token = filed_number_and_token(client)
    file_complaint(client, email="other@example.com", name="Second Person",
                   description="Completely different matter about cookies set without consent.")
    second_number, second_token = filed_number_and_token(client)
    page = page_text(client.get(f"/status/{second_token}"))
    assert second_number in page
    assert first_number not in page and "mine.pdf" not in page and "First Person" not in page
    assert client.get("/status/not-a-real-token").status_code == 404
    assert client.get(f"/status/{first_token}x").status_code == 404


def test_the_status_link_accepts_more_documents(app, client):
    file_complaint(client)
    number, token = filed_number_and_token(client)
    response = client.post(f"/status/{token}/documents",
                           data={"attachments": [file(PNG_BYTES, "photo.png")]},
                           content_type="multipart/form-data")
    assert response.status_code == 302
    assert "photo.png" in page_text(client.get(f"/status/{token}"))


def test_child_data_is_marked_and_gets_the_deletion_deadline_at_filing(app, client, auth):
    file_complaint(client, category="child_under_13", is_child_data="y")
    number, _ = filed_number_and_token(client)
    with app.app_context():
        case = db.session.scalar(select(Case))
        deadline = db.session.scalar(select(Deadline).where(Deadline.case_id == case.id))
        assert case.is_child_data
        assert deadline.rule_code == "POLICY_CHILD_DELETE"
        assert deadline.due_on == case.filed_on  # the policy: deleted immediately
    auth.login("staff")
    assert "Concerns a child under 13" in page_text(client.get(f"/cases/{number}"))
    assert "child" in page_text(client.get("/cases?child=1"))


def test_a_second_similar_filing_is_accepted_but_flagged(app, client, auth):
    file_complaint(client)
    first, _ = filed_number_and_token(client)
    file_complaint(client, description="I started receiving spam at an address I only ever "
                                       "gave to Qtrax, and it continues.")
    second, _ = filed_number_and_token(client)
    auth.login("staff")
    page = page_text(client.get(f"/cases/{second}"))
    assert "Possible duplicate" in page and first in page


# --- bad input: a clear message next to the field, the typed values kept, nothing stored ---

def assert_nothing_stored(app):
    assert count(app, Case) == 0
    assert count(app, Document) == 0
    assert count(app, OutboxMessage) == 0
    gc_after_the_grace_period(app)  # a file stored before the refusal is gc's to remove
    assert stored_files(app) == []


@pytest.mark.parametrize("overrides, message", [
    ({"name": ""}, "Enter your name."),
    ({"email": ""}, "Enter your email address."),
    ({"email": "not-an-email"}, "Enter a valid email address"),
    ({"name": "x" * 10_240}, "Keep the name under 200 characters."),
    ({"incident_on": "2099-01-01"}, "The date cannot be in the future."),
    ({"description": ""}, "Tell us what happened."),
    ({"category": ""}, "Choose what the complaint is about."),
    ({"acknowledge": ""}, "Please confirm that you have read how disputes are handled."),
    ({"amount": "-5"}, "Enter an amount in dollars"),
    ({"amount": "lots"}, "Enter an amount in dollars"),
])
def test_bad_input_is_refused_next_to_the_field(app, client, overrides, message):
    response = file_complaint(client, **overrides)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert message in html
    assert 'class="error"' in html and 'aria-invalid="true"' in html
    # What was typed is still there.
    assert 'value="janeroe"' in html
    if "description" not in overrides:
        assert "I started receiving spam" in html
    assert_nothing_stored(app)


def test_an_executable_renamed_pdf_is_refused_and_the_other_file_is_kept(app, client):
    response = file_complaint(client, files=[file(PDF_BYTES, "ok.pdf"),
                                             file(ELF_BYTES, "invoice.pdf")])
    text = page_text(response)
    assert "invoice.pdf" in text and "not an accepted type" in text
    assert [name for _, name in kept_files(response)] == ["ok.pdf"]
    assert count(app, Case) == 0 and count(app, Document) == 0
    assert count(app, OutboxMessage) == 0


def test_a_file_over_the_limit_gets_the_413_page_and_nothing_is_stored(app, client):
    app.config["MAX_CONTENT_LENGTH"], before = 64 * 1024, app.config["MAX_CONTENT_LENGTH"]
    try:
        response = file_complaint(client, files=[file(PDF_BYTES + os.urandom(128 * 1024),
                                                      "big.pdf")])
    finally:
        app.config["MAX_CONTENT_LENGTH"] = before
    assert response.status_code == 413
    assert "larger than the limit" in page_text(response)
    assert_nothing_stored(app)


def test_a_file_over_the_per_file_limit_is_refused_next_to_the_field(app, client):
    app.config["MAX_FILE_BYTES"], before = 1024, app.config["MAX_FILE_BYTES"]
    try:
        response = file_complaint(client, files=[file(PDF_BYTES + b"0" * 4096, "big.pdf")])
    finally:
        app.config["MAX_FILE_BYTES"] = before
    assert "big.pdf" in page_text(response)
    assert_nothing_stored(app)


def test_a_complaint_without_its_csrf_token_is_refused(app, client):
    from tests.web.helpers import complaint_data

    response = client.post("/complaint", data=complaint_data(), csrf=False)
    assert response.status_code == 400
    assert "security token" in page_text(response)
    assert_nothing_stored(app)


def test_a_filled_honeypot_is_refused(app, client):
    response = file_complaint(client, website="http://spam.example")
    assert response.status_code == 400
    assert_nothing_stored(app)


def test_filings_are_rate_limited_per_address_with_a_friendly_page(app, client):
    app.config["COMPLAINT_RATE_LIMIT"], before = "2 per hour", app.config["COMPLAINT_RATE_LIMIT"]
    try:
        for _ in range(2):
            assert file_complaint(client).status_code == 302
        response = file_complaint(client)
    finally:
        app.config["COMPLAINT_RATE_LIMIT"] = before
    assert response.status_code == 429
    assert "too many times" in page_text(response)
    assert count(app, Case) == 2


@pytest.mark.commits  # ten threads, each its own connection
def test_concurrent_filings_get_distinct_numbers(app):
    """50 complaints at once: every one filed, each with its own number (PostgreSQL in CI)."""
    from tests.conftest import CsrfClient

    app.test_client_class = CsrfClient
    errors, barrier = [], threading.Barrier(10, timeout=60)

    def worker(n):
        c = app.test_client()
        try:
            barrier.wait()
            for i in range(5):
                r = file_complaint(c, email=f"p{n}-{i}@example.com")
                if r.status_code != 302:
                    errors.append(r.status_code)
        except Exception as exc:  # noqa: BLE001 - the test reports any failure
            errors.append(repr(exc))

    threads = [threading.Thread(target=worker, args=(n,), daemon=True)
               for n in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not any(t.is_alive() for t in threads), "a filing is still running after 2 minutes"
    assert errors == []
    with app.app_context():
        numbers = db.session.scalars(select(Case.number)).all()
    assert len(numbers) == 50 and len(set(numbers)) == 50


def test_the_status_page_never_shows_a_deadline_of_an_unverified_rule(app, client):
    """An unverified rule is for staff to weigh: its date is never shown to the public
    (common rules: "never shown to the public"), nor the word."""
    file_complaint(client)
    number, token = filed_number_and_token(client)
    with app.app_context():
        case = db.session.scalars(select(Case).where(Case.number == number)).one()
        db.session.add(Deadline(case=case, title="Ask the arbitrator to modify the award",
                                rule_code="CPLR7509_MODIFY", due_on=date(2027, 3, 1),
                                verified=False, concerns_claimant=True, explanation=""))
        db.session.add(Deadline(case=case, title="Award due from the arbitrator",
                                rule_code="AAA_AWARD", due_on=date(2027, 4, 1), verified=True,
                                concerns_claimant=True, explanation=""))
        db.session.commit()

    text = page_text(client.get(f"/status/{token}"))

    assert "The arbitrator's decision is expected by Thursday, 1 April 2027." in text
    assert "correct the decision" not in text
    assert "1 March 2027" not in text and "2027-03-01" not in text
    assert "unverified" not in text.lower()
