"""The four journeys of the issue, and files dropped on a form, in a real Chromium, asserting
what a person sees."""

from __future__ import annotations

import base64
import re
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.e2e

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>"
    b"endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
PNG_BYTES = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)
CASE_NUMBER = re.compile(r"QD-\d{4}-\d{6}")


def today() -> str:
    """The server's legal date: New York's today (steps may not be dated in the future)."""
    return datetime.now(ZoneInfo("America/New_York")).date().isoformat()


def real_file(tmp_path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    return str(path)


def drop_files(page: Page, zone, paths) -> None:
    """Drag files from the desktop onto ``zone``: the events a browser sends, carrying a
    DataTransfer that holds the files' bytes."""
    files = [[Path(p).name, "application/pdf" if p.endswith(".pdf") else "image/png",
              base64.b64encode(Path(p).read_bytes()).decode()] for p in paths]
    zone.evaluate("""(zone, files) => {
        const transfer = new DataTransfer();
        for (const [name, type, data] of files) {
            const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
            transfer.items.add(new File([bytes], name, {type}));
        }
        const send = (kind) => zone.dispatchEvent(new DragEvent(kind, {
            dataTransfer: transfer, bubbles: true, cancelable: true}));
        send("dragenter"); send("dragover");
        window.__zoneShowedTheDrag = zone.classList.contains("dragover");
        send("drop");
    }""", files)
    assert page.evaluate("window.__zoneShowedTheDrag"), "the zone did not show it was a target"
    expect(zone).not_to_have_class(re.compile(r"\bdragover\b"))


def file_complaint(page: Page, tmp_path, *, name="Jane Roe", email="jane.roe@example.com",
                   description="I started receiving spam at an address I only gave to Qtrax.",
                   files=(), dropped=()) -> tuple[str, str]:
    """Fill the public form; returns the case number and the status link shown."""
    page.goto("/complaint")
    page.get_by_label("Your full name").fill(name)
    page.get_by_label("Your email address").fill(email)
    page.get_by_label("Phone (optional)").fill("+1 212 555 0100")
    page.get_by_label("Your Qtrax account").fill("janeroe")
    page.get_by_label("What is the complaint about?").select_option("email_sold")
    page.get_by_label("When did it happen?").fill("2026-10-01")
    page.get_by_label("What happened?").fill(description)
    page.get_by_label("What would resolve it for you?").fill(
        "Tell me who received my address and stop sharing it.")
    if files:
        page.get_by_label("Documents (optional)").set_input_files(list(files))
    if dropped:
        drop_files(page, page.locator(".dropzone"), dropped)
    page.get_by_label(re.compile("I understand the dispute process")).check()
    page.get_by_role("button", name="File the complaint").click()
    expect(page.get_by_role("heading", name="Your complaint was received")).to_be_visible()
    number = page.locator(".case-number").inner_text()
    assert CASE_NUMBER.fullmatch(number), number
    link = page.locator("a.status-link").get_attribute("href")
    return number, link


def test_a_user_files_a_complaint_with_two_attachments_and_adds_a_document(page, tmp_path):
    pdf = real_file(tmp_path, "letter.pdf", PDF_BYTES)
    png = real_file(tmp_path, "screenshot.png", PNG_BYTES)
    number, link = file_complaint(page, tmp_path, files=(pdf, png))
    expect(page.get_by_text(f"Your case number is {number}")).to_be_visible()

    page.locator("a.status-link").click()
    expect(page.get_by_role("heading", name=f"Case {number}")).to_be_visible()
    documents = page.locator(".card", has=page.get_by_role("heading", name="Your documents"))
    expect(documents.get_by_role("link", name="letter.pdf")).to_be_visible()
    expect(documents.get_by_role("link", name="screenshot.png")).to_be_visible()

    later = real_file(tmp_path, "reply-from-qtrax.pdf", PDF_BYTES)
    page.get_by_label("Add documents").set_input_files(later)
    page.get_by_label("A note about these documents (optional)").fill("Their reply to me.")
    page.locator("button[type=submit]", has_text="Add documents").click()
    documents = page.locator(".card", has=page.get_by_role("heading", name="Your documents"))
    expect(documents.get_by_role("link", name="reply-from-qtrax.pdf")).to_be_visible()
    expect(documents.get_by_role("link")).to_have_count(3)


def test_files_dropped_on_the_complaint_form_are_filed_with_it(page, tmp_path):
    letter = real_file(tmp_path, "dropped-letter.pdf", PDF_BYTES)
    shot = real_file(tmp_path, "dropped-screenshot.png", PNG_BYTES)
    file_complaint(page, tmp_path, email="drop@example.com", dropped=(letter, shot))
    page.locator("a.status-link").click()
    documents = page.locator(".card", has=page.get_by_role("heading", name="Your documents"))
    expect(documents.get_by_role("link", name="dropped-letter.pdf")).to_be_visible()
    expect(documents.get_by_role("link", name="dropped-screenshot.png")).to_be_visible()


# --- The case page, as staff and counsel use it ---------------------------------------------


def flash_says(page: Page, text: str) -> None:
    expect(page.locator(".flashes")).to_contain_text(text)


def open_part(page: Page, name: str) -> None:
    """Open a part of the case page by its tab, as a person would (the tabs are links)."""
    tabs = page.get_by_role("navigation", name="Parts of the case")
    link = tabs.get_by_role("link", name=name, exact=True)
    if link.get_attribute("aria-current") != "page":
        link.click()
        expect(tabs.get_by_role("link", name=name, exact=True)).to_have_attribute(
            "aria-current", "page")


def step(page: Page, label: str, *, files=None, checks=(), selects=None, **fields) -> None:
    """Take the step ``label``: the next step's card when the road expects it, else its entry
    under "Other steps", opened; fill it and send it.

    Field names are the step form's own (the page prefixes them ``to_<target>-``)."""
    open_part(page, "Overview")
    card = page.locator(".next-step")
    if card.count() and card.locator("h2").inner_text() == f"Next step: {label}":
        form = card.locator("form")
    else:
        entry = page.locator(".steps details").filter(
            has=page.locator("summary").get_by_text(label, exact=True))
        expect(entry).to_have_count(1)
        entry.locator("summary").click()
        form = entry.locator("form")
    # The legal date comes first in every step's form.
    first = form.locator("input:not([type=hidden]), select, textarea").first
    assert (first.get_attribute("name") or "").endswith("-occurred_on"), first
    prefix = form.locator("input[name$='-occurred_on']").get_attribute("name").split("-")[0]
    form.locator(f"[name='{prefix}-occurred_on']").fill(today())
    for name, value in fields.items():
        form.locator(f"[name='{prefix}-{name}']").fill(value)
    for name, value in (selects or {}).items():
        form.locator(f"[name='{prefix}-{name}']").select_option(value)
    for name in checks:
        form.locator(f"[name='{prefix}-{name}']").check()
    for name, path in (files or {}).items():
        form.locator(f"[name='{prefix}-{name}']").set_input_files(path)
    form.locator("button[type=submit]").click()
    flash_says(page, "Recorded")


def propose(page: Page, kind: str, name: str, proposed_by: str) -> None:
    open_part(page, "Parties and neutrals")
    neutrals = page.locator("#neutrals")
    entry = neutrals.locator("details").filter(
        has=page.locator("summary", has_text="Propose a mediator or arbitrator"))
    entry.locator("summary").click()
    entry.get_by_label("Neutral", exact=True).select_option(kind)
    entry.get_by_label("Or a new person: name").fill(name)
    entry.get_by_label("Organisation").fill("Midtown ADR")
    entry.get_by_label("Email").fill(f"{name.split()[0].lower()}@adr.example")
    entry.get_by_label("Proposed by").select_option(proposed_by)
    entry.get_by_label("Date proposed").fill(today())
    entry.get_by_role("button", name="Record the proposal").click()
    flash_says(page, "Proposal recorded")


def proposal(page: Page, name: str):
    return page.locator("#neutrals article.proposal").filter(
        has=page.get_by_role("heading", name=re.compile(re.escape(name))))


def check_conflicts(page: Page, name: str) -> None:
    card = proposal(page, name)
    card.get_by_label("The neutral's disclosures").fill("No relationship with either side.")
    card.get_by_role("button", name="Record disclosures and check conflicts").click()
    flash_says(page, "Conflict check recorded")
    expect(proposal(page, name)).to_contain_text("No other case involves this person.")


def answer(page: Page, name: str, side: str, answer: str) -> None:
    card = proposal(page, name)
    card.get_by_label("Side").select_option(side)
    card.get_by_label("Answer").select_option(answer)
    card.get_by_label("Date", exact=True).fill(today())
    card.get_by_role("button", name="Record the answer").click()
    flash_says(page, "Answer recorded")


def open_case_by_search(page: Page, number: str) -> None:
    page.goto("/cases")
    page.get_by_role("searchbox", name="Search").fill(number)
    page.get_by_role("button", name="Apply").click()
    expect(page.locator(".count")).to_have_text("1 case")
    page.get_by_role("link", name=number).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(number)


def test_staff_and_counsel_take_a_case_from_filing_to_the_award_deadlines(
        page, tmp_path, login, logout):
    number, _ = file_complaint(page, tmp_path, email="road@example.com",
                               description="Qtrax sold my email address to a data broker.")
    pdf = real_file(tmp_path, "confidentiality.pdf", PDF_BYTES)
    award = real_file(tmp_path, "award.pdf", PDF_BYTES)

    login("staff")
    open_case_by_search(page, number)
    open_part(page, "Parties and neutrals")
    assignment = page.locator("section", has=page.get_by_role("heading", name="Assignment"))
    assignment.get_by_label("Assigned to").select_option(label="Staff")
    assignment.get_by_role("button", name="Assign").click()
    flash_says(page, "Assigned to Staff.")
    expect(page.locator("section", has=page.get_by_role("heading", name="Assignment"))
           ).to_contain_text("Staff")

    step(page, "Start triage")
    step(page, "Request mediation")
    step(page, "Start mediator selection")
    expect(page.locator("#steps")).to_contain_text("A mediator both sides have accepted is needed")
    # The header's next deadline is on the first screen with the stage and the parties.
    header = page.locator(".case-header")
    expect(header).to_contain_text("Mediator selection")
    expect(header).to_contain_text("Next deadline")
    expect(header).to_contain_text("Jane Roe")

    # Two mediators proposed: Qtrax rejects the complainant's; the complainant accepts Qtrax's.
    propose(page, "mediator", "Pat Rivera", "claimant")
    check_conflicts(page, "Pat Rivera")
    answer(page, "Pat Rivera", "respondent", "rejected")
    expect(proposal(page, "Pat Rivera").locator(".badge")).to_have_text("rejected")
    propose(page, "mediator", "Morgan Lee", "respondent")
    check_conflicts(page, "Morgan Lee")
    answer(page, "Morgan Lee", "claimant", "accepted")
    agreed = proposal(page, "Morgan Lee")
    expect(agreed.locator(".badge")).to_have_text("agreed by both sides")
    expect(agreed.locator("dd").nth(1)).to_contain_text("accepted")
    expect(agreed.locator("dd").nth(2)).to_contain_text("accepted")

    step(page, "Record agreement to mediate")
    expect(page.locator("#steps")).to_contain_text(
        "confidentiality agreement before a session is scheduled")
    step(page, "Both sides signed the confidentiality agreement", files={"document": pdf})
    step(page, "Schedule the mediation session", session_on=today(), session_time="10:00",
         venue="JAMS, 620 Eighth Avenue, New York, NY 10018")
    expect(page.locator(".badge").first).to_have_text("Mediation scheduled")
    step(page, "Record the session as held")
    step(page, "Record an impasse", selects={"declared_by": "mediator"}, checks=["in_writing"])
    # Only counsel files the demand: staff are not offered it.
    expect(page.get_by_role("button", name="File an arbitration demand", exact=True)
           ).to_have_count(0)

    logout()
    login("counsel")
    page.goto(f"/cases/{number}")
    expect(page.get_by_text("Consumer Due Process Protocol").first).to_be_visible()
    step(page, "File an arbitration demand", claim_amount="5,000.00",
         selects={"aaa_rules": "2025"})
    step(page, "Record the AAA's notice", aaa_case_number="01-26-0000-1234",
         notice_sent_on=today())
    propose(page, "arbitrator", "Sam Okafor", "aaa")
    check_conflicts(page, "Sam Okafor")
    answer(page, "Sam Okafor", "claimant", "accepted")
    answer(page, "Sam Okafor", "respondent", "accepted")
    expect(proposal(page, "Sam Okafor").locator(".badge")).to_have_text("agreed by both sides")
    step(page, "Record the arbitrator's appointment")
    step(page, "Proceed on documents only (desk)")
    step(page, "Record the record as closed")
    step(page, "Record the award as issued", amount="1,000.00",
         selects={"prevailing": "claimant"})
    step(page, "Record receipt of the award", files={"document": award})

    open_part(page, "Deadlines")
    deadlines = page.locator("#deadlines")
    expect(deadlines.get_by_role("heading", name="Deadlines")).to_be_visible()
    expect(deadlines).to_contain_text("Apply to confirm the award (state court)")
    expect(deadlines).to_contain_text("Apply to confirm the award (FAA)")
    expect(deadlines).to_contain_text("Apply to vacate or modify the award (state court)")
    expect(deadlines).to_contain_text("CPLR 7511")
    expect(deadlines).to_contain_text("CPLR 7510")
    expect(deadlines.get_by_text("meet this one")).to_have_count(2)
    open_part(page, "Documents")
    expect(page.locator("#documents").filter(has_text="award.pdf")).to_be_visible()
    open_part(page, "Timeline")
    timeline = page.locator("#timeline")
    expect(timeline).to_contain_text("Award received")
    expect(timeline).not_to_contain_text("Aaa")
    expect(timeline).not_to_contain_text(re.compile(r"user:\d"))


def add_cost(page: Page, *, stage: str, kind: str, description: str, amount: str,
             incurred_by: str) -> None:
    open_part(page, "Costs")
    costs = page.locator("#costs")
    entry = costs.locator("details").filter(has=page.locator("summary", has_text="Add a cost"))
    if entry.get_attribute("open") is None:
        entry.locator("summary").click()
    entry.get_by_label("Stage").select_option(stage)
    entry.get_by_label("Kind").select_option(kind)
    entry.get_by_label("Description").fill(description)
    entry.get_by_label("Amount (USD)").fill(amount)
    entry.get_by_label("Incurred on").fill(today())
    entry.get_by_label("Incurred by").select_option(incurred_by)
    entry.get_by_role("button", name="Add cost").click()
    flash_says(page, "Cost added.")
    rows = page.locator("#costs table.ledger tbody tr")
    expect(rows.filter(has_text=description)).to_be_visible()


def test_counsel_records_costs_in_mediation_and_arbitration_and_reads_the_totals(
        page, tmp_path, login):
    number, _ = file_complaint(page, tmp_path, email="costs@example.com",
                               description="My listening history was shared with advertisers.")
    login("counsel")
    open_case_by_search(page, number)
    open_part(page, "Costs")
    expect(page.locator("#costs")).to_contain_text("No costs recorded.")

    # Mediation: the policy puts the mediator on the user; each side pays its own lawyer.
    add_cost(page, stage="mediation", kind="mediator_fee", description="Mediator, 2 sessions",
             amount="1,250.00", incurred_by="claimant")
    add_cost(page, stage="mediation", kind="attorney_fee",
             description="Our counsel, mediation", amount="2,000", incurred_by="respondent")
    # Arbitration: each side's own counsel again.
    add_cost(page, stage="arbitration", kind="attorney_fee",
             description="Claimant's counsel, arbitration", amount="900.50",
             incurred_by="claimant")
    add_cost(page, stage="arbitration", kind="attorney_fee",
             description="Our counsel, arbitration", amount="3,100", incurred_by="respondent")

    totals = page.locator("#costs table.totals")
    expect(totals.locator("caption")).to_have_text("Totals per party (USD)")

    def row(name: str):
        return totals.locator("tbody tr").filter(
            has=page.get_by_role("rowheader", name=name, exact=True))

    # Incurred, paid, outstanding per party; nothing paid yet.
    expect(row("Complainant").locator("td")).to_have_text(
        ["$2,150.50", "$0.00", "$2,150.50"])
    expect(row("Qtrax").locator("td")).to_have_text(["$5,100.00", "$0.00", "$5,100.00"])
    expect(row("All").locator("td")).to_have_text(["$7,250.50", "$0.00", "$7,250.50"])
    expect(row("Mediation, both sides").locator("td").first).to_have_text("$3,250.00")
    expect(row("Arbitration, both sides").locator("td").first).to_have_text("$4,000.50")


def test_a_mediation_room_qtrax_booked_is_the_users_and_qtraxs_lawyer_is_qtraxs(
        page, tmp_path, login):
    number, _ = file_complaint(page, tmp_path, email="room@example.com",
                               description="My email address was sold to a marketer.")
    login("counsel")
    open_case_by_search(page, number)
    # The policy: mediation costs other than attorney fees are the user's, whoever incurred
    # them; attorney fees stay with the side that incurred them.
    add_cost(page, stage="mediation", kind="room", description="Room Qtrax booked",
             amount="400", incurred_by="respondent")
    add_cost(page, stage="mediation", kind="attorney_fee", description="Qtrax's counsel",
             amount="1,500", incurred_by="respondent")
    rows = page.locator("#costs table.ledger tbody tr")

    def shares(description: str):
        # The ledger's amount, complainant's share and Qtrax's share, each share with its %.
        return rows.filter(has_text=description).locator("td.num")

    expect(shares("Room Qtrax booked")).to_have_text(
        ["$400.00", "$400.00 100%", "$0.00 0%", "$0.00"])
    expect(shares("Qtrax's counsel")).to_have_text(
        ["$1,500.00", "$0.00 0%", "$1,500.00 100%", "$0.00"])


def test_a_manager_reads_the_weekly_report_changes_week_and_downloads_it(
        page, live_server, login):
    login("viewer")
    page.goto("/reports/weekly")
    heading = page.get_by_role("heading", level=1)
    expect(heading).to_contain_text("Weekly report")
    first = re.search(r"\d{4}-W\d{2}", heading.inner_text()).group(0)

    # The previous-week link, then the week picker.
    page.locator("a[rel=prev]").first.click()
    expect(heading).not_to_contain_text(first)
    previous = re.search(r"\d{4}-W\d{2}", heading.inner_text()).group(0)
    assert previous < first
    page.get_by_label("Week", exact=True).fill(first)
    page.get_by_role("button", name="Show").click()
    expect(heading).to_contain_text(first)
    assert f"week={first}" in page.url

    with page.expect_download() as pdf_info:
        page.get_by_role("link", name="PDF", exact=True).click()
    pdf = pdf_info.value
    assert pdf.suggested_filename.endswith(".pdf"), pdf.suggested_filename
    with open(pdf.path(), "rb") as fh:
        assert fh.read(5) == b"%PDF-"

    with page.expect_download() as csv_info:
        page.get_by_role("link", name="CSV", exact=True).click()
    csv = csv_info.value
    assert csv.suggested_filename.endswith(".csv"), csv.suggested_filename
    with open(csv.path(), encoding="utf-8-sig") as fh:
        assert fh.read().strip(), "the CSV is empty"
