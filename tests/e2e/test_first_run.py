"""A new installation in a real browser: the console's setup link makes the first administrator."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .conftest import FLASK, ROOT, _flask, _free_port, serving

SHOTS = Path(__file__).resolve().parent / "artifacts"
pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def new_installation(tmp_path_factory):
    """A server over an empty database, as `make run` leaves it the first time."""
    base = tmp_path_factory.mktemp("first-run")
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "INSTANCE_PATH": str(base / "instance"),
           "DATABASE_URL": f"sqlite:///{base / 'new.db'}", "UPLOAD_DIR": str(base / "uploads"),
           "REPORT_DIR": str(base / "reports"), "PUBLIC_BASE_URL": url, "FLASK_DEBUG": "0"}
    env.pop("TEST_DATABASE_URL", None)
    env.pop("SECRET_KEY", None)  # generated into the instance folder, as on a real first run
    _flask(env, "db", "upgrade")
    with serving(env, port, base):
        yield url, env


def test_the_first_administrator_comes_from_the_link_make_run_prints(page, new_installation):
    url, env = new_installation
    page.goto(f"{url}/login")
    expect(page.get_by_role("heading", name="No account exists yet")).to_be_visible()

    # The command `make run` runs before serving (Makefile), with the same settings.
    printed = subprocess.run(
        [str(FLASK), "--app", "app", "users", "setup-link", "--if-needed", "--url", url],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60, check=True).stdout
    link = re.search(re.escape(url) + r"/setup/\S+", printed).group(0)

    page.goto(link)
    page.set_viewport_size({"width": 390, "height": 844})
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / "first-run-390.png"), full_page=True)
    page.get_by_label("Your name").fill("Ada Admin")
    page.get_by_label("Email").fill("ada@firm.example")
    page.get_by_label("Password", exact=True).fill("Password123!")
    page.get_by_label("Password again").fill("Password123!")
    page.get_by_role("button", name="Create the administrator").click()
    expect(page.locator("#password-error")).to_contain_text("commonly used password")
    expect(page.get_by_label("Email")).to_have_value("ada@firm.example")

    page.get_by_label("Password", exact=True).fill("vivid lantern oboe tuba")
    page.get_by_label("Password again").fill("vivid lantern oboe tuba")
    page.get_by_role("button", name="Create the administrator").click()
    expect(page.get_by_role("heading", name="Staff accounts")).to_be_visible()
    expect(page.locator('td[data-label="Email"]', has_text="ada@firm.example")).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": 800})
    page.screenshot(path=str(SHOTS / "first-run-done-1280.png"), full_page=True)

    # The link has done its work: it now leads to the sign-in page, which no longer mentions it.
    page.context.clear_cookies()
    page.goto(link)
    assert page.url.endswith("/login")
    expect(page.get_by_text("No account exists yet")).to_have_count(0)
