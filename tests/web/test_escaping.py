"""Hostile values typed into every field that is shown again come back as text, never as
markup, a formula or a calendar property: on every page, in every export and email.

One case is filled with them (the complaint, its parties, notes, documents, neutrals, costs,
deadlines, steps and the name of the person it is assigned to); then every page is fetched,
and each export is read the way its reader reads it.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import timedelta

import icalendar
import pytest
from markupsafe import escape
from pypdf import PdfReader
from sqlalchemy import select

from qtrax_disputes.core.clock import today
from qtrax_disputes.web.extensions import db

from ..conftest import TEST_PASSWORD
from .helpers import PDF_BYTES, file, file_complaint, filed_number_and_token
from .test_security import get_routes

# A script tag, an attribute breaker, a javascript: URL and a spreadsheet formula in one value.
ATTACK = '=HYPERLINK("javascript:alert(1)")"\'><svg onload=alert(1)><script>alert(1)</script>'
# What must never reach a page unescaped, whichever part of the value a page shows.
MARKUP = ("<svg onload", "<script>alert", 'href="javascript:', "href='javascript:")
# Cells starting like these run as formulas in a spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A value that tries to add a property to a calendar event, and one that starts a formula
# another way.
CALENDAR_BREAK = ATTACK + "\r\nATTENDEE:mailto:evil@example.com"
OTHER_FORMULAS = ["+SUM(1+1)" + ATTACK, "-2+3" + ATTACK, "@SUM(1)" + ATTACK]
# Browsers send a double quote in a file name as %22, so the name breaks out with a single one.
FILE_NAME = "'><svg onload=alert(1)><script>alert(1).pdf"


def ok(response):
    """Every hostile value must have been accepted, or the walk below would prove nothing."""
    if response.status_code not in (200, 302):
        html = response.get_data(as_text=True)
        errors = re.findall(r"class=\"error\"[^>]*>(.*?)</", html, flags=re.S)
        raise AssertionError((response.status_code, errors))
    return response


@pytest.fixture
def hostile_case(app, client, auth, make_user):
    ok(file_complaint(client, name=ATTACK, account=ATTACK, description="Spam. " + ATTACK,
                      resolution=ATTACK, files=[file(PDF_BYTES, FILE_NAME)]))
    number, token = filed_number_and_token(client)
    auth.login("admin")
    assignee_id, assignee_email = make_user("counsel", name=ATTACK)
    from qtrax_disputes.cases.models import Case
    from qtrax_disputes.costs.models import CostItem
    from qtrax_disputes.deadlines.models import Deadline

    def version():
        with app.app_context():
            return str(db.session.scalar(select(Case.version).where(Case.number == number)))

    case_url = f"/cases/{number}"
    ok(client.post(f"{case_url}/edit", data={
        "version": version(), "complainant_name": ATTACK,
        "complainant_email": "jane.roe@example.com", "complainant_phone": "+1 212 555 0100",
        "account_identifier": ATTACK,
        "category": "email_sold", "summary": ATTACK, "description": ATTACK,
        "desired_resolution": ATTACK, "incident_on": "2026-01-02", "amount_claimed": ""}))
    ok(client.post(f"{case_url}/assign", data={"version": version(),
                                               "assignee": str(assignee_id)}))
    ok(client.post(f"{case_url}/notes", data={"text": ATTACK}))
    ok(client.post(f"{case_url}/parties", data={
        "role": "respondent_counsel", "name": ATTACK, "organisation": ATTACK,
        "email": "", "phone": "", "address": ATTACK}))
    ok(client.post("/neutrals/new", data={
        "name": ATTACK, "kind": "mediator", "organisation": ATTACK, "location": ATTACK,
        "notes": ATTACK, "hourly_rate": "300", "active": "y"}))
    ok(client.post(f"{case_url}/proposals", data={
        "kind": "mediator", "neutral": "", "name": ATTACK, "organisation": ATTACK,
        "proposed_by": "claimant", "proposed_on": today().isoformat()}))
    ok(client.post(f"{case_url}/documents", content_type="multipart/form-data", data={
        "files": [file(PDF_BYTES + b"% advice\n", FILE_NAME)], "tag": "correspondence",
        "description": ATTACK, "privileged": "y", "doc_date": "2026-01-03",
        "author": ATTACK, "recipients": ATTACK, "privilege_basis": ATTACK}))
    for description in [ATTACK, *OTHER_FORMULAS]:
        ok(client.post(f"{case_url}/costs", data={
            "stage": "mediation", "kind": "room", "description": description, "amount": "100",
            "incurred_on": today().isoformat(), "incurred_by": "claimant", "mediator": ""}))
    with app.app_context():
        item = db.session.scalars(select(CostItem).where(CostItem.description == ATTACK)).one()
        item_id, item_version = item.id, item.version
    ok(client.post(f"/costs/{item_id}/override", data={
        "version": str(item_version), "claimant_percent": "50", "respondent_percent": "50",
        "reason": ATTACK, "award_citation": ATTACK}))
    ok(client.post(f"/cases/{number}/costs/payments", data={"pay-item": str(item_id),
        "pay-party": "claimant", "pay-amount": "10",
        "pay-paid_on": today().isoformat(), "pay-note": ATTACK}))
    for title, due_on in [(ATTACK, today()), ("Waived: " + ATTACK, today()),
                          ("Overdue: " + ATTACK, today() - timedelta(days=3))]:
        ok(client.post(f"{case_url}/deadlines", data={
            "title": title, "due_on": due_on.isoformat(), "note": CALENDAR_BREAK,
            "concerns_claimant": "y"}))
    with app.app_context():
        waived = db.session.scalar(select(Deadline.id).where(Deadline.title.startswith("Waived")))
    ok(client.post(f"/deadlines/{waived}/waive", data={"reason": ATTACK}))
    ok(client.post(f"{case_url}/move/triage", data={
        "version": version(), "to_triage-occurred_on": today().isoformat(),
        "to_triage-note": ATTACK}))
    return number, token, assignee_email


def assert_no_markup(where: str, html: str) -> None:
    for raw in MARKUP:
        assert raw not in html, (where, raw, html[max(0, html.find(raw) - 300):][:600])


# The pages that show the values, and what part of them each must show, escaped: a page that
# stopped showing them could not fail the walk below.
SHOWN_ON = {
    "/cases/{number}": str(escape(ATTACK)),
    "/cases": str(escape(ATTACK)),
    "/status/{token}": str(escape(ATTACK)),
    "/deadlines": str(escape(ATTACK)),
    "/costs": str(escape(ATTACK)),
    "/neutrals/": str(escape(ATTACK)),
    "/admin/users": str(escape(ATTACK)),
    "/admin/audit": "&lt;svg onload=alert(1)&gt;",
    "/reports/weekly": str(escape(ATTACK)),
}


@pytest.mark.parametrize("url", SHOWN_ON)
def test_a_page_that_shows_hostile_values_shows_them_as_text(client, hostile_case, url):
    number, token, _ = hostile_case
    url = url.format(number=number, token=token)
    if url.startswith("/status/"):
        client.post("/logout")
    html = ok(client.get(url)).get_data(as_text=True)
    assert SHOWN_ON[url.replace(number, "{number}").replace(token, "{token}")] in html, url
    assert_no_markup(url, html)


def test_no_page_lets_hostile_values_through_as_markup(app, client, hostile_case):
    number, token, _ = hostile_case
    ids = {"number": number, "token": token}
    with app.app_context():
        from qtrax_disputes.cases.models import CaseEvent, NeutralProposal
        from qtrax_disputes.costs.models import CostItem
        from qtrax_disputes.deadlines.models import Deadline
        from qtrax_disputes.documents.models import Document
        from qtrax_disputes.neutrals.models import Neutral

        for name, model in [("document_id", Document), ("deadline_id", Deadline),
                            ("item_id", CostItem), ("neutral_id", Neutral),
                            ("proposal_id", NeutralProposal), ("event_id", CaseEvent)]:
            ids[name] = db.session.scalar(select(model.id).order_by(model.id.desc()))
        from qtrax_disputes.auth.models import User

        # The account named ATTACK: its deactivate question shows its name.
        ids["user_id"] = db.session.scalar(select(User.id).where(User.name == ATTACK))
        # A mass named, argued and batched with the hostile values, holding the hostile case.
        from datetime import date

        from qtrax_disputes.cases.models import Case
        from qtrax_disputes.mass import bulk, operations

        case_id = db.session.scalar(select(Case.id).where(Case.number == number))
        mass = operations.create_mass(ATTACK, counsel=ATTACK, case_ids=[case_id])
        operations.add_batch(mass, merits_arbitrator=ATTACK, hearings_from=None,
                             hearings_to=None, note=ATTACK)
        operations.update_member(mass, case_id, affirmation_on=None, deficiency=ATTACK,
                                 bellwether=True, batch_number=1)
        run = bulk.start(mass, [case_id], "closed", date(2026, 1, 11), {}, role="staff",
                         note=ATTACK)
        from qtrax_disputes.mass import settlement

        offer = settlement.make_offer(mass, per_claimant_cents=150_000, by_category={},
                                      made_on=date(2026, 1, 12), accept_by=None, terms=ATTACK,
                                      on_status_pages=True)
        settlement.record_acceptances(offer, [case_id], date(2026, 1, 13), source="staff")
        ids.update(mass_id=mass.id, bulk_id=run.id, case_id=case_id, offer_id=offer.id)
        bulk.run(run.id)
    assert str(escape(ATTACK)) in client.get(f"/masses/{ids['mass_id']}").get_data(as_text=True)
    pages = 0
    for endpoint, url in get_routes(app, ids):
        response = client.get(url)
        if response.mimetype == "text/html":
            assert_no_markup(url, response.get_data(as_text=True))
            pages += 1
        response.close()
    assert pages >= 20


def csv_cells(response) -> list[str]:
    text = ok(response).get_data(as_text=True).lstrip("\ufeff")
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


@pytest.mark.parametrize("url", ["/cases/{number}/costs.csv", "/costs/ledger.csv",
                                 "/cases/{number}/privilege-log.csv", "/reports/weekly.csv"])
def test_csv_exports_never_start_a_cell_with_a_formula(client, hostile_case, url):
    number, _, _ = hostile_case
    cells = csv_cells(client.get(url.format(number=number)))
    hostile = [cell for cell in cells if "alert(1)" in cell]
    assert hostile, "the export no longer shows the hostile values"
    assert [cell for cell in cells if cell.startswith(FORMULA_STARTS)] == []
    assert "'" + ATTACK in hostile  # shown, with the quote that makes it text


def pdf_text(response) -> str:
    reader = PdfReader(io.BytesIO(ok(response).data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


@pytest.mark.parametrize("url", ["/cases/{number}/privilege-log.pdf", "/reports/weekly.pdf"])
def test_pdf_exports_print_hostile_values_as_text(client, hostile_case, url):
    # Had the HTML behind the PDF not been escaped, the tags would have been read as markup
    # and would not be printed.
    number, _, _ = hostile_case
    assert "<svg onload=alert(1)>" in pdf_text(client.get(url.format(number=number)))


def calendar_events(response) -> list:
    return icalendar.Calendar.from_ical(ok(response).data).walk("VEVENT")


def test_calendar_feeds_keep_hostile_values_inside_their_own_properties(
        app, client, hostile_case):
    number, _, assignee_email = hostile_case
    client.post("/logout")
    ok(client.post("/login", data={"email": assignee_email, "password": TEST_PASSWORD}))
    page = ok(client.post("/deadlines/feed")).get_data(as_text=True)
    personal = re.search(r"/feeds/[^\"<]+\.ics", page).group(0)
    for url in (f"/cases/{number}/deadlines.ics", personal):
        response = client.get(url)
        assert not re.search(rb"^ATTENDEE", response.data, flags=re.M), url
        events = calendar_events(response)
        assert any(ATTACK in str(e["SUMMARY"]) for e in events), url
        assert all("ATTENDEE" not in e for e in events), url
        assert any(CALENDAR_BREAK.replace("\r\n", "\n") in str(e.get("DESCRIPTION", ""))
                   for e in events), url


def test_emails_carry_hostile_values_only_as_plain_text_in_their_body(
        app, client, runner, hostile_case):
    from qtrax_disputes.outbox.models import OutboxMessage

    assert runner.invoke(args=["deadlines", "remind"]).exit_code == 0
    with app.app_context():
        messages = db.session.scalars(select(OutboxMessage)).all()
        assert {m.subject.split()[0] for m in messages} >= {"Your"}  # the receipt
        assert any("alert(1)" in m.body for m in messages), "no email shows the values"
        for m in messages:
            assert not re.search(r"[\r\n<>]", m.subject + m.to_address), m.subject

