"""A global settlement in a real browser, on the claimant's side: the offer on their status
page, the confirm step, and the page that says it is accepted, on a phone and a desktop."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from .conftest import ROOT

pytestmark = pytest.mark.e2e
SHOTS = Path(__file__).resolve().parent / "artifacts"
TERMS = ("Full release of all claims about the listening history shared with advertisers; "
         "no admission of liability. Payment within 30 days of the signed release.")

# One claimant of a mass to whom Qtrax offers $2,500 (their category's amount), open 30 days.
SEED = f"""
from datetime import timedelta
from qtrax_disputes.core.clock import today
from qtrax_disputes.mass import operations, settlement
from qtrax_disputes.web.app import create_app
from tests import factories
app = create_app()
with app.app_context():
    made = factories.make_case("triage", name="Dana Offer", email="dana.offer@mail.example",
                               account="danaoffer", category="email_sold")
    mass = operations.create_mass("Offer wave {{}}".format(made.number), case_ids=[made.id])
    settlement.make_offer(mass, per_claimant_cents=150_000,
                          by_category={{"email_sold": 250_000}},
                          made_on=today() - timedelta(days=3),
                          accept_by=today() + timedelta(days=30), terms={TERMS!r},
                          on_status_pages=True)
    print(made.status_path)
"""


def _seeded(live_server) -> str:
    done = subprocess.run([sys.executable, "-c", SEED], cwd=ROOT, env=live_server.env,
                          check=True, timeout=300, capture_output=True, text=True)
    return done.stdout.strip().splitlines()[-1]


def _fits(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]


@pytest.mark.parametrize("width", [390, 1280])
def test_a_claimant_reads_the_offer_and_accepts_it(page, live_server, width):
    status_path = _seeded(live_server)
    page.set_viewport_size({"width": width, "height": 900})
    SHOTS.mkdir(exist_ok=True)
    page.goto(status_path)
    offer = page.locator("#settlement")
    expect(offer.get_by_role("heading", name="An offer to settle your case")).to_be_visible()
    expect(offer.locator(".offer-amount")).to_have_text("$2,500.00")
    expect(offer).to_contain_text(TERMS)
    expect(offer).to_contain_text("The last day to accept is")
    _fits(page)
    offer.screenshot(path=str(SHOTS / f"settlement-offer-{width}.png"))

    offer.get_by_role("link", name="Review and accept the offer").click()
    expect(page.get_by_role("heading", name="Accept the offer to settle your case")).to_be_visible()
    _fits(page)
    page.screenshot(path=str(SHOTS / f"settlement-confirm-{width}.png"), full_page=True)
    page.get_by_role("button", name="I accept the offer of $2,500.00").click()

    expect(page.get_by_text("Thank you: your acceptance is recorded.")).to_be_visible()
    expect(page.get_by_role("heading", name="Your settlement")).to_be_visible()
    expect(page.locator("#settlement")).to_contain_text(
        "You accepted Qtrax's offer of $2,500.00 to settle your case on")
    expect(page.get_by_role("link", name="Review and accept the offer")).to_have_count(0)
    _fits(page)
    page.screenshot(path=str(SHOTS / f"settlement-accepted-{width}.png"))
