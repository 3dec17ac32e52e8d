"""The complaint form forgives, in a real Chromium on a phone-sized screen: a file chosen before
a refused submit is filed without being chosen again, nothing scrolls sideways at 390 px, and
every control is at least 24 px square."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from .test_journeys import CASE_NUMBER, PDF_BYTES, real_file

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
# A phone's own name for a screenshot: long, and with no space to wrap at.
LONG_NAME = "Screenshot_20261001_142205_the_email_from_a_sender_I_never_gave_my_address.pdf"

# Every control a person can touch, with its size; hidden inputs and visually hidden helpers
# (the skip link, the honeypot, the Enter-key default button) are not targets.
TARGETS = """() => [...document.querySelectorAll('a, button, input, select, textarea, summary')]
  .filter((el) => el.type !== 'hidden' && !el.closest('.visually-hidden')
          && !el.classList.contains('visually-hidden') && !el.classList.contains('skip-link'))
  .map((el) => { const r = el.getBoundingClientRect();
                 return {what: el.outerHTML.slice(0, 90), width: r.width, height: r.height}; })
  .filter((t) => t.width > 0 && t.height > 0)"""


def assert_fits_a_phone(page: Page, what: str) -> None:
    sideways = page.evaluate("document.documentElement.scrollWidth - "
                             "document.documentElement.clientWidth")
    assert sideways <= 0, f"{what} scrolls sideways by {sideways} px at 390 px"
    small = [t for t in page.evaluate(TARGETS) if t["width"] < 24 or t["height"] < 24]
    assert not small, f"touch targets under 24 px on {what}: {small}"


def test_a_file_chosen_before_a_refused_submit_is_filed_without_choosing_it_again(
        page: Page, tmp_path):
    page.set_viewport_size(PHONE)
    page.goto("/complaint")
    assert_fits_a_phone(page, "the complaint form")
    page.get_by_label("Your full name").fill("Kept Files")
    page.get_by_label("Your email address").fill("kept.files@example.com")
    page.get_by_label("Documents (optional)").set_input_files(
        [real_file(tmp_path, LONG_NAME, PDF_BYTES)])
    page.get_by_role("button", name="File the complaint").click()

    # Refused: the summary names what is missing, the file is shown as kept.
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary.get_by_role("link", name=re.compile("^Acknowledgement:"))).to_be_visible()
    kept = page.locator(".kept-list li")
    expect(kept).to_have_count(1)
    expect(kept).to_contain_text(LONG_NAME)
    expect(page.get_by_label("Your full name")).to_have_value("Kept Files")
    assert_fits_a_phone(page, "the complaint form sent back with a kept file")

    # The rest of the form, and no file chosen again.
    page.get_by_label("Your Qtrax account").fill("keptfiles")
    page.get_by_label("What is the complaint about?").select_option("email_sold")
    page.get_by_label("When did it happen?").fill("2026-10-01")
    page.get_by_label("What happened?").fill("My address was shared without my consent.")
    page.get_by_label("What would resolve it for you?").fill("Stop sharing it.")
    page.get_by_label(re.compile("I understand the dispute process")).check()
    page.get_by_role("button", name="File the complaint").click()
    expect(page.get_by_role("heading", name="Your complaint was received")).to_be_visible()
    assert CASE_NUMBER.fullmatch(page.locator(".case-number").inner_text())

    page.goto(page.locator("a.status-link").get_attribute("href"))
    expect(page.get_by_text(LONG_NAME)).to_be_visible()


def test_remove_takes_a_kept_file_off_the_form_without_javascript_or_losing_what_was_typed(
        browser, base_url, tmp_path):
    context = browser.new_context(base_url=base_url, java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto("/complaint")
    page.get_by_label("What happened?").fill("Typed before removing a file.")
    page.get_by_label("Documents (optional)").set_input_files(
        [real_file(tmp_path, "first.pdf", PDF_BYTES),
         real_file(tmp_path, "second.pdf", PDF_BYTES + b"% second\n")])
    page.get_by_role("button", name="File the complaint").click()
    expect(page.locator(".kept-list li")).to_have_count(2)
    page.get_by_role("button", name="Remove first.pdf").click()
    expect(page.locator(".kept-list li")).to_have_count(1)
    expect(page.locator(".kept-list li")).to_contain_text("second.pdf")
    expect(page.get_by_label("What happened?")).to_have_value("Typed before removing a file.")
    expect(page.locator(".error-summary")).to_have_count(0)
    context.close()
