"""The complainant's side, in a real Chromium on a phone, with a real SMTP server on loopback:
they file with an attachment after a refused submit without choosing the file again, read
their status page (no rule code, no internal note), accept the mediator Qtrax proposes, write
to staff with an attachment, and read the update emails that arrive, both their parts."""

from __future__ import annotations

import re
import subprocess

import pytest
from playwright.sync_api import Page, expect

from ..web.helpers import email_parts
from .conftest import FLASK, ROOT
from .test_journeys import PDF_BYTES, PNG_BYTES, open_case_by_search, real_file, step

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
EMAIL = "maria.lopez@example.com"
DISCLOSURE = "Mediated one unrelated case for Qtrax in 2025; no other link to either side."
# What must never reach the complainant: rule codes (CPLR7511_VACATE, AAA_ANSWER), marks of
# verification, and the internal words of the deadline explanations.
INTERNAL = re.compile(r"\b[A-Z]{3,}\d*_[A-Z0-9_]+\b|verified|rule code|version 20\d\d\.\d")


def send_the_outbox(live_server) -> None:
    result = subprocess.run([str(FLASK), "--app", "app", "outbox", "send"], cwd=ROOT,
                            env=live_server.env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def emails_to(live_server, address: str) -> list:
    return [m for to, m in live_server.inbox.messages if address in to]


def file_after_a_refusal(page: Page, tmp_path) -> str:
    page.goto("/complaint")
    page.get_by_label("Your full name").fill("María López")
    page.get_by_label("Your email address").fill(EMAIL)
    page.get_by_label("Documents (optional)").set_input_files(
        [real_file(tmp_path, "the broker's email.pdf", PDF_BYTES)])
    page.get_by_role("button", name="File the complaint").click()
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator(".kept-list li")).to_contain_text("the broker's email.pdf")

    page.get_by_label("Your Qtrax account").fill("mlopez")
    page.get_by_label("What is the complaint about?").select_option("email_sold")
    page.get_by_label("When did it happen?").fill("2026-10-01")
    page.get_by_label("What happened?").fill("Qtrax sold my email address to a data broker.")
    page.get_by_label("What would resolve it for you?").fill("Stop selling it, and delete it.")
    page.get_by_label(re.compile("I understand the dispute process")).check()
    page.get_by_role("button", name="File the complaint").click()
    expect(page.get_by_role("heading", name="Your complaint was received")).to_be_visible()
    number = page.locator(".case-number").inner_text()
    page.goto(page.locator("a.status-link").get_attribute("href"))
    return number


def staff_signed_in(browser, base_url, live_server):
    """Qtrax's staff in a browser of their own, beside the complainant's."""
    context = browser.new_context(base_url=base_url)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto("/login")
    page.get_by_label("Email").fill(live_server.emails["staff"])
    page.get_by_label("Password").fill(live_server.password)
    page.get_by_role("button", name="Sign in").click()
    return context, page


def staff_propose_a_mediator(browser, base_url, live_server, number: str) -> None:
    """Qtrax's side, in a browser of its own: the case to mediator selection, and a mediator
    proposed with the disclosures recorded and the conflict check run."""
    context, page = staff_signed_in(browser, base_url, live_server)
    open_case_by_search(page, number)
    step(page, "Start triage")
    step(page, "Request mediation")
    step(page, "Start mediator selection")
    from .test_journeys import open_part, proposal, propose

    propose(page, "mediator", "Rowan Ellery", "respondent")
    card = proposal(page, "Rowan Ellery")
    card.get_by_label("The neutral's disclosures").fill(DISCLOSURE)
    card.get_by_role("button", name="Record disclosures and check conflicts").click()
    expect(page.locator(".flashes")).to_contain_text("Conflict check recorded")
    open_part(page, "Overview")
    context.close()


def staff_answer(browser, base_url, live_server, number: str, text: str) -> None:
    context, page = staff_signed_in(browser, base_url, live_server)
    page.goto(f"/cases/{number}?section=timeline")
    expect(page.locator("#messages")).to_contain_text("the screenshot.png")
    page.get_by_label("Message to the complainant").fill(text)
    page.get_by_role("button", name=re.compile("^Send")).click()
    expect(page.locator(".flashes")).to_be_visible()
    context.close()


def test_the_complainant_files_reads_accepts_the_mediator_writes_and_is_emailed(
        page: Page, browser, base_url, live_server, tmp_path):
    page.set_viewport_size(PHONE)
    number = file_after_a_refusal(page, tmp_path)
    status_url = page.url

    # The status page, in plain words.
    expect(page.get_by_role("heading", name=re.compile("Where your case stands"))).to_be_visible()
    expect(page.get_by_text("the broker's email.pdf")).to_be_visible()
    assert not INTERNAL.search(page.locator("main").inner_text())

    # Qtrax proposes a mediator; the complainant sees who, with the disclosure, and accepts.
    staff_propose_a_mediator(browser, base_url, live_server, number)
    page.goto(status_url)
    mediator = page.locator(".card", has=page.get_by_role("heading", name="Your mediator"))
    expect(mediator).to_contain_text(DISCLOSURE)
    mediator.get_by_role("button", name="I accept Rowan Ellery").click()
    expect(page.locator("main")).to_contain_text("Both sides have agreed on Rowan Ellery")
    assert not INTERNAL.search(page.locator("main").inner_text())

    # They write to staff, with an attachment; staff answer.
    messages = page.locator("#messages")
    messages.get_by_label("Your message").fill("Here is the screenshot of the broker's offer.")
    messages.get_by_label("Attach documents (optional)").set_input_files(
        [real_file(tmp_path, "the screenshot.png", PNG_BYTES)])
    messages.get_by_role("button", name="Send message").click()
    expect(page.locator("#messages")).to_contain_text("Here is the screenshot")
    expect(page.locator("#messages")).to_contain_text("the screenshot.png")
    staff_answer(browser, base_url, live_server, number, "Thank you: we have it.")
    page.goto(status_url)
    expect(page.locator("#messages")).to_contain_text("Thank you: we have it.")

    # What reached their mailbox: the receipt and the updates, each in two parts, each with
    # a link back that opens their case.
    send_the_outbox(live_server)
    received = {m["Subject"]: m for m in emails_to(live_server, EMAIL)}
    subjects = " | ".join(received)
    assert any("was received" in s for s in received), subjects
    assert any("mediator has been proposed" in s for s in received), subjects
    assert any("message from Qtrax" in s for s in received), subjects
    for subject, message in received.items():
        text, html = email_parts(message)
        assert number in text and number in html, subject
        assert not INTERNAL.search(text), subject
        link = re.search(r"https?://[^\s\"<>]+/status/[A-Za-z0-9_-]{20,}", text)
        assert link, f"no link back in {subject!r}"
        assert link.group(0) in html, subject
        page.goto(link.group(0))
        expect(page.get_by_role("heading", level=1)).to_contain_text(number)
        assert message["Message-ID"] and message["Date"], subject

    # The same page in Spanish, from the link in its header; the messages and the mediator
    # in it, and still nothing internal.
    page.goto(status_url)
    page.get_by_role("link", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_role("heading", name=re.compile("^Estado de su caso"))).to_be_visible()
    expect(page.get_by_role("heading", name="Mensajes")).to_be_visible()
    expect(page.locator("#messages")).to_contain_text("Thank you: we have it.")
    assert not INTERNAL.search(page.locator("main").inner_text())
    assert page.evaluate("document.documentElement.scrollWidth - "
                         "document.documentElement.clientWidth") <= 0
