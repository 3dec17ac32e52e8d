"""A mass in a real browser: counsel confirms a flagged wave, imports the claimants' list,
takes one step for every case, and reads the fee forecast."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import ROOT

pytestmark = pytest.mark.e2e
SHOTS = Path(__file__).resolve().parent / "artifacts"
FIRM = "Labaton Mass Claims LLP"

# 25 open cases by one firm, written from one template: what a wave of demands looks like.
SEED = f"""
from qtrax_disputes.web.app import create_app
from tests import factories
app = create_app()
with app.app_context():
    for i in range(25):
        factories.make_case(
            "filed", name=f"Wave Claimant {{i}}", email=f"wave{{i}}@mail.example",
            account=f"wave{{i}}", category="unwanted_marketing",
            description=("Qtrax kept emailing me offers after I unsubscribed twice. "
                         f"Claimant number {{i}} asks for statutory damages."),
            parties=[{{"role": "claimant_counsel", "name": "M. Claims",
                       "organisation": "{FIRM}", "email": "intake@labaton.example"}}])
"""


def test_counsel_handles_a_wave_as_one(page, live_server, login, tmp_path):
    subprocess.run([sys.executable, "-c", SEED], cwd=ROOT, env=live_server.env, check=True,
                   timeout=300)
    login("counsel")
    page.goto("/masses")
    wave = page.locator(".wave", has_text=FIRM)
    expect(wave).to_contain_text("25 cases")
    wave.get_by_label("Name of the mass").fill("Labaton — marketing emails")
    wave.get_by_role("button", name="Confirm as a mass").click()
    expect(page.get_by_role("heading", name="Labaton — marketing emails")).to_be_visible()
    expect(page.locator("body")).to_contain_text("25 cases")

    sheet = tmp_path / "claimants.csv"
    sheet.write_text(
        "name,email,account,claim,incident date,counsel\n"
        "Ana Wave,ana.wave@mail.example,anawave,More marketing emails,2026-02-01,Labaton\n"
        "Ben Wave,ben.wave@mail.example,benwave,More marketing emails,2026-02-03,Labaton\n"
        ",nobody@mail.example,nobody,More marketing emails,2026-02-03,Labaton\n")
    page.get_by_label("Claimants' spreadsheet (CSV or XLSX)").set_input_files(str(sheet))
    page.get_by_role("button", name="Check the file").click()
    expect(page.locator("body")).to_contain_text("2 can be imported")
    expect(page.locator("table")).to_contain_text("no name")
    page.get_by_role("button", name="Import 2 cases").click()
    expect(page.locator(".count")).to_have_text("27 cases")

    page.goto("/masses")
    page.get_by_role("link", name="Labaton — marketing emails").click()
    page.get_by_label("Step to").select_option("triage")
    page.get_by_role("button", name="Next: the step's details").click()
    page.get_by_label("Date").fill(re.sub(r"T.*", "", page.evaluate(
        "new Date().toISOString()")))
    page.get_by_role("button", name="See which cases can move").click()
    expect(page.get_by_role("heading", name="27 cases will move; 0 cannot")).to_be_visible()
    page.get_by_role("button", name="Move 27 cases").click()
    expect(page.get_by_role("heading", name="Done")).to_be_visible(timeout=60_000)
    expect(page.get_by_role("status")).to_contain_text("27 moved · 0 refused · 0 to go")

    page.get_by_role("link", name="back to the mass").click()
    chart = page.locator("figure.chart")
    expect(chart.locator("svg title")).to_contain_text("What the business pays")
    expect(chart.locator("polyline")).to_have_count(3)
    expect(chart.locator("figcaption")).to_contain_text("To a hearing: $")
    SHOTS.mkdir(exist_ok=True)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"mass-{width}.png"), full_page=True)
        assert page.evaluate("document.documentElement.scrollWidth") <= width

