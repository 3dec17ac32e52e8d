"""A forgotten password, in a real Chromium with a real SMTP server on loopback: "Forgot your
password?" on the sign-in page, the email read as it arrived, its link, a new password, and
the person signed in; the old password no longer opens the account, and the link works once.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from ..web.helpers import email_parts
from .conftest import _flask
from .test_complainant_side import emails_to, send_the_outbox

pytestmark = pytest.mark.e2e

# An account of this test's own: the session's shared accounts keep their password.
EMAIL = "forgetful@qtrax.example"
OLD_PASSWORD = "the first password I ever chose"
NEW_PASSWORD = "violet lantern harbour quietly"


def sign_in(page: Page, password: str) -> None:
    page.goto("/login")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def test_a_forgotten_password_is_reset_through_the_emailed_link(page: Page, live_server):
    _flask(live_server.env, "users", "create", EMAIL, "--role", "staff", "--name",
           "Fran Getful", stdin=OLD_PASSWORD + "\n")

    page.goto("/login")
    page.get_by_role("link", name="Forgot your password?").click()
    expect(page.get_by_role("heading", name="Forgot your password?")).to_be_visible()
    page.get_by_label("Email").fill(EMAIL.upper())
    page.get_by_role("button", name="Email me a link").click()
    expect(page.get_by_role("heading", name="Check your email")).to_be_visible()

    send_the_outbox(live_server)
    message, = emails_to(live_server, EMAIL)
    assert message["Subject"] == "Reset your Qtrax Disputes password"
    text, html = email_parts(message)
    link = re.search(r"http://\S+/password/reset/[A-Za-z0-9_-]+", text).group(0)
    assert link in html and "within 1 hour" in text

    page.goto(link)
    expect(page.get_by_role("heading", name="Choose a new password")).to_be_visible()
    page.get_by_label("New password", exact=True).fill("password1234")
    page.get_by_label("New password again").fill("password1234")
    page.get_by_role("button", name="Change my password").click()
    expect(page.locator("#password-error")).to_be_visible()  # zxcvbn's words, at the field
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Change my password").click()
    expect(page.get_by_text("Your password was changed; you are signed in.")).to_be_visible()
    assert "/login" not in page.url and "/password/" not in page.url

    page.get_by_role("button", name=re.compile("Sign out", re.I)).first.click()
    page.goto(link)  # used once already
    expect(page.get_by_role("heading", name="This link cannot be used")).to_be_visible()
    expect(page.get_by_role("link", name="Email me a new link")).to_be_visible()

    sign_in(page, OLD_PASSWORD)
    assert "/login" in page.url
    expect(page.locator("#password-error")).to_contain_text("not right")
    sign_in(page, NEW_PASSWORD)
    assert "/login" not in page.url
